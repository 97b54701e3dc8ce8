package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.larder.core.ErrorCode;
import dev.larder.core.InvalidDefinitionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of definition error, with the message users see. */
class DefinitionErrorsTest {
  private static final String ENTITY =
      "entities:\n  - {name: sample, join_keys: [sample_index], value_type: INT64}\n";
  private static final String SOURCE =
      "sources:\n  - {name: src, type: file, path: x.parquet, timestamp_field: ts}\n";

  @TempDir Path repo;

  @Test
  void unknownSectionSuggestsTheClosest() throws IOException {
    assertThat(error("entites: []\n"))
        .hasMessage(
            file(1)
                + ": definitions file: unknown key 'entites'; did you mean 'entities'? Valid keys:"
                + " entities, sources, feature_views, feature_services, permissions")
        .extracting(InvalidDefinitionException::code)
        .isEqualTo(ErrorCode.INVALID_DEFINITION);
  }

  @Test
  void unknownKeyNamesTheObjectAndTheValidKeys() throws IOException {
    assertThat(error(ENTITY + SOURCE + view("    ttll: 3600\n")))
        .hasMessage(
            file(10)
                + ": feature view 'v': unknown key 'ttll'; did you mean 'ttl'? Valid keys: name,"
                + " entities, ttl, source, schema, online, description, tags, owner");
  }

  @Test
  void wrongTypesSayWhatWasExpected() throws IOException {
    assertThat(error(ENTITY + SOURCE + view("    online: maybe\n")))
        .hasMessage(file(10) + ": feature view 'v': 'online' must be true or false, got 'maybe'");
    assertThat(error("entities:\n  - {name: sample, join_keys: sample_index, value_type: INT64}\n"))
        .hasMessage(
            file(2)
                + ": entity 'sample': 'join_keys' must be a list, like [sample_index], got"
                + " 'sample_index'");
    assertThat(error("feature_views: {name: v}\n"))
        .hasMessageStartingWith(
            file(1)
                + ": definitions file: 'feature_views' must be a list, like - {name: v, entities:"
                + " [e], source: s}, got a mapping");
    assertThat(error("entities:\n  - sample\n"))
        .hasMessageStartingWith(
            file(2) + ": entity #1 in entities must be a mapping of keys to values");
  }

  @Test
  void missingKeysSayHowToAddThem() throws IOException {
    assertThat(error("entities:\n  - {name: sample, join_keys: [id]}\n"))
        .hasMessage(
            file(2)
                + ": entity 'sample': 'value_type' is missing; add value_type: INT64 (or INT32, STRING, BYTES, …)");
    assertThat(error(ENTITY + "feature_views:\n  - {name: v, entities: [sample], schema: []}\n"))
        .hasMessage(
            file(4)
                + ": feature view 'v': 'source' is missing; name the source it reads, e.g. source: my_source");
    assertThat(
            error(
                SOURCE
                    + "feature_views:\n  - {name: v, source: src, schema: [{name: f, dtype: Int64}]}\n"))
        .hasMessage(
            file(4)
                + ": feature view 'v': 'entities' is missing; list its entities (entities:"
                + " [sample]), or write entities: [] for a view joined on time only");
    assertThat(error("entities:\n  - {join_keys: [id]}\n"))
        .hasMessage(
            file(2)
                + ": entity #1 in entities: 'name' is missing; give it a name, e.g. name: my_entity");
  }

  @Test
  void badDtypeValueTypeAndTtlPointAtTheirLine() throws IOException {
    assertThat(error(ENTITY + SOURCE + view("").replace("dtype: Int64", "dtype: Float")))
        .hasMessage(
            file(9)
                + ": feature view 'v': feature 'f': dtype 'Float' is not a feature type; did you"
                + " mean 'Float32'? Use one of Int32, Int64, Float32, Float64, String, Bool, Bytes,"
                + " UnixTimestamp, Map, Json or Array(<type>)");
    assertThat(error("entities:\n  - name: e\n    join_keys: [id]\n    value_type: LONG\n"))
        .hasMessageStartingWith(file(4) + ": entity 'e': value_type 'LONG' is not a value type");
    assertThat(error(ENTITY + SOURCE + view("    ttl: 2 hours\n")))
        .hasMessage(
            file(10)
                + ": feature view 'v': ttl '2 hours' is not a duration; write 0 (or leave ttl out)"
                + " for unlimited, a number of seconds (3600), 90m, 2h, 7d, or ISO-8601 such as"
                + " PT1H");
    assertThat(error(ENTITY + SOURCE + view("    ttl: -60\n")))
        .hasMessageStartingWith(file(10) + ": feature view 'v': ttl '-60' is negative");
  }

  @Test
  void recordChecksArePlacedAtTheObject() throws IOException {
    assertThat(error("entities:\n  - {name: my-entity, join_keys: [id], value_type: INT64}\n"))
        .hasMessage(
            file(2)
                + ": entity name 'my-entity' is not a valid name: use letters, digits and _ only"
                + " (e.g. 'my_entity')");
    assertThat(
            error(
                ENTITY
                    + SOURCE
                    + view("")
                        .replace(
                            "[{name: f, dtype: Int64}]",
                            "[{name: f, dtype: Int64}, {name: f, dtype: Bool}]")))
        .hasMessage(
            file(6) + ": feature view 'v': feature 'f' is listed twice in schema; list it once");
  }

  @Test
  void unknownReferencesAndDuplicatesNameTheFileAndTheFix() throws IOException {
    assertThat(
            error(ENTITY + SOURCE + view("").replace("entities: [sample]", "entities: [sampel]")))
        .hasMessage(
            file(6)
                + ": feature view 'v': uses entity 'sampel', which is not defined; did you mean"
                + " 'sample'? Define it under entities: or fix the name (defined: sample)");
    Files.writeString(repo.resolve("a.yaml"), ENTITY);
    assertThat(error(ENTITY))
        .hasMessage(
            file(2)
                + ": entity 'sample' is defined twice (first at "
                + repo.resolve("a.yaml")
                + ":2); rename one, or delete the copy");
  }

  @Test
  void pushSourcesNeedAFileSourceAsBatchSource() throws IOException {
    assertThat(error(SOURCE + "  - {name: p, type: push, batch_source: scr}\n"))
        .hasMessage(
            file(3)
                + ": push source 'p': batch_source 'scr' is not a defined source; did you mean"
                + " 'src'? Define it under sources: with type: file or type: spark (defined sources:"
                + " src, p)");
    assertThat(
            error(
                SOURCE
                    + "  - {name: p, type: push, batch_source: src}\n  - {name: q, type: push, batch_source: p}\n"))
        .hasMessage(
            file(4)
                + ": push source 'q': batch_source 'p' is a push source; a push source's"
                + " batch_source must be a file source (type: file) or a spark source (type:"
                + " spark)");
    assertThat(
            error(
                "sources:\n  - name: p\n    type: push\n    batch_source: {name: b, type: push}\n"))
        .hasMessage(
            file(4)
                + ": push source 'p': batch_source 'b': a push source's batch_source must be a file"
                + " source (type: file) or a spark source (type: spark), not type: push");
    assertThat(error("sources:\n  - {name: k, type: kafka}\n"))
        .hasMessage(
            file(2)
                + ": source 'k': type 'kafka' is not a source type. Use type: file (a Parquet or CSV"
                + " file), type: spark (a Spark table or query, read by the Spark offline engine)"
                + " or type: push");
    assertThat(error("sources:\n  - {name: k, path: x.parquet}\n"))
        .hasMessage(
            file(2)
                + ": source 'k': 'type' is missing; add type: file (a Parquet or CSV file), type:"
                + " spark (a Spark table or query, read by the Spark offline engine) or type: push");
    assertThat(
            error(
                "sources:\n  - {name: k, type: file, path: x.parquet, timestamp_field: ts, batch_source: y}\n"))
        .hasMessageStartingWith(
            file(2)
                + ": file source 'k': unknown key 'batch_source'. Valid keys: name, type, path");
  }

  @Test
  void servicesRejectEmptyFeatureListsAndBadVersions() throws IOException {
    String base = ENTITY + SOURCE + view("") + "feature_services:\n  - name: fs\n    features:\n";
    assertThat(error(base + "      - {feature_view: v, features: []}\n"))
        .hasMessage(
            file(13)
                + ": feature service 'fs': feature_view 'v': 'features' is empty; leave it out to take every feature");
    assertThat(error(base + "      - {feature_view: v, version: two}\n"))
        .hasMessage(
            file(13)
                + ": feature service 'fs': feature_view 'v': version 'two' is not a version; write 2"
                + " (or v2) to pin version 2, or leave version out for the latest");
    assertThat(error(base + "      - {feature_view: v, features: [g]}\n"))
        .hasMessageStartingWith(
            file(11) + ": feature service 'fs': feature 'g' is not in feature view 'v'.");
  }

  @Test
  void permissionErrorsNameTheLineAndTheFix() throws IOException {
    String head = "permissions:\n  - name: readers\n";
    String rest = "    actions: [describe]\n    policy: {roles: [reader]}\n";
    assertThat(error(head + "    types: [feature_veiw]\n" + rest))
        .hasMessage(
            file(3)
                + ": permission 'readers': unknown type 'feature_veiw'; did you mean"
                + " 'feature_view'? Types: entity, data_source, feature_view, feature_service,"
                + " permission, or all");
    assertThat(error(head + "    types: [all, entity]\n" + rest))
        .hasMessage(
            file(3)
                + ": permission 'readers': types lists all with other types; all covers every"
                + " type, so write types: [all] alone");
    assertThat(
            error(
                head
                    + "    types: [all]\n    actions: [read_onlin]\n"
                    + "    policy: {roles: [reader]}\n"))
        .hasMessage(
            file(4)
                + ": permission 'readers': unknown action 'read_onlin'; did you mean"
                + " 'read_online'? Actions: create, describe, update, delete, read_online,"
                + " read_offline, write_online, write_offline");
    assertThat(error(head + "    types: [all]\n    actions: [describe]\n"))
        .hasMessage(
            file(2)
                + ": permission 'readers': 'policy' is missing; say who is allowed, e.g. policy:"
                + " {roles: [reader]}");
    assertThat(error(head + "    types: [all]\n    action: [describe]\n"))
        .hasMessageStartingWith(
            file(4) + ": permission 'readers': unknown key 'action'; did you mean 'actions'?");
    assertThat(
            error(
                head
                    + "    types: [all]\n    actions: [describe]\n"
                    + "    policy: {roles: [reader], users: [ana]}\n"))
        .hasMessageStartingWith(
            file(5) + ": permission 'readers': policy: unknown key 'users'. Valid keys: roles");
    assertThat(error(head + "    types: [all]\n    name_patterns: [\"(x\"]\n" + rest))
        .hasMessageStartingWith(
            file(2)
                + ": permission 'readers': name pattern '(x' is not a valid regular expression");
    assertThat(
            error(
                "permissions:\n  - {name: a b, types: [all], actions: [describe],"
                    + " policy: {roles: [r]}}\n"))
        .hasMessageStartingWith(
            file(2) + ": permission name 'a b' is not a valid name: use letters, digits");
  }

  @Test
  void syntaxErrorsAndRepeatedKeysPointAtTheLine() throws IOException {
    assertThat(error("entities:\n  - {name: a, join_keys: [id}\n"))
        .hasMessageStartingWith(file(2) + ": not valid YAML: ");
    assertThat(error("entities:\n  - name: a\n    name: b\n"))
        .hasMessage(file(3) + ": key 'name' is given twice in the same mapping; keep one");
  }

  @Test
  void aFileThatIsNotUtf8SaysSoWithTheLineAndTheFix() throws IOException {
    Files.write(
        repo.resolve("defs.yaml"),
        "entities:\n  - {name: sample, description: caf\u00e9}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    InvalidDefinitionException e =
        catchThrowableOfType(() -> DefinitionLoader.load(repo), InvalidDefinitionException.class);
    assertThat(e)
        .hasMessage(
            file(2)
                + ": the file is not UTF-8 text: byte 0xE9 at column 36 of that line is not valid"
                + " UTF-8");
    assertThat(e.hint()).contains("Save the file as UTF-8").contains("iconv");
    assertThat(e.getMessage() + e.hint()).doesNotContain("Exception");
  }

  /** A view {@code v} of entity sample and source src, starting at line 5, with extra lines. */
  private static String view(String extra) {
    return "feature_views:\n"
        + "  - name: v\n"
        + "    entities: [sample]\n"
        + "    source: src\n"
        + "    schema: [{name: f, dtype: Int64}]\n"
        + extra;
  }

  @Test
  void yamlThatIsNotAKeyIsNamedInWordsNotAsTheParsersEvent() throws IOException {
    // found by RepoFilesFuzzTest: the parser's events showed as <org.yaml.snakeyaml.events.…>
    assertThat(error("*entities: []\n"))
        .hasMessage(
            file(1)
                + ": not valid YAML: a mapping key must be a plain value, not an alias"
                + " (*entities)")
        .hasMessageNotContaining("org.yaml");
    assertThat(error("entities:\n  - {[name]: sample}\n"))
        .hasMessage(file(2) + ": not valid YAML: a mapping key must be a plain value, not a list");
    assertThat(error("entities:\n  - {{name: x}: sample}\n"))
        .hasMessage(
            file(2) + ": not valid YAML: a mapping key must be a plain value, not a mapping");
  }

  @Test
  void aliasesAreRefusedRatherThanReadAsTheirAnchorsName() throws IOException {
    assertThat(
            error(
                "entities:\n  - &e {name: sample, join_keys: [id], value_type: INT64}\n"
                    + "  - *e\n"))
        .hasMessage(file(3) + ": YAML aliases (*e) are not supported; write the value out in full");
  }

  @Test
  void aSourcePathThatCannotBeAPathIsRefusedWhenLoaded() throws IOException {
    // was accepted, then java.nio's InvalidPathException when plan or apply read the source
    assertThat(
            error(
                "sources:\n  - {name: s, type: file, path: \"x\\0.parquet\", timestamp_field:"
                    + " ts}\n"))
        .hasMessage(
            file(2)
                + ": file source 's': path is not a valid path (Nul character not allowed); give a"
                + " .parquet file, a directory of .parquet files or a .csv file, relative to the"
                + " repository");
  }

  @Test
  void aSecondYamlDocumentIsRefusedNotDropped() throws IOException {
    // the second document was silently ignored, with every definition in it
    assertThat(error("entities: []\n---\nentities:\n  - {name: e, join_keys: [id]}\n"))
        .hasMessage(
            file(3)
                + ": a second YAML document starts here; the file is read as one document, so"
                + " merge them, or remove the '---' between them");
  }

  @Test
  void yamlNestedTooDeeplyIsRefusedWithoutJavasNameForTheLimit() throws IOException {
    // the message named `StreamReadConstraints.getMaxNestingDepth()`
    assertThat(error("entities: " + "[".repeat(1200) + "\n"))
        .hasMessage(
            file(1)
                + ": not valid YAML: Document nesting depth (1001) exceeds the maximum allowed"
                + " (1000)");
  }

  private InvalidDefinitionException error(String text) throws IOException {
    Files.writeString(repo.resolve("defs.yaml"), text);
    try {
      DefinitionLoader.load(repo);
    } catch (InvalidDefinitionException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + text);
  }

  private String file(int line) {
    return repo.resolve("defs.yaml") + ":" + line;
  }
}
