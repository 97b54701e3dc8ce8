package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatabaseTest {
  private static final GeneratorOptions SMALL = new GeneratorOptions(200, 6, 2, 2, 42L, 1);

  @TempDir Path dir;

  @Test
  void writesTheTableWithTheContractedColumnsAndIndex() throws SQLException {
    Path db = dir.resolve("nested/deeper/sample.db");

    GenerationResult result = SampleDatabase.create(db, SMALL, false, GenerationProgress.NONE);

    assertThat(result.path()).isEqualTo(db.toAbsolutePath());
    assertThat(result.rows()).isEqualTo(200);
    assertThat(result.samples()).isEqualTo(200);
    assertThat(result.features()).isEqualTo(6);
    assertThat(
            SqliteScript.rows(
                db, "SELECT name, type FROM pragma_table_info('classification_data')"))
        .containsExactly(
            List.of("sample_index", "INTEGER"),
            List.of("event_timestamp", "TEXT"),
            List.of("created_timestamp", "TEXT"),
            List.of("feature_0", "REAL"),
            List.of("feature_1", "REAL"),
            List.of("feature_2", "REAL"),
            List.of("feature_3", "REAL"),
            List.of("feature_4", "REAL"),
            List.of("feature_5", "REAL"),
            List.of("target", "INTEGER"));
    assertThat(
            SqliteScript.rows(
                db, "SELECT name FROM pragma_index_info('classification_data_sample_time')"))
        .containsExactly(
            List.of("sample_index"), List.of("event_timestamp"), List.of("created_timestamp"));
  }

  @Test
  void withOneSnapshotTheRowsHoldExactlyTheGeneratedValues() throws SQLException {
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(db, SMALL, false, GenerationProgress.NONE);
    ClassificationSamples expected = new ClassificationDataGenerator(SMALL).generate();

    List<List<Object>> rows =
        SqliteScript.rows(db, "SELECT * FROM classification_data ORDER BY rowid");

    assertThat(rows).hasSize(200);
    for (int i = 0; i < 200; i++) {
      List<Object> row = rows.get(i);
      assertThat(((Number) row.get(0)).longValue()).isEqualTo(i);
      for (int c = 0; c < 6; c++) {
        assertThat(Double.doubleToRawLongBits((Double) row.get(3 + c)))
            .isEqualTo(Double.doubleToRawLongBits(expected.x()[i][c]));
      }
      assertThat(((Number) row.get(9)).intValue()).isEqualTo(expected.y()[i]);
    }
  }

  @Test
  void timesAreWholeUtcSecondsIn2025WithCreatedSixtySecondsLater() throws SQLException {
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(db, SMALL.withSamples(1000), false, GenerationProgress.NONE);

    List<List<Object>> rows =
        SqliteScript.rows(db, "SELECT event_timestamp, created_timestamp FROM classification_data");

    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    Instant end = Instant.parse("2026-01-01T00:00:00Z");
    List<Instant> events = new ArrayList<>();
    for (List<Object> row : rows) {
      String event = (String) row.get(0);
      String created = (String) row.get(1);
      assertThat(event).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(created).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      Instant instant = Instant.parse(event);
      assertThat(instant).isAfterOrEqualTo(start).isBefore(end);
      assertThat(Instant.parse(created)).isEqualTo(instant.plusSeconds(60));
      events.add(instant);
    }
    // Uniform over the year: about 5/6 of the samples fall before the guide's 2025-11-01.
    long beforeNovember =
        events.stream().filter(e -> e.isBefore(Instant.parse("2025-11-01T00:00:00Z"))).count();
    assertThat(beforeNovember).isBetween(780L, 880L);
  }

  @Test
  void timesComeFromTheirOwnStreamAndDoNotDependOnTheFeatures() throws SQLException {
    Path narrow = dir.resolve("narrow.db");
    Path wide = dir.resolve("wide.db");
    SampleDatabase.create(narrow, SMALL, false, GenerationProgress.NONE);
    SampleDatabase.create(
        wide, new GeneratorOptions(200, 12, 3, 1, 42L, 1), false, GenerationProgress.NONE);

    String query = "SELECT event_timestamp FROM classification_data ORDER BY rowid";
    assertThat(SqliteScript.rows(wide, query)).isEqualTo(SqliteScript.rows(narrow, query));
  }

  @Test
  void snapshotsAreSevenDaysApartDriftAndEndAtTheGeneratedValues() throws SQLException {
    Path db = dir.resolve("sample.db");
    GeneratorOptions options = SMALL.withSnapshots(4);
    SampleDatabase.create(db, options, false, GenerationProgress.NONE);
    ClassificationSamples expected = new ClassificationDataGenerator(options).generate();

    List<List<Object>> rows =
        SqliteScript.rows(db, "SELECT * FROM classification_data ORDER BY rowid");

    assertThat(rows).hasSize(800);
    double largestStep = 0;
    for (int i = 0; i < 200; i++) {
      List<List<Object>> sample = rows.subList(4 * i, 4 * i + 4);
      Instant first = Instant.parse((String) sample.get(0).get(1));
      for (int s = 0; s < 4; s++) {
        List<Object> row = sample.get(s);
        assertThat(((Number) row.get(0)).longValue()).isEqualTo(i);
        assertThat(Instant.parse((String) row.get(1)))
            .isEqualTo(first.plus(Duration.ofDays(7L * s)));
        assertThat(((Number) row.get(9)).intValue()).isEqualTo(expected.y()[i]);
        if (s > 0) {
          for (int c = 0; c < 6; c++) {
            double step = (Double) row.get(3 + c) - (Double) sample.get(s - 1).get(3 + c);
            assertThat(step).isNotZero();
            largestStep = Math.max(largestStep, Math.abs(step));
          }
        }
      }
      for (int c = 0; c < 6; c++) {
        assertThat((Double) sample.get(3).get(3 + c)).isEqualTo(expected.x()[i][c]);
      }
    }
    // N(0, 0.1²) steps: small next to the class separation of 2.
    assertThat(largestStep).isBetween(0.2, 0.6);
  }

  @Test
  void reportsProgressUpToTheTotal() {
    List<long[]> calls = new ArrayList<>();
    SampleDatabase.create(
        dir.resolve("sample.db"),
        SMALL.withSamples(1000).withSnapshots(3),
        false,
        (written, total) -> calls.add(new long[] {written, total}));

    assertThat(calls).isNotEmpty();
    assertThat(calls).allSatisfy(call -> assertThat(call[1]).isEqualTo(3000));
    assertThat(calls.stream().mapToLong(call -> call[0]).toArray()).isSorted();
    assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(3000);
  }

  @Test
  void anExistingDatabaseNeedsForce() throws IOException, SQLException {
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(db, SMALL, false, GenerationProgress.NONE);
    byte[] before = Files.readAllBytes(db);

    assertThatThrownBy(
            () -> SampleDatabase.create(db, SMALL.withSeed(1), false, GenerationProgress.NONE))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(db.toAbsolutePath().toString())
        .hasMessageContaining("pass --force to overwrite");
    assertThat(Files.readAllBytes(db)).isEqualTo(before);

    SampleDatabase.create(db, SMALL.withSeed(1), true, GenerationProgress.NONE);
    assertThat(Files.readAllBytes(db)).isNotEqualTo(before);
    assertThat(SqliteScript.rows(db, "SELECT feature_0 FROM classification_data WHERE rowid = 1"))
        .containsExactly(
            List.of(new ClassificationDataGenerator(SMALL.withSeed(1)).generate().x()[0][0]));
  }

  @Test
  void aFailedForcedGenerationKeepsTheOldDatabaseAndLeavesNoTemporaryFile() throws IOException {
    Path db = dir.resolve("sample.db");
    SampleDatabase.create(db, SMALL, false, GenerationProgress.NONE);
    byte[] before = Files.readAllBytes(db);
    GenerationProgress failing =
        (written, total) -> {
          throw new IllegalStateException("disk full, say");
        };

    assertThatThrownBy(() -> SampleDatabase.create(db, SMALL.withSamples(2000), true, failing))
        .hasMessage("disk full, say");

    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(db);
    }
  }

  @Test
  void aDirectoryIsNotADatabasePath() {
    assertThatThrownBy(() -> SampleDatabase.create(dir, SMALL, true, GenerationProgress.NONE))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is a directory");
  }
}
