package dev.larder.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.offline.duckdb.SourceSchemas;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source validation against real Parquet and CSV files written by DuckDB. */
class SourceValidatorTest {
  private static Connection duckdb;

  @TempDir Path repo;

  @BeforeAll
  static void startDuckDb() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void stopDuckDb() throws SQLException {
    duckdb.close();
  }

  /** Writes the result of {@code select} to {@code file} in the repo (Parquet, or CSV by name). */
  private void copy(String select, String file) throws SQLException, IOException {
    Path target = repo.resolve(file);
    Files.createDirectories(target.getParent());
    String format = file.endsWith(".csv") ? "(HEADER)" : "(FORMAT PARQUET)";
    try (Statement s = duckdb.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + target + "' " + format);
    }
  }

  /** The sample database's export: sample_index, event/created timestamps, 20 doubles, target. */
  private void writeClassificationData() throws SQLException, IOException {
    StringBuilder features = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      features.append(", random() AS feature_").append(i);
    }
    copy(
        "SELECT range AS sample_index, TIMESTAMP '2025-01-01' + INTERVAL (range) HOUR AS"
            + " event_timestamp, TIMESTAMPTZ '2025-06-01 00:00:00+00' AS created_timestamp"
            + features
            + ", range % 2 AS target FROM range(50)",
        "data/classification_data.parquet");
  }

  private void writeTemplate() throws Exception {
    Path template = Path.of(SourceValidatorTest.class.getResource("/repos/classification").toURI());
    Files.copy(template.resolve("features.yaml"), repo.resolve("features.yaml"));
  }

  /** Replaces {@code from} with {@code to} in the repo's features.yaml. */
  private void edit(String from, String to) throws IOException {
    Path file = repo.resolve("features.yaml");
    String text = Files.readString(file);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to));
  }

  private void validate() {
    RepoDefinitions defs = DefinitionLoader.load(repo);
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      SourceValidator.validate(defs, engine);
    }
  }

  private String at(int line) {
    return repo.resolve("features.yaml") + ":" + line + ": ";
  }

  private Path data() {
    return repo.resolve("data/classification_data.parquet");
  }

  @Test
  void theInitTemplateMatchesTheExportedData() throws Exception {
    writeTemplate();
    writeClassificationData();
    assertThatCode(this::validate).doesNotThrowAnyException();
    try (SourceSchemas schemas = SourceSchemas.open(repo)) {
      RepoDefinitions defs = DefinitionLoader.load(repo);
      SourceSchema schema = schemas.describe((FileSource) defs.sources().get(0).batchSource());
      assertThat(schema.columnNames()).hasSize(24).startsWith("sample_index", "event_timestamp");
      assertThat(schema.column("created_timestamp").orElseThrow().type().name())
          .isEqualTo("TIMESTAMP_TZ");
      assertThat(schemas.scan((FileSource) defs.sources().get(0).batchSource()))
          .isEqualTo("read_parquet('" + data() + "')");
    }
  }

  @Test
  void aMissingParquetFileSaysHowToCreateIt() throws Exception {
    writeTemplate();
    assertThatThrownBy(this::validate)
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            at(7)
                + "Parquet file not found: "
                + data()
                + " (path 'data/classification_data.parquet' of file source"
                + " 'classification_source', relative to the repository "
                + repo
                + ")")
        .satisfies(
            e ->
                assertThat(((LarderException) e).hint())
                    .isEqualTo(
                        "Create it with 'larder data export --out "
                            + data()
                            + "', or fix the path"));
  }

  @Test
  void aFileThatIsNotParquetIsAnErrorOfTheDefinitionsNamingTheFileAndTheFix() throws Exception {
    writeTemplate();
    Path passwd = repo.resolve("etc/passwd");
    Files.createDirectories(passwd.getParent());
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n");
    edit("path: data/classification_data.parquet", "path: " + passwd);
    assertThatThrownBy(this::validate)
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(passwd + " is not a Parquet file")
        .hasMessageContaining("file source 'classification_source'")
        .satisfies(
            e ->
                assertThat(((LarderException) e).hint())
                    .contains("larder data export")
                    .contains(".csv"));

    Path parts = repo.resolve("data/parts");
    copy("SELECT 1 AS sample_index", "data/parts/part-1.parquet");
    Files.writeString(parts.resolve("part-0.parquet"), "sample_index\n1\n");
    edit("path: " + passwd, "path: data/parts");
    assertThatThrownBy(this::validate)
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(parts.resolve("part-0.parquet") + " is not a Parquet file");
  }

  @Test
  void aMissingColumnNamesTheClosestAndTheColumns() throws Exception {
    writeTemplate();
    writeClassificationData();
    edit("{name: feature_19, dtype: Float64}", "{name: feature_20, dtype: Float64}");
    assertThatThrownBy(this::validate)
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            at(13)
                + "feature view 'classification_features': feature 'feature_20' has no column in"
                + " file source 'classification_source' ("
                + data()
                + "); did you mean 'feature_2'? Its columns: sample_index, event_timestamp,"
                + " created_timestamp, feature_0, feature_1, feature_2, feature_3, feature_4,"
                + " feature_5, feature_6, feature_7, feature_8, feature_9, feature_10, feature_11,"
                + " feature_12, feature_13, feature_14, feature_15, feature_16, feature_17,"
                + " feature_18, feature_19, target. Fix the name, or map a column to it with"
                + " field_mapping");
  }

  @Test
  void aDtypeThatCannotBeCastNamesTheColumnTypeAndAFittingDtype() throws Exception {
    writeTemplate();
    writeClassificationData();
    edit("{name: target, dtype: Int64}", "{name: target, dtype: String}");
    assertThatThrownBy(this::validate)
        .hasMessage(
            at(13)
                + "feature view 'classification_features': feature 'target' is declared String, but"
                + " column 'target' of "
                + data()
                + " is INT64, which cannot be cast to String (numbers cast to any number type;"
                + " String needs text, Bool booleans, Bytes blobs, UnixTimestamp timestamps);"
                + " declare it as dtype: Int64, or fix the data");
    edit("{name: target, dtype: String}", "{name: target, dtype: Float32}");
    assertThatCode(this::validate).doesNotThrowAnyException();
  }

  @Test
  void joinKeysMustExistWithACastableType() throws Exception {
    writeTemplate();
    writeClassificationData();
    edit("value_type: INT64", "value_type: STRING");
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(13)
                + "feature view 'classification_features': join key 'sample_index' of entity"
                + " 'sample' is declared STRING, but column 'sample_index' of ")
        .hasMessageEndingWith("change the entity's value_type to INT64, or fix the data");
    edit("value_type: STRING", "value_type: INT64");
    edit("join_keys: [sample_index]", "join_keys: [sample_idx]");
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(13)
                + "feature view 'classification_features': join key 'sample_idx' of entity 'sample'"
                + " has no column in file source 'classification_source' ("
                + data()
                + "); did you mean 'sample_index'?");
  }

  @Test
  void timestampColumnsMustExistAndBeTimestamps() throws Exception {
    writeTemplate();
    writeClassificationData();
    edit("timestamp_field: event_timestamp", "timestamp_field: event_time");
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(7)
                + "file source 'classification_source': timestamp_field 'event_time' has no column"
                + " in "
                + data()
                + "; did you mean 'event_timestamp'?");
    edit("timestamp_field: event_time", "timestamp_field: target");
    assertThatThrownBy(this::validate)
        .hasMessage(
            at(7)
                + "file source 'classification_source': timestamp_field 'target': column 'target' of "
                + data()
                + " is INT64; it must be a TIMESTAMP, TIMESTAMP_TZ or DATE column (or"
                + " ISO-8601 text in a CSV file). Convert the column, or name another one");
  }

  @Test
  void csvSourcesAcceptIsoTextAndRejectOtherText() throws Exception {
    copy(
        "SELECT * FROM (VALUES ('007', '2024-01-01T10:00:00Z', 'a', 1.5),"
            + " ('008', '2024-01-01 12:00:00+02:00', 'b', 2)) t(code, ts, label, score)",
        "events.csv");
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: thing, join_keys: [code], value_type: STRING}
        sources:
          - {name: events, type: file, path: events.csv, timestamp_field: ts}
        feature_views:
          - name: scores
            entities: [thing]
            source: events
            schema:
              - {name: label, dtype: String}
              - {name: score, dtype: Float64}
        """);
    assertThatCode(this::validate).doesNotThrowAnyException();

    copy(
        "SELECT * FROM (VALUES (1, 'yesterday', 'a', 1.5)) t(code, ts, label, score)",
        "events.csv");
    assertThatThrownBy(this::validate)
        .hasMessage(
            at(4)
                + "file source 'events': timestamp_field 'ts': column 'ts' of "
                + repo.resolve("events.csv")
                + " holds 'yesterday', which is not an ISO-8601 time; write times like"
                + " 2024-01-01T10:00:00Z (no offset means UTC)");
    Files.delete(repo.resolve("events.csv"));
    assertThatThrownBy(this::validate)
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith(at(4) + "CSV file not found: " + repo.resolve("events.csv"));
  }

  @Test
  void fieldMappingRenamesColumnsAndMustNameRealOnes() throws Exception {
    copy(
        "SELECT 1 AS \"Sample ID\", TIMESTAMP '2025-01-01' AS ts, 2.5 AS raw_score, 3 AS other",
        "data/mapped.parquet");
    String yaml =
        """
        entities:
          - {name: sample, join_keys: [sample_index], value_type: INT64}
        sources:
          - name: mapped
            type: file
            path: data/mapped.parquet
            timestamp_field: ts
            field_mapping: {"Sample ID": sample_index, raw_score: score}
        feature_views:
          - name: v
            entities: [sample]
            source: mapped
            schema: [{name: score, dtype: Float64}]
        """;
    Files.writeString(repo.resolve("features.yaml"), yaml);
    assertThatCode(this::validate).doesNotThrowAnyException();

    edit("raw_score: score", "raw_scor: score");
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(4)
                + "file source 'mapped': field_mapping names column 'raw_scor', which is not in "
                + repo.resolve("data/mapped.parquet")
                + "; did you mean 'raw_score'?");
    edit("raw_scor: score", "raw_score: other");
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(4)
                + "file source 'mapped': field_mapping renames column 'raw_score' to 'other', but ");
  }

  @Test
  void pushSourcesReadADirectoryOfParquetFiles() throws Exception {
    copy("SELECT 1 AS id, TIMESTAMP '2025-01-01' AS ts, 0.5 AS x", "data/pushed/part-0.parquet");
    copy("SELECT 2 AS id, TIMESTAMP '2025-01-02' AS ts, 0.7 AS x", "data/pushed/part-1.parquet");
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: e, join_keys: [id], value_type: INT32}
        sources:
          - {name: files, type: file, path: data/pushed, timestamp_field: ts}
          - {name: pushed, type: push, batch_source: files}
        feature_views:
          - {name: v, entities: [e], source: pushed, schema: [{name: x, dtype: Float64}]}
        """);
    assertThatCode(this::validate).doesNotThrowAnyException();
    try (SourceSchemas schemas = SourceSchemas.open(repo)) {
      RepoDefinitions defs = DefinitionLoader.load(repo);
      // The files are listed in name order, so that DuckDB's file_index follows it (B5.3 ties).
      assertThat(schemas.scan((FileSource) defs.sources().get(1).batchSource()))
          .isEqualTo(
              "read_parquet(['"
                  + repo.resolve("data/pushed/part-0.parquet")
                  + "', '"
                  + repo.resolve("data/pushed/part-1.parquet")
                  + "'])");
    }

    Files.delete(repo.resolve("data/pushed/part-0.parquet"));
    Files.delete(repo.resolve("data/pushed/part-1.parquet"));
    assertThatThrownBy(this::validate)
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith(
            at(4) + "Parquet directory " + repo.resolve("data/pushed") + " has no .parquet files");
    Files.delete(repo.resolve("data/pushed"));
    assertThatThrownBy(this::validate)
        .hasMessageStartingWith(
            at(4) + "Parquet directory not found: " + repo.resolve("data/pushed"));
  }
}
