package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.testkit.TestRepos;
import dev.larder.testkit.TestSparkCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine on a standalone master and worker started as separate processes on 127.0.0.1
 * ({@link TestSparkCluster}, from this module's plugin folder): point-in-time retrieval and
 * materialization give what the DuckDB engine gives for the same repository and data.
 */
class SparkStandaloneClusterIT {
  @RegisterExtension static final TestSparkCluster.Extension spark = TestSparkCluster.extension();

  private static final String[] STATS = {
    // driver_id, event_timestamp, created, conv_rate, trips, city
    "(1, '2025-01-01 10:00:00+00', '2025-01-01 10:00:00+00', 0.1, 10, 'Oslo')",
    "(1, '2025-01-02 10:00:00+00', '2025-01-02 10:00:00+00', 0.2, 20, 'Oslo')",
    // the same event time, created later: this one wins (B5 created-timestamp order)
    "(1, '2025-01-02 10:00:00+00', '2025-01-03 00:00:00+00', 0.25, 25, 'Bergen')",
    "(2, '2025-01-01 12:00:00+00', NULL, 0.5, 5, 'Lima')",
    "(3, '2025-01-05 00:00:00+00', '2025-01-05 00:00:00+00', NULL, 7, NULL)",
  };

  private static final String ENTITIES =
      """
      driver_id,event_timestamp
      1,2025-01-01T11:00:00Z
      1,2025-01-04T00:00:00Z
      2,2025-01-01T11:00:00Z
      2,2025-01-02T00:00:00Z
      3,2025-01-06T00:00:00Z
      4,2025-01-06T00:00:00Z
      1,2025-01-04T00:00:00Z
      """;

  @TempDir Path dir;

  @Test
  void historicalFeaturesAndMaterializationOnTheClusterAreDuckDbs() throws IOException {
    TestSparkCluster cluster = spark.cluster();
    Path duckRepo = repo("duck", "{type: duckdb}");
    Path sparkRepo = repo("spark", "{type: spark, spark_conf: {" + conf(cluster) + "}}");
    FeatureSelection features =
        FeatureSelection.of("driver_stats:conv_rate", "driver_stats:trips", "driver_stats:city");
    Map<String, List<Long>> keys = Map.of("driver_id", List.of(1L, 2L, 3L, 4L));
    String duckCsv;
    String sparkCsv;
    OnlineFeatures duckOnline;
    OnlineFeatures sparkOnline;
    try (FeatureStore duck = TestRepos.applied(duckRepo)) {
      duckCsv = retrieve(duck, duckRepo, features);
      duck.materialize(
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"));
      duckOnline = duck.getOnlineFeatures(features, keys);
    }
    try (FeatureStore onCluster = TestRepos.applied(sparkRepo)) {
      sparkCsv = retrieve(onCluster, sparkRepo, features);
      onCluster.materialize(
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"));
      sparkOnline = onCluster.getOnlineFeatures(features, keys);
    }
    assertThat(duckCsv)
        .startsWith("driver_id,event_timestamp,conv_rate,trips,city\n")
        .contains("1,2025-01-04T00:00:00Z,0.25,25,Bergen\n");
    assertThat(sparkCsv).isEqualTo(duckCsv);
    for (String feature : List.of("conv_rate", "trips", "city")) {
      assertThat(sparkOnline.values(feature)).as(feature).isEqualTo(duckOnline.values(feature));
      assertThat(sparkOnline.eventTimestamps(feature))
          .as(feature)
          .isEqualTo(duckOnline.eventTimestamps(feature));
    }
    // the work ran as applications of this cluster's master, on its worker's executors
    assertThat(cluster.masterState()).containsPattern("\"completedapps\"\\s*:\\s*\\[\\s*\\{");
    assertThat(cluster.log()).contains("CoarseGrainedExecutorBackend");
  }

  private Path repo(String name, String offlineStore) throws IOException {
    Path repo = TestRepos.write(dir.resolve(name), TestRepos.DRIVERS);
    Path yaml = repo.resolve("feature_store.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace("offline_store: {type: duckdb}", "offline_store: " + offlineStore));
    TestRepos.parquet(repo.resolve("data/stats.parquet"), TestRepos.STATS_COLUMNS, STATS);
    Files.writeString(repo.resolve("entities.csv"), ENTITIES);
    return repo;
  }

  private static String retrieve(FeatureStore store, Path repo, FeatureSelection features)
      throws IOException {
    Path out = repo.resolve("out.csv");
    store.writeHistoricalFeatures(
        new EntityRows.CsvFile(repo.resolve("entities.csv")),
        features,
        RetrievalOptions.DEFAULT,
        out);
    return Files.readString(out);
  }

  /** The cluster's client settings as YAML flow-map entries. */
  private static String conf(TestSparkCluster cluster) {
    Map<String, String> conf = new java.util.LinkedHashMap<>(cluster.clientConf());
    conf.put("spark.sql.shuffle.partitions", "2");
    return conf.entrySet().stream()
        .map(e -> e.getKey() + ": '" + e.getValue() + "'")
        .collect(Collectors.joining(", "));
  }
}
