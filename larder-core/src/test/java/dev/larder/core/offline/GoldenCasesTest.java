package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.larder.core.LarderException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden cases of point-in-time retrieval, one YAML file each under {@code golden/}: data
 * files, definitions, entity rows, a request, and the exact CSV text expected (or an error, or
 * warnings). Each case runs through CSV output and through Java ({@link TrainingFrame}), which must
 * agree.
 *
 * <p>Case file keys: {@code rule} (the DESIGN B5 rule it covers), {@code definitions} (the text of
 * a definitions file), {@code files} (path → CSV text, or {@code {csv, types}} for a Parquet file
 * written with those DuckDB column types), {@code entity_rows} (CSV text, or {@code {csv, types}}
 * for Parquet), {@code request} ({@code features} or {@code feature_service}, {@code
 * full_feature_names}, {@code filter_by_created_timestamp}), then {@code expected} (CSV text) with
 * optional {@code warnings} (one entry per warning: a substring or a list of them), or {@code
 * error} (substrings of the message and hint).
 */
class GoldenCasesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path repo;

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(GoldenCasesTest.class.getResource("/golden").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenCase(Path file) throws Exception {
    JsonNode c = YAML.readTree(file.toFile());
    assertThat(c.path("rule").asText()).as("every case names its rule").isNotBlank();
    Files.writeString(repo.resolve("features.yaml"), c.get("definitions").asText());
    for (Map.Entry<String, JsonNode> f : c.path("files").properties()) {
      write(repo.resolve(f.getKey()), f.getValue());
    }
    Path entityFile =
        repo.resolve(c.get("entity_rows").isTextual() ? "entity.csv" : "entity.parquet");
    write(entityFile, c.get("entity_rows"));
    JsonNode request = c.get("request");
    if (c.has("error")) {
      assertThatThrownBy(() -> run(request, entityFile))
          .isInstanceOf(LarderException.class)
          .satisfies(
              e -> {
                String text = e.getMessage() + "\n" + ((LarderException) e).hint();
                for (JsonNode part : list(c.get("error"))) {
                  assertThat(text).contains(part.asText());
                }
              });
      return;
    }
    Result result = run(request, entityFile);
    assertThat(result.csv).isEqualTo(c.get("expected").asText());
    assertThat(result.frameCsv).isEqualTo(c.get("expected").asText());
    List<JsonNode> expectedWarnings = list(c.path("warnings"));
    assertThat(result.summary.warnings()).hasSize(expectedWarnings.size());
    for (int i = 0; i < expectedWarnings.size(); i++) {
      for (JsonNode part : list(expectedWarnings.get(i))) {
        assertThat(result.summary.warnings().get(i)).contains(part.asText());
      }
    }
  }

  private record Result(String csv, String frameCsv, RetrievalSummary summary) {}

  private Result run(JsonNode request, Path entityFile) throws IOException {
    RepoDefinitions defs = DefinitionLoader.load(repo);
    DefinitionLookup lookup = DefinitionLookup.of(defs);
    boolean full = request.path("full_feature_names").asBoolean(false);
    RetrievalPlan plan;
    if (request.has("feature_service")) {
      plan =
          RetrievalPlan.forService(
              defs.requireFeatureService(request.get("feature_service").asText()), lookup, full);
    } else {
      List<FeatureReference> refs = new ArrayList<>();
      request.get("features").forEach(r -> refs.add(FeatureReference.parse(r.asText())));
      plan = RetrievalPlan.forReferences(refs, lookup, full);
    }
    HistoricalRequest historical =
        new HistoricalRequest(
            EntityRows.file(entityFile),
            plan,
            request.path("filter_by_created_timestamp").asBoolean(false));
    // The file goes through ASOF joins, the frame through direct joins: both must give the rows.
    try (OfflineEngine asof = DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 1, 0));
        OfflineEngine direct =
            DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 1, Long.MAX_VALUE))) {
      Path out = repo.resolve("out/result.csv");
      RetrievalSummary summary = asof.writeHistoricalFeatures(historical, out);
      TrainingFrame frame = direct.getHistoricalFeatures(historical);
      assertThat(frame.summary()).isEqualTo(summary);
      return new Result(Files.readString(out), csv(frame), summary);
    }
  }

  /** The frame in the CSV text the engine writes. */
  static String csv(TrainingFrame frame) {
    StringBuilder out = new StringBuilder();
    StringJoiner header = new StringJoiner(",");
    frame.columns().forEach(col -> header.add(CsvResultWriter.field(col.name())));
    out.append(header).append('\n');
    for (int row = 0; row < frame.rowCount(); row++) {
      StringJoiner line = new StringJoiner(",");
      for (FrameColumn col : frame.columns()) {
        Object v = col.get(row);
        boolean float32 = false;
        line.add(v == null ? "" : CsvResultWriter.field(CsvResultWriter.text(v, float32)));
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (!node.isMissingNode()) {
      out.add(node);
    }
    return out;
  }

  /** Writes CSV text as is, or {@code {csv, types}} as a Parquet file with those types. */
  private static void write(Path path, JsonNode content) throws IOException, SQLException {
    Files.createDirectories(path.getParent());
    if (content.isTextual()) {
      Files.writeString(path, content.asText(), StandardCharsets.UTF_8);
      return;
    }
    Path csv = path.resolveSibling(path.getFileName() + ".csv.txt");
    Files.writeString(csv, content.get("csv").asText(), StandardCharsets.UTF_8);
    List<String> select = new ArrayList<>();
    for (Map.Entry<String, JsonNode> t : content.get("types").properties()) {
      select.add(
          "CAST("
              + Sql.id(t.getKey())
              + " AS "
              + t.getValue().asText()
              + ") AS "
              + Sql.id(t.getKey()));
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "COPY (SELECT "
              + String.join(", ", select)
              + " FROM read_csv("
              + Sql.literal(csv.toString())
              + ", header = true, all_varchar = true, allow_quoted_nulls = false)) TO "
              + Sql.literal(path.toString())
              + " (FORMAT PARQUET)");
    } finally {
      try {
        Files.delete(csv);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
