package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.repo.StoreConfig;
import dev.larder.testkit.TestRedisServer;
import dev.larder.testkit.TestRepos;
import dev.larder.testkit.TestSparkCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Materialization into Redis from the executors of a standalone master and worker started as
 * separate processes ({@link TestSparkCluster}): Larder's classes reach the executors through
 * {@code spark.jars} (the plugin's {@code executor/} folder), the writes come from connections the
 * executor JVM names ({@code larder-spark-executor-0}, seen in Redis's slow log and client list),
 * and the hashes are, byte for byte, those the DuckDB engine's driver path writes.
 */
class SparkExecutorMaterializationIT {
  /** Shared with the other ITs that leave it as they found it: the logs read are this test's. */
  @RegisterExtension
  static final TestSparkCluster.Extension spark = TestSparkCluster.sharedExtension();

  private static TestRedisServer redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = TestRedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void theExecutorsWriteDuckDbsHashesFromTheirOwnJvms() throws IOException {
    TestSparkCluster cluster = spark.cluster();
    Map<String, String> earlierLogs = executorLogs(cluster);
    Path duckRepo = repo("duck", "{type: duckdb}", 0);
    Path sparkRepo = repo("spark", "{type: spark, spark_conf: {" + conf(cluster) + "}}", 1);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    Instant end = Instant.parse("2025-01-01T00:00:00Z");
    List<ViewMaterialization> byDuck;
    try (FeatureStore duck = TestRepos.applied(duckRepo)) {
      byDuck = duck.materialize(start, end);
    }
    try (FeatureStore onCluster = TestRepos.applied(sparkRepo)) {
      redis.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
      redis.command("CONFIG", "SET", "slowlog-max-len", "100000");
      redis.command("SLOWLOG", "RESET");
      List<ViewMaterialization> bySpark;
      try {
        bySpark = onCluster.materialize(start, end);
      } finally {
        redis.command("CONFIG", "SET", "slowlog-log-slower-than", "10000");
      }
      // every write came from the executor's JVM: its connections, named by its executor id
      Map<String, Integer> writers = evalshaByClient();
      assertThat(writers).isNotEmpty();
      assertThat(writers.keySet()).allMatch(n -> n.matches("larder-spark-executor-\\d+"));
      // which keeps them open, pooled, while the application lives
      assertThat(String.valueOf(redis.command("CLIENT", "LIST")))
          .containsPattern("name=larder-spark-executor-\\d+ ");

      assertThat(bySpark.stream().map(ViewMaterialization::rows).toList())
          .isEqualTo(byDuck.stream().map(ViewMaterialization::rows).toList())
          .isEqualTo(List.of(2_003L));
      Map<String, Map<String, String>> written = hashes(1);
      assertThat(written).hasSize(2_003).isEqualTo(hashes(0));

      // Redis unreachable from the executors: the driver path's error (exit 3), after Spark's
      // retries, instead of Spark's stack trace
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      OnlineStoreSection bad = section(onCluster, "127.0.0.1:" + closed);
      try (OnlineStore online = bad.open()) {
        Throwable viaDriver =
            catchThrowable(
                () ->
                    new Materializer(onCluster.registry(), onCluster.offline(), online, 1_000)
                        .materialize(start, end, null, MaterializeProgress.NONE));
        Throwable viaExecutors =
            catchThrowable(
                () ->
                    new Materializer(onCluster.registry(), onCluster.offline(), online, bad, 1_000)
                        .materialize(start, end, null, MaterializeProgress.NONE));
        assertThat(viaDriver).isInstanceOf(BackendException.class);
        assertThat(viaExecutors).hasSameClassAs(viaDriver).hasMessage(viaDriver.getMessage());
      }
      onCluster.teardown();
    } finally {
      try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
        jedis.flushAll();
      }
    }
    Map<String, String> logs = executorLogs(cluster);
    logs.keySet().removeAll(earlierLogs.keySet());
    assertThat(logs.values())
        .as("this test's executors' logs")
        .anyMatch(log -> log.contains("CoarseGrainedExecutorBackend"));
  }

  /**
   * Each executor's log in the cluster's {@link TestSparkCluster#log()} (a section per file, under
   * a header {@code ===== work/<application>/<executor>/stderr}), by file: on the shared cluster,
   * the files that appear during the test are its executors'.
   */
  private static Map<String, String> executorLogs(TestSparkCluster cluster) {
    Map<String, String> logs = new TreeMap<>();
    for (String section : ("\n" + cluster.log()).split("\n===== ")) {
      int end = section.indexOf('\n');
      if (section.startsWith("work/") && end > 0) {
        logs.put(section.substring(0, end), section.substring(end + 1));
      }
    }
    return logs;
  }

  /**
   * A repository of project {@code shop} with {@code offlineStore}, writing to Redis database
   * {@code db} of the test's server; 2,000 drivers of several rows each and three of the driver
   * IT's rows (a created-time tie-break, a null created time, null values).
   */
  private Path repo(String name, String offlineStore, int db) throws IOException {
    Path repo = TestRepos.write(dir.resolve(name), TestRepos.DRIVERS);
    Path yaml = repo.resolve("feature_store.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace("offline_store: {type: duckdb}", "offline_store: " + offlineStore)
            .replaceAll(
                "online_store:.*\n",
                "online_store: {type: redis, connection_string: \""
                    + redis.address()
                    + ",db="
                    + db
                    + "\"}\n"));
    List<String> rows = new ArrayList<>();
    rows.add("(1, '2024-01-02 10:00:00+00', '2024-01-02 10:00:00+00', 0.2, 20, 'Oslo')");
    rows.add("(1, '2024-01-02 10:00:00+00', '2024-01-03 00:00:00+00', 0.25, 25, 'Bergen')");
    rows.add("(2, '2024-01-01 12:00:00+00', NULL, 0.5, 5, 'Lima')");
    rows.add("(3, '2024-01-05 00:00:00+00', '2024-01-05 00:00:00+00', NULL, 7, NULL)");
    for (int i = 0; i < 6_000; i++) {
      rows.add(
          "("
              + (100 + i % 2_000)
              + ", '2024-02-0"
              + (1 + i % 5)
              + " 00:00:00+00', NULL, "
              + (i % 13) / 4.0
              + ", "
              + i
              + ", 'c"
              + i % 7
              + "')");
    }
    TestRepos.parquet(
        repo.resolve("data/stats.parquet"), TestRepos.STATS_COLUMNS, rows.toArray(String[]::new));
    return repo;
  }

  private static OnlineStoreSection section(FeatureStore store, String connection) {
    OnlineStoreSection of = OnlineStoreSection.of(store.config());
    Map<String, Object> options = new LinkedHashMap<>(of.store().options());
    options.put("connection_string", connection);
    return new OnlineStoreSection(
        of.repoPath(), of.project(), new StoreConfig(of.store().type(), options));
  }

  /** The cluster's client settings as YAML flow-map entries. */
  private static String conf(TestSparkCluster cluster) {
    Map<String, String> conf = new LinkedHashMap<>(cluster.clientConf());
    conf.put("spark.sql.shuffle.partitions", "2");
    return conf.entrySet().stream()
        .map(e -> e.getKey() + ": '" + e.getValue() + "'")
        .collect(Collectors.joining(", "));
  }

  /** Every hash of Redis database {@code db}: key → field → value, in hex. */
  private static Map<String, Map<String, String>> hashes(int db) {
    HexFormat hex = HexFormat.of();
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
      jedis.select(db);
      byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
      do {
        ScanResult<byte[]> page = jedis.scan(cursor, new ScanParams().count(1000));
        for (byte[] key : page.getResult()) {
          Map<String, String> fields = new TreeMap<>();
          jedis.hgetAll(key).forEach((f, v) -> fields.put(hex.formatHex(f), hex.formatHex(v)));
          out.put(hex.formatHex(key), fields);
        }
        cursor = page.getCursorAsBytes();
      } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    }
    return out;
  }

  /** The {@code EVALSHA} commands of the slow log (every command, here), by client name. */
  private static Map<String, Integer> evalshaByClient() {
    Map<String, Integer> out = new TreeMap<>();
    for (Object entry : (List<?>) redis.command("SLOWLOG", "GET", "-1")) {
      List<?> e = (List<?>) entry;
      List<?> args = (List<?>) e.get(3);
      if (String.valueOf(args.get(0)).equalsIgnoreCase("EVALSHA")) {
        out.merge(String.valueOf(e.get(5)), 1, Integer::sum);
      }
    }
    return out;
  }
}
