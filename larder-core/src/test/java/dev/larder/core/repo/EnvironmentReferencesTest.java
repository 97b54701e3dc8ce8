package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${NAME}} in {@code feature_store.yaml} (DESIGN B9), with the environment given as a map so
 * that no test depends on the real one (but the last).
 */
class EnvironmentReferencesTest {
  private static final Map<String, String> ENV =
      Map.of(
          "MEMORY", "2GB",
          "DIR", "scratch",
          "MAX_VALUES", "5000",
          "SECRET", "hunter2-s3cret",
          "EMPTY", "",
          "LOOKS_LIKE_A_REFERENCE", "${SECRET}");

  @TempDir Path repo;

  private RepoConfig load(String text) throws IOException {
    Files.writeString(repo.resolve(RepoConfig.FILE), text);
    return RepoConfig.load(repo, ENV::get);
  }

  private String file(int line) {
    return repo.resolve(RepoConfig.FILE) + ":" + line;
  }

  @Test
  void aReferenceInAnyStringValueIsTheVariablesValue() throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry: "data/${DIR}/registry.db"
            offline_store:
              type: duckdb
              memory_limit: ${MEMORY}
              temp_directory: "/tmp/${DIR}-${DIR}"
            feature_server: {max_request_values: "${MAX_VALUES}"}
            """);
    assertThat(config.registry().path("path")).contains(repo.resolve("data/scratch/registry.db"));
    assertThat(config.offlineStore().options())
        .containsEntry("memory_limit", "2GB")
        .containsEntry("temp_directory", "/tmp/scratch-scratch");
    assertThat(config.featureServer().maxRequestValues()).isEqualTo(5000);
  }

  @Test
  void anUnsetVariableIsAnErrorNamingItAndTheLine() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    project: p
                    registry: r.db
                    offline_store: {type: duckdb, memory_limit: "${MEMORY}${MISSING_LIMIT}"}
                    """))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(file(3) + ": environment variable 'MISSING_LIMIT' is not set")
        .hasFieldOrPropertyWithValue(
            "hint",
            "Set MISSING_LIMIT in the environment of the command (export MISSING_LIMIT=…), or"
                + " write the value in feature_store.yaml instead of ${MISSING_LIMIT} ($${ writes"
                + " a literal ${)");
  }

  @Test
  void dollarDollarBraceIsALiteralAndOtherDollarsAreThemselves() {
    assertThat(expand("$${DIR}")).isEqualTo("${DIR}");
    // read from the left: a '$' before the escape is itself
    assertThat(expand("a$$${DIR}")).isEqualTo("a$${DIR}");
    assertThat(expand("$${${DIR}}")).isEqualTo("${scratch}");
    assertThat(expand("5$ and $DIR and $$ and $")).isEqualTo("5$ and $DIR and $$ and $");
    assertThat(expand("${EMPTY}x")).isEqualTo("x");
    assertThat(expand("no references")).isEqualTo("no references");
  }

  @Test
  void aVariablesValueIsNeverReadForReferencesAgain() {
    assertThat(expand("${LOOKS_LIKE_A_REFERENCE}")).isEqualTo("${SECRET}");
  }

  @Test
  void malformedReferencesAreErrorsAtTheirLine() {
    assertThatThrownBy(() -> load("project: p\nregistry: \"data/${DIR\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            file(2)
                + ": '${' without a closing '}'; write ${NAME} for the environment variable NAME,"
                + " or $${ for a literal ${");
    for (String bad : List.of("${}", "${1DIR}", "${DIR-X}", "${ DIR}")) {
      assertThatThrownBy(() -> load("project: p\nregistry: r.db\nprovider: \"" + bad + "\"\n"))
          .as(bad)
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageStartingWith(
              file(3) + ": '" + bad + "' does not name an environment variable");
    }
  }

  /** Keys, numbers and booleans are not string values: only strings are read for references. */
  @Test
  void onlyStringValuesAreExpandedInMappingsAndLists() {
    YamlNode root =
        YamlNode.parse(
            """
            "${DIR}": ["${MEMORY}", 7, true, {inner: "x${DIR}"}]
            """,
            "t.yaml");
    YamlNode expanded = new EnvironmentReferences(ENV::get).expand(root);
    assertThat(expanded.plain())
        .isEqualTo(Map.of("${DIR}", List.of("2GB", 7L, true, Map.of("inner", "xscratch"))));
    assertThat(expanded.get("${DIR}").items().get(3).get("inner").where()).isEqualTo("t.yaml:1");
  }

  /**
   * A secret read from the environment does not reach the configuration's text (which a log or a
   * message may show), nor an error about another variable.
   */
  @Test
  void aSecretReadFromTheEnvironmentStaysOutOfTheConfigurationsText() throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry: r.db
            offline_store: {type: duckdb, memory_limit: "${SECRET}"}
            """);
    assertThat(config.offlineStore().options()).containsEntry("memory_limit", "hunter2-s3cret");
    assertThat(config.toString()).doesNotContain("hunter2").contains("memory_limit");
    assertThat(config.offlineStore())
        .hasToString("StoreConfig[type=duckdb, options=[memory_limit]]");
    assertThatThrownBy(
            () ->
                load(
                    "project: p\nregistry: r.db\n"
                        + "offline_store: {type: duckdb, memory_limit: \"${SECRET}${NOPE}\"}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageNotContaining("hunter2")
        .satisfies(
            e -> assertThat(((InvalidDefinitionException) e).hint()).doesNotContain("hunter2"));
  }

  @Test
  void theOneArgumentLoadReadsTheProcesssEnvironment() throws IOException {
    Map.Entry<String, String> variable =
        System.getenv().entrySet().stream()
            .filter(e -> e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*"))
            .filter(e -> e.getValue().matches("[A-Za-z0-9_.-]+"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no plain environment variable to read"));
    Files.writeString(
        repo.resolve(RepoConfig.FILE),
        "project: p\nregistry: \"data/${" + variable.getKey() + "}.db\"\n");
    assertThat(RepoConfig.load(repo).registry().path("path"))
        .contains(repo.resolve("data/" + variable.getValue() + ".db"));
  }

  private static String expand(String text) {
    return new EnvironmentReferences(ENV::get)
        .expand(YamlNode.parse("v: '" + text + "'", "t.yaml"))
        .get("v")
        .scalar();
  }
}
