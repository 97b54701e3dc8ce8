package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectLoaderTest {
  private static final String CREATE =
      "CREATE TABLE t (sample_index INTEGER, event_timestamp TEXT, created_timestamp TEXT,"
          + " feature_a REAL, feature_b REAL, target INTEGER)";

  @TempDir Path dir;

  @Test
  void readsBackExactlyWhatWasGenerated() {
    Path db = dir.resolve("sample.db");
    GeneratorOptions options = GeneratorOptions.defaults();
    SampleDatabase.create(db, options, false, GenerationProgress.NONE);
    ClassificationSamples expected = new ClassificationDataGenerator(options).generate();

    TrainingData data = DirectLoader.load(db, SampleDatabase.TABLE);

    assertBitwiseEqual(data.x(), expected.x());
    assertThat(data.y()).isEqualTo(expected.y());
    assertThat(data.sampleIndices()).isEqualTo(LongStream.range(0, 1000).toArray());
    assertThat(data.featureNames())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(SampleDatabase::featureName).toList());
    assertThat(data.source()).isEqualTo("sqlite:" + db + "#classification_data");
  }

  @Test
  void withSnapshotsTheLatestRowOfEachSampleIsLoaded() {
    Path db = dir.resolve("sample.db");
    GeneratorOptions options = new GeneratorOptions(300, 8, 3, 2, 9L, 5);
    SampleDatabase.create(db, options, false, GenerationProgress.NONE);

    TrainingData data = DirectLoader.load(db);

    ClassificationSamples expected = new ClassificationDataGenerator(options).generate();
    assertThat(data.rows()).isEqualTo(300);
    assertBitwiseEqual(data.x(), expected.x());
    assertThat(data.y()).isEqualTo(expected.y());
  }

  @Test
  void picksTheGreatestEventThenCreatedTimeThenTheLastInsertedRow() throws SQLException {
    Path db = dir.resolve("hand.db");
    SqliteScript.run(
        db,
        CREATE,
        "INSERT INTO t VALUES (2, '2025-05-01T00:00:00Z', '2025-05-01T00:01:00Z', 2.1, 2.2, 1)",
        "INSERT INTO t VALUES (1, '2025-03-01T00:00:00Z', '2025-03-01T00:05:00Z', 1.3, 1.4, 0)",
        "INSERT INTO t VALUES (2, '2025-04-01T00:00:00Z', '2025-04-01T00:01:00Z', 9, 9, 0)",
        "INSERT INTO t VALUES (1, '2025-03-01T00:00:00Z', '2025-03-01T00:01:00Z', 9, 9, 1)",
        "INSERT INTO t VALUES (1, '2025-01-01T00:00:00Z', NULL, NULL, 9, 1)",
        "INSERT INTO t VALUES (0, '2025-02-01T00:00:00Z', '2025-02-01T00:01:00Z', 0.1, 0.1, 1)",
        "INSERT INTO t VALUES (0, '2025-02-01T00:00:00Z', '2025-02-01T00:01:00Z', 0.5, 0.6, 0)",
        "INSERT INTO t VALUES (3, '2025-02-01T00:00:00Z', '2025-02-01T00:01:00Z', 3.1, 3.2, 1)",
        "INSERT INTO t VALUES (3, '2025-02-01T00:00:00Z', NULL, 9, 9, 0)",
        // An index SQLite may scan for the time order, which returns exact ties by value.
        "CREATE INDEX t_by_value ON t"
            + " (sample_index, event_timestamp, created_timestamp, feature_a DESC)");

    TrainingData data = DirectLoader.load(db, "t");

    assertThat(data.sampleIndices()).containsExactly(0, 1, 2, 3);
    assertThat(data.x())
        .isDeepEqualTo(new double[][] {{0.5, 0.6}, {1.3, 1.4}, {2.1, 2.2}, {3.1, 3.2}});
    assertThat(data.y()).containsExactly(0, 0, 1, 1);
    assertThat(data.featureNames()).containsExactly("feature_a", "feature_b");
  }

  @Test
  void featuresAreTheOtherNumericColumnsInTableOrder() throws SQLException {
    Path db = dir.resolve("odd.db");
    SqliteScript.run(
        db,
        "CREATE TABLE odd (zeta REAL, Sample_Index INTEGER, alpha INTEGER, event_timestamp TEXT,"
            + " TARGET INTEGER, mid NUMERIC)",
        "INSERT INTO odd VALUES (1.5, 7, 2, '2025-01-01T00:00:00Z', 1, 3)");

    TrainingData data = DirectLoader.load(db, "ODD");

    assertThat(data.featureNames()).containsExactly("zeta", "alpha", "mid");
    assertThat(data.x()).isDeepEqualTo(new double[][] {{1.5, 2.0, 3.0}});
    assertThat(data.sampleIndices()).containsExactly(7);
    assertThat(data.source()).isEqualTo("sqlite:" + db + "#odd");
  }

  @Test
  void aMissingDatabaseSaysWhereItLookedAndHowToCreateIt() {
    Path db = dir.resolve("nowhere/sample.db");

    assertThatThrownBy(() -> DirectLoader.load(db, "classification_data"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Database not found at " + db.toAbsolutePath())
        .extracting(e -> ((LarderException) e).hint())
        .isEqualTo("Create it with: larder data generate --db " + db);
  }

  @Test
  void theDefaultDatabaseNeedsNoDbOptionInTheHint() {
    assumeThat(SampleDatabase.DEFAULT_PATH).doesNotExist();

    assertThatThrownBy(DirectLoader::load)
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(SampleDatabase.DEFAULT_PATH.toAbsolutePath().toString())
        .extracting(e -> ((LarderException) e).hint())
        .isEqualTo("Create it with: larder data generate");
  }

  @Test
  void aMissingTableNamesTheTablesThatExist() throws SQLException {
    Path db = dir.resolve("other.db");
    SqliteScript.run(db, CREATE, "CREATE TABLE runs (id INTEGER)");

    assertThatThrownBy(() -> DirectLoader.load(db))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'classification_data'")
        .hasMessageContaining(db.toAbsolutePath().toString())
        .hasMessageContaining("runs, t");
  }

  @Test
  void missingKeyOrTargetColumnsAreNamed() throws SQLException {
    Path db = dir.resolve("bad.db");
    SqliteScript.run(
        db,
        "CREATE TABLE no_target (sample_index INTEGER, feature_0 REAL)",
        "CREATE TABLE no_key (feature_0 REAL, target INTEGER)");

    assertThatThrownBy(() -> DirectLoader.load(db, "no_target"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no column 'target'");
    assertThatThrownBy(() -> DirectLoader.load(db, "no_key"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no column 'sample_index'");
  }

  @Test
  void aTextColumnIsNotAFeature() throws SQLException {
    Path db = dir.resolve("text.db");
    SqliteScript.run(
        db, "CREATE TABLE t (sample_index INTEGER, name TEXT, feature_0 REAL, target INTEGER)");

    assertThatThrownBy(() -> DirectLoader.load(db, "t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Column 'name'")
        .hasMessageContaining("type TEXT");
  }

  @Test
  void aNullOrTextFeatureInALatestRowIsRejectedNamingSampleAndColumn() throws SQLException {
    Path nulls = dir.resolve("nulls.db");
    SqliteScript.run(
        nulls,
        CREATE,
        "INSERT INTO t VALUES (4, '2025-01-01T00:00:00Z', NULL, 1, 1, 0)",
        "INSERT INTO t VALUES (4, '2025-02-01T00:00:00Z', NULL, 1, NULL, 0)");
    Path text = dir.resolve("text.db");
    SqliteScript.run(
        text, CREATE, "INSERT INTO t VALUES (5, '2025-01-01T00:00:00Z', NULL, 'abc', 1, 0)");

    assertThatThrownBy(() -> DirectLoader.load(nulls, "t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Sample 4 (row 2)")
        .hasMessageContaining("has NULL in column 'feature_b'; expected a number");
    assertThatThrownBy(() -> DirectLoader.load(text, "t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Sample 5")
        .hasMessageContaining("has 'abc' in column 'feature_a'");
  }

  @Test
  void aNullFeatureInAnOlderSnapshotDoesNotMatter() throws SQLException {
    Path db = dir.resolve("older.db");
    SqliteScript.run(
        db,
        CREATE,
        "INSERT INTO t VALUES (4, '2025-01-01T00:00:00Z', NULL, NULL, 'x', NULL)",
        "INSERT INTO t VALUES (4, '2025-02-01T00:00:00Z', NULL, 0, 0.0, 1)");

    assertThat(DirectLoader.load(db, "t").x()).isDeepEqualTo(new double[][] {{0.0, 0.0}});
  }

  @Test
  void timestampsInAnotherFormAreRejectedRatherThanMisordered() throws SQLException {
    Path db = dir.resolve("format.db");
    SqliteScript.run(
        db,
        CREATE,
        "INSERT INTO t VALUES (1, '2025-01-01T00:00:00Z', NULL, 1, 1, 0)",
        "INSERT INTO t VALUES (1, '2025-01-01 10:00:00', NULL, 2, 2, 0)");

    assertThatThrownBy(() -> DirectLoader.load(db, "t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'2025-01-01 10:00:00' in column 'event_timestamp'")
        .hasMessageContaining("2025-03-04T05:06:07Z");
  }

  @Test
  void aTargetMustBeAnInteger() throws SQLException {
    Path db = dir.resolve("target.db");
    SqliteScript.run(
        db, CREATE, "INSERT INTO t VALUES (1, '2025-01-01T00:00:00Z', NULL, 1, 1, 0.5)");

    assertThatThrownBy(() -> DirectLoader.load(db, "t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("has 0.5 in column 'target'");
  }

  @Test
  void aFileThatIsNotADatabaseIsABackendError() throws IOException {
    Path db = dir.resolve("notes.db");
    Files.writeString(db, "these are not the pages you are looking for, ".repeat(100));

    assertThatThrownBy(() -> DirectLoader.load(db))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining(db.toAbsolutePath().toString())
        .hasCauseInstanceOf(SQLException.class);
  }

  private static void assertBitwiseEqual(double[][] actual, double[][] expected) {
    assertThat(actual).hasNumberOfRows(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        if (Double.doubleToRawLongBits(actual[i][c])
            != Double.doubleToRawLongBits(expected[i][c])) {
          throw new AssertionError(
              "x[" + i + "][" + c + "] = " + actual[i][c] + ", expected " + expected[i][c]);
        }
      }
    }
  }
}
