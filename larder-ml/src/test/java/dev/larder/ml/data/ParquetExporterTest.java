package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetExporterTest {
  private static final String CREATE =
      "CREATE TABLE t (sample_index INTEGER, event_timestamp TEXT, created_timestamp TEXT,"
          + " feature_a REAL, target INTEGER)";

  @TempDir Path dir;

  @Test
  void everyRowOfEverySnapshotReadsBackEqualWithTimesAsUtcInstants() throws SQLException {
    // The surefire configuration runs tests in Asia/Kathmandu (+05:45): a zone bug would show.
    assertThat(ZoneId.systemDefault().getRules().getOffset(Instant.now()))
        .isNotEqualTo(ZoneOffset.UTC);
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(
        db, new GeneratorOptions(50, 6, 2, 2, 3L, 3), false, GenerationProgress.NONE);
    Path out = dir.resolve("exports/nested/sample.parquet");

    ExportResult result = ParquetExporter.export(db, SampleDatabase.TABLE, out);

    List<String> columns =
        List.of(
            "sample_index",
            "event_timestamp",
            "created_timestamp",
            "feature_0",
            "feature_1",
            "feature_2",
            "feature_3",
            "feature_4",
            "feature_5",
            "target");
    assertThat(result.path()).isEqualTo(out.toAbsolutePath());
    assertThat(result.rows()).isEqualTo(150);
    assertThat(result.columns()).isEqualTo(columns);
    assertThat(parquetTypes(out))
        .containsExactly(
            "BIGINT",
            "TIMESTAMP WITH TIME ZONE",
            "TIMESTAMP WITH TIME ZONE",
            "DOUBLE",
            "DOUBLE",
            "DOUBLE",
            "DOUBLE",
            "DOUBLE",
            "DOUBLE",
            "BIGINT");
    List<List<Object>> expected =
        SqliteScript.rows(db, "SELECT * FROM classification_data ORDER BY rowid");
    List<List<Object>> actual = parquetRows(out);
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      List<Object> sqlite = expected.get(i);
      List<Object> parquet = actual.get(i);
      assertThat(parquet.get(0)).isEqualTo(((Number) sqlite.get(0)).longValue());
      assertThat(parquet.get(1)).isEqualTo(Instant.parse((String) sqlite.get(1)));
      assertThat(parquet.get(2)).isEqualTo(Instant.parse((String) sqlite.get(2)));
      for (int c = 3; c < 9; c++) {
        assertThat(Double.doubleToRawLongBits((Double) parquet.get(c)))
            .isEqualTo(Double.doubleToRawLongBits((Double) sqlite.get(c)));
      }
      assertThat(parquet.get(9)).isEqualTo(((Number) sqlite.get(9)).longValue());
    }
  }

  @Test
  void theDefaultOutputIsTheTableNameUnderData() {
    assertThat(ParquetExporter.defaultOutput("classification_data"))
        .isEqualTo(Path.of("data", "classification_data.parquet"));
  }

  @Test
  void nullFeaturesTargetsAndCreatedTimesStayNull() throws SQLException {
    Path db = dir.resolve("nulls.db");
    SqliteScript.run(
        db,
        CREATE,
        "INSERT INTO t VALUES (1, '2025-01-01T00:00:00Z', NULL, NULL, NULL)",
        "INSERT INTO t VALUES (2, '2025-06-30T23:59:59Z', '2025-07-01T00:00:59Z', 0, 1)");
    Path out = dir.resolve("nulls.parquet");

    ParquetExporter.export(db, "t", out);

    assertThat(parquetRows(out))
        .containsExactly(
            Arrays.asList(1L, Instant.parse("2025-01-01T00:00:00Z"), null, null, null),
            List.of(
                2L,
                Instant.parse("2025-06-30T23:59:59Z"),
                Instant.parse("2025-07-01T00:00:59Z"),
                0.0,
                1L));
  }

  @Test
  void anExistingFileIsReplacedAndNoTemporaryFileIsLeft() throws IOException, SQLException {
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(
        db, new GeneratorOptions(20, 3, 2, 1, 1L, 1), false, GenerationProgress.NONE);
    Path out = dir.resolve("out/sample.parquet");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "an old export");

    ParquetExporter.export(db, SampleDatabase.TABLE, out);

    assertThat(parquetRows(out)).hasSize(20);
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void aTimestampThatIsNoRealTimeIsRejectedAndTheOldFileKept() throws IOException, SQLException {
    Path db = dir.resolve("bad.db");
    SqliteScript.run(
        db,
        CREATE,
        "INSERT INTO t VALUES (1, '2025-01-01T00:00:00Z', NULL, 1, 0)",
        "INSERT INTO t VALUES (2, '2025-13-01T00:00:00Z', NULL, 1, 0)");
    Path out = dir.resolve("bad.parquet");
    Files.writeString(out, "the previous export");

    assertThatThrownBy(() -> ParquetExporter.export(db, "t", out))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Sample 2 (row 2)")
        .hasMessageContaining("'2025-13-01T00:00:00Z' in column 'event_timestamp'")
        .hasCauseInstanceOf(DateTimeParseException.class);
    assertThat(Files.readString(out)).isEqualTo("the previous export");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(db, out);
    }
  }

  @Test
  void aTextFeatureValueIsRejected() throws SQLException {
    Path db = dir.resolve("text.db");
    SqliteScript.run(
        db, CREATE, "INSERT INTO t VALUES (3, '2025-01-01T00:00:00Z', NULL, 'n/a', 0)");

    assertThatThrownBy(() -> ParquetExporter.export(db, "t", dir.resolve("text.parquet")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Sample 3")
        .hasMessageContaining("'n/a' in column 'feature_a'");
  }

  @Test
  void aMissingDatabaseOrTableGivesTheLoadersErrors() throws SQLException {
    Path missing = dir.resolve("missing.db");
    Path other = dir.resolve("other.db");
    SqliteScript.run(other, CREATE);
    Path out = dir.resolve("x.parquet");

    assertThatThrownBy(() -> ParquetExporter.export(missing, "t", out))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(messageOf(() -> DirectLoader.load(missing, "t")))
        .hasMessageContaining(missing.toAbsolutePath().toString());
    assertThatThrownBy(() -> ParquetExporter.export(other, "classification_data", out))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(messageOf(() -> DirectLoader.load(other, "classification_data")))
        .hasMessageContaining("(its tables: t)");
    assertThat(out).doesNotExist();
  }

  private static String messageOf(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected an exception");
  }

  private static List<String> parquetTypes(Path file) throws SQLException {
    List<String> types = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + file + "'))")) {
      while (result.next()) {
        types.add(result.getString(1));
      }
    }
    return types;
  }

  /** Rows of a Parquet file read by DuckDB in the JVM's zone; timestamps as instants. */
  private static List<List<Object>> parquetRows(Path file) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          Object value = result.getObject(c);
          row.add(value instanceof OffsetDateTime time ? time.toInstant() : value);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
