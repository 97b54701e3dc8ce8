package dev.larder.ml.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.NotFoundException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's FeastManager against direct loading and a brute-force reading of the database. */
class FeatureStoreTrainingDataTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  Path db;
  Path repo;
  final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void repositoryOverThreeSnapshots() {
    db = dir.resolve("sample_data.db");
    SampleDatabase.create(
        db,
        GeneratorOptions.defaults().withSamples(300).withSnapshots(3),
        false,
        GenerationProgress.NONE);
    Path parquet = dir.resolve("data/classification_data.parquet");
    ParquetExporter.export(db, SampleDatabase.TABLE, parquet);
    repo = dir.resolve("feature_repo");
    ClassificationRepoTemplate.writeDefinitions(repo, "../data/classification_data.parquet", 20);
  }

  private FeatureStoreTrainingData manager() {
    return FeatureStoreTrainingData.create(repo, 20, true, warnings::add, NOW);
  }

  @Test
  void asOfNowItReturnsExactlyTheRowsOfDirectLoading() {
    TrainingData direct = DirectLoader.load(db, SampleDatabase.TABLE);
    try (FeatureStoreTrainingData manager = manager()) {
      TrainingData store = manager.getTrainingData(null, null);
      assertThat(store.sampleIndices()).containsExactly(direct.sampleIndices());
      assertThat(store.featureNames()).isEqualTo(direct.featureNames());
      assertThat(store.y()).containsExactly(direct.y());
      for (int i = 0; i < direct.rows(); i++) {
        assertThat(store.x()[i]).as("row %d", i).containsExactly(direct.x()[i]);
      }
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void asOfAnEarlierTimeItReturnsTheRowsValidThenAndDropsSamplesWithoutOne() throws SQLException {
    Instant asOf = Instant.parse("2025-07-01T00:00:00Z");
    Map<Long, double[]> expected = latestAt(asOf);
    try (FeatureStoreTrainingData manager = manager()) {
      TrainingData store = manager.getTrainingData(null, asOf);
      assertThat(store.rows()).isEqualTo(expected.size()).isLessThan(300).isGreaterThan(0);
      List<Long> keys = new ArrayList<>(expected.keySet());
      for (int i = 0; i < store.rows(); i++) {
        assertThat(store.sampleIndices()[i]).isEqualTo(keys.get(i));
        assertThat(store.x()[i]).containsExactly(expected.get(keys.get(i)));
      }
    }
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("dropped " + (300 - expected.size()) + " of 300 samples")
        .contains("2025-07-01T00:00:00Z");
  }

  @Test
  void sampleIndicesGiveExactlyThoseSamplesInTheGivenOrder() {
    TrainingData direct = DirectLoader.load(db, SampleDatabase.TABLE);
    try (FeatureStoreTrainingData manager = manager()) {
      TrainingData some = manager.getTrainingData(List.of(40L, 0L, 20L, 40L), null);
      assertThat(some.sampleIndices()).containsExactly(40, 0, 20, 40);
      assertThat(some.x()[0]).containsExactly(direct.x()[40]);
      assertThat(some.x()[1]).containsExactly(direct.x()[0]);
      assertThat(some.y())
          .containsExactly(direct.y()[40], direct.y()[0], direct.y()[20], direct.y()[40]);
    }
  }

  @Test
  void noMatchingEntitiesIsTheGuidesErrorWithTheDiagnostic() {
    try (FeatureStoreTrainingData manager = manager()) {
      assertThatThrownBy(() -> manager.getTrainingData(null, Instant.parse("2024-01-01T00:00:00Z")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageStartingWith("No matching entities found")
          .satisfies(
              e ->
                  assertThat(((NotFoundException) e).hint())
                      .contains("sample_index 0 … 299")
                      .contains("--as-of"));
      assertThatThrownBy(() -> manager.getTrainingData(List.of(123456L), null))
          .hasMessageStartingWith("No matching entities found");
    }
  }

  @Test
  void nFeaturesMustMatchTheView() {
    try (FeatureStoreTrainingData manager =
        FeatureStoreTrainingData.create(repo, 10, true, warnings::add, NOW)) {
      assertThatThrownBy(() -> manager.getTrainingData(null, null))
          .hasMessageContaining("has 20 features, but n_features is 10");
    }
  }

  @Test
  void aMissingFeatureOrABadLabelIsAnErrorNamingTheSample() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE classification_data SET feature_3 = NULL WHERE sample_index = 7");
      s.executeUpdate("UPDATE classification_data SET target = 2 WHERE sample_index = 9");
    }
    ParquetExporter.export(
        db, SampleDatabase.TABLE, dir.resolve("data/classification_data.parquet"));
    try (FeatureStoreTrainingData manager = manager()) {
      assertThatThrownBy(() -> manager.getTrainingData(List.of(6L, 7L), null))
          .isInstanceOf(dev.larder.core.InvalidArgumentException.class)
          .hasMessage("sample 7 has no value for feature 'feature_3' at that time");
      assertThatThrownBy(() -> manager.getTrainingData(List.of(9L), null))
          .isInstanceOf(dev.larder.core.InvalidArgumentException.class)
          .hasMessage("sample 9 has target 2; the label must be 0 or 1");
      assertThat(manager.getTrainingData(List.of(6L, 8L), null).y()).hasSize(2);
    }
  }

  /** Brute force: per sample, the row with the greatest (event, created, rowid) at or before T. */
  private Map<Long, double[]> latestAt(Instant asOf) throws SQLException {
    Map<Long, double[]> latest = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM classification_data ORDER BY sample_index, event_timestamp,"
                    + " created_timestamp, rowid")) {
      while (rs.next()) {
        if (Instant.parse(rs.getString("event_timestamp")).isAfter(asOf)) {
          continue;
        }
        double[] values = new double[20];
        for (int f = 0; f < 20; f++) {
          values[f] = rs.getDouble("feature_" + f);
        }
        latest.put(rs.getLong("sample_index"), values);
      }
    }
    return latest;
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "30d"})
  void equalsTheEnginesPointInTimeJoinAtEveryTime(String ttl) throws IOException {
    Path features = repo.resolve("features.yaml");
    Files.writeString(features, Files.readString(features).replace("ttl: 0", "ttl: " + ttl));
    try (FeatureStoreTrainingData manager = manager();
        FeatureStore store = FeatureStore.open(repo)) {
      List<Long> all = new ArrayList<>();
      for (long i = 0; i < 300; i++) {
        all.add(i);
      }
      List<String> refs = new ArrayList<>();
      for (int f = 0; f < 20; f++) {
        refs.add("classification_features:feature_" + f);
      }
      refs.add("classification_features:target");
      for (String time :
          List.of(
              "2025-02-01T00:00:00Z",
              "2025-07-01T00:00:00Z",
              "2025-12-25T00:00:00Z",
              "2026-10-01T00:00:00Z")) {
        Instant t = Instant.parse(time);
        TrainingFrame frame =
            store.getHistoricalFeatures(
                EntityRows.forKeys("sample_index", all, t),
                FeatureSelection.of(refs),
                RetrievalOptions.DEFAULT);
        frame = frame.select(frame.matchedRows());
        if (frame.rowCount() == 0) {
          assertThatThrownBy(() -> manager.getTrainingData(null, t))
              .hasMessageStartingWith("No matching entities found");
          continue;
        }
        TrainingData data = manager.getTrainingData(null, t);
        assertThat(data.rows()).as("rows at %s, ttl %s", t, ttl).isEqualTo(frame.rowCount());
        assertThat(data.y()).isEqualTo(frame.y("target"));
        double[][] x =
            frame.x(
                refs.subList(0, 20).stream().map(r -> r.substring(r.indexOf(':') + 1)).toList());
        for (int i = 0; i < x.length; i++) {
          assertThat(data.x()[i]).containsExactly(x[i]);
          assertThat(data.sampleIndices()[i]).isEqualTo(frame.column("sample_index").getLong(i));
        }
      }
    }
  }
}
