package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.larder.core.LarderException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.DuckDbOfflineEngine;
import dev.larder.core.offline.DuckDbSettings;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OutputColumn;
import dev.larder.core.offline.ResultFileWriter;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The B5 golden cases of larder-core ({@code src/test/resources/golden}) on the Spark engine: each
 * case's CSV output and training frame must be the expected text, and the DuckDB engine's output
 * for the same request must be the same text (DESIGN B9: both engines return the same rows). Until
 * the test kit's engine-neutral contract exists, this reads core's case files.
 */
class GoldenCasesSparkTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path CASES = Path.of("../larder-core/src/test/resources/golden");

  private static SparkOfflineEngine owner;

  @TempDir Path repo;

  @BeforeAll
  static void startSpark(@TempDir Path anywhere) {
    owner = LocalSpark.start(anywhere);
  }

  @AfterAll
  static void stopSpark() {
    owner.close();
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenCase(Path file) throws Exception {
    JsonNode c = YAML.readTree(file.toFile());
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
    assertThat(result.duckDbCsv).isEqualTo(result.csv);
    assertThat(result.summary).isEqualTo(result.duckDbSummary);
    List<JsonNode> expectedWarnings = list(c.path("warnings"));
    assertThat(result.summary.warnings()).hasSize(expectedWarnings.size());
    for (int i = 0; i < expectedWarnings.size(); i++) {
      for (JsonNode part : list(expectedWarnings.get(i))) {
        assertThat(result.summary.warnings().get(i)).contains(part.asText());
      }
    }
  }

  private record Result(
      String csv,
      String frameCsv,
      RetrievalSummary summary,
      String duckDbCsv,
      RetrievalSummary duckDbSummary) {}

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
            entityFile.toString().endsWith(".csv")
                ? new EntityRows.CsvFile(entityFile)
                : new EntityRows.ParquetFile(entityFile),
            plan,
            request.path("filter_by_created_timestamp").asBoolean(false));
    try (OfflineEngine spark = LocalSpark.on(owner, repo)) {
      Path out = repo.resolve("out/result.csv");
      RetrievalSummary summary = spark.writeHistoricalFeatures(historical, out);
      TrainingFrame frame = spark.getHistoricalFeatures(historical);
      assertThat(frame.summary()).isEqualTo(summary);
      String csv = Files.readString(out);
      try (OfflineEngine duck = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
        Path duckOut = repo.resolve("out/duckdb.csv");
        RetrievalSummary duckSummary = duck.writeHistoricalFeatures(historical, duckOut);
        return new Result(
            csv,
            csv(frame, repo.resolve("out/frame.csv")),
            summary,
            Files.readString(duckOut),
            duckSummary);
      }
    }
  }

  /** The frame in the CSV text a result file holds (B2), through core's CSV writer. */
  static String csv(TrainingFrame frame, Path file) throws IOException {
    List<OutputColumn> columns = new ArrayList<>();
    for (FrameColumn c : frame.columns()) {
      ColumnType type =
          switch (c.kind()) {
            case LONG -> ColumnType.INT64;
            case DOUBLE -> ColumnType.FLOAT64;
            case STRING -> ColumnType.STRING;
            case BOOLEAN -> ColumnType.BOOL;
            case TIMESTAMP -> ColumnType.TIMESTAMP_TZ;
            case BYTES -> ColumnType.BYTES;
            case LIST -> throw new IllegalArgumentException("no list columns in golden cases");
          };
      columns.add(new OutputColumn(c.name(), type));
    }
    try (ResultFileWriter out = ResultFileWriter.open(file, columns)) {
      for (int row = 0; row < frame.rowCount(); row++) {
        List<Object> values = new ArrayList<>();
        for (FrameColumn c : frame.columns()) {
          values.add(c.get(row));
        }
        out.writeRow(values);
      }
      out.commit();
    }
    return Files.readString(file);
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

  /** Writes CSV text as is, or {@code {csv, types}} as a Parquet file with those DuckDB types. */
  static void write(Path path, JsonNode content) throws Exception {
    Files.createDirectories(path.getParent());
    if (content.isTextual()) {
      Files.writeString(path, content.asText(), StandardCharsets.UTF_8);
      return;
    }
    Path csv = path.resolveSibling(path.getFileName() + ".csv.txt");
    Files.writeString(csv, content.get("csv").asText(), StandardCharsets.UTF_8);
    List<String> select = new ArrayList<>();
    for (Map.Entry<String, JsonNode> t : content.get("types").properties()) {
      String id = "\"" + t.getKey().replace("\"", "\"\"") + "\"";
      select.add("CAST(" + id + " AS " + t.getValue().asText() + ") AS " + id);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "COPY (SELECT "
              + String.join(", ", select)
              + " FROM read_csv('"
              + csv.toString().replace("'", "''")
              + "', header = true, all_varchar = true, allow_quoted_nulls = false)) TO '"
              + path.toString().replace("'", "''")
              + "' (FORMAT PARQUET)");
    } finally {
      Files.delete(csv);
    }
  }
}
