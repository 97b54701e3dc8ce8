package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import dev.larder.core.LarderException;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.DistributedMaterialization;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import dev.larder.core.repo.StoreConfig;
import dev.larder.testkit.TestRedisServer;
import dev.larder.testkit.TestRepos;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Materialization from Spark's executors ({@link ExecutorMaterialization}) in {@code local[2]}
 * against a Redis server of the test's own: the hashes the executors write are, key by key and byte
 * by byte, those the driver path writes (the rows pulled to the driver and written there), with the
 * not-older rule kept; failures give the driver path's errors.
 */
class ExecutorMaterializationTest {
  private static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
        - {name: city, join_keys: [city], value_type: STRING}
      sources:
        - {name: stats, type: file, path: data/stats, timestamp_field: ts, created_timestamp_column: created}
        - {name: trips, type: file, path: data/trips.csv, timestamp_field: ts, created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: rate, dtype: Float32}
            - {name: trips, dtype: Int32}
            - {name: seen, dtype: UnixTimestamp}
            - {name: tags, dtype: "Array(String)"}
            - {name: score, dtype: Float64}
        - name: city_trips
          entities: [driver, city]
          source: trips
          schema:
            - {name: n, dtype: Int64}
            - {name: ok, dtype: Bool}
        - name: all_trips
          entities: []
          source: trips
          schema:
            - {name: n, dtype: Int64}
      """;

  private static final Instant END = Instant.parse("2025-01-01T00:00:00Z");

  /** Rows of a newer time than any in the data, written before the materialization. */
  private static final Instant NEWER = Instant.parse("2030-01-01T00:00:00Z");

  private static SparkOfflineEngine owner;
  private static TestRedisServer redis;

  @TempDir static Path repo;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedisServer.start();
    TestRepos.write(repo, DEFINITIONS);
    Path yaml = repo.resolve("feature_store.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replaceAll(
                "online_store:.*\n",
                "online_store: {type: redis, connection_string: \"" + redis.address() + "\"}\n"));
    Files.createDirectories(repo.resolve("data/stats"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      // two files; b.parquet's row for driver 1 ties exactly with a.parquet's and wins (later file)
      s.execute(
          "COPY (SELECT * FROM (VALUES"
              + " (1::BIGINT, TIMESTAMPTZ '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:01:00',"
              + " 0.5::FLOAT, 3, TIMESTAMPTZ '2024-02-02 02:02:02.5', ['a', 'b'], 1.5::DOUBLE),"
              + " (2, TIMESTAMPTZ '2024-01-03 00:00:00', NULL, 1.25::FLOAT, NULL, NULL, [], NULL),"
              + " (2, TIMESTAMPTZ '2024-01-02 00:00:00', TIMESTAMPTZ '2024-01-09', 2.5::FLOAT, 7,"
              + " NULL, NULL, -0.0)) t(driver_id, ts, created, rate, trips, seen, tags, score)) TO '"
              + repo.resolve("data/stats/a.parquet")
              + "' (FORMAT PARQUET)");
      s.execute(
          "COPY (SELECT * FROM (VALUES"
              + " (1::BIGINT, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:01:00',"
              + " 0.1::FLOAT, 4, NULL::TIMESTAMPTZ, ['c'], 2.0::DOUBLE), (3, TIMESTAMP '2023-12-31"
              + " 23:59:59', NULL, NULL, NULL, NULL, NULL, NULL)) t(driver_id, ts, created, rate,"
              + " trips, seen, tags, score)) TO '"
              + repo.resolve("data/stats/b.parquet")
              + "' (FORMAT PARQUET)");
      // many keys, several rows each, so that both partitions write several batches
      s.execute(
          "COPY (SELECT 100 + i % 1000 AS driver_id,"
              + " TIMESTAMPTZ '2024-03-01 00:00:00' + INTERVAL (i % 7) HOUR AS ts,"
              + " CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-03-02' + INTERVAL (i % 11)"
              + " MINUTE END AS created, (i % 13)::FLOAT / 4 AS rate, (i % 17)::INT AS trips,"
              + " TIMESTAMPTZ '2024-01-01' + INTERVAL (i) SECOND AS seen,"
              + " CASE WHEN i % 4 = 0 THEN NULL ELSE ['t' || (i % 9)] END AS tags,"
              + " i / 3.0 AS score FROM range(4000) r(i)) TO '"
              + repo.resolve("data/stats/c.parquet")
              + "' (FORMAT PARQUET)");
    }
    Files.writeString(
        repo.resolve("data/trips.csv"),
        """
        driver_id,city,ts,created,n,ok
        1,007,2024-01-01T00:00:00Z,,5,true
        1,007,2024-01-01T00:00:00Z,2024-01-01T00:00:01Z,6,false
        1,7,2024-01-02T00:00:00+02:00,2024-01-02T00:00:00Z,7,
        2,"a,b",2024-01-01 12:00:00,2024-01-01T12:00:00Z,8,true
        ,x,2024-01-01T00:00:00Z,,9,true
        """);
    owner = LocalSpark.start(repo);
  }

  @AfterAll
  static void stop() {
    try {
      if (owner != null) {
        owner.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** The repository's online store section with {@code connection} as its connection string. */
  private static OnlineStoreSection section(FeatureStore store, String connection) {
    OnlineStoreSection of = OnlineStoreSection.of(store.config());
    Map<String, Object> options = new LinkedHashMap<>(of.store().options());
    options.put("connection_string", connection);
    return new OnlineStoreSection(
        of.repoPath(), of.project(), new StoreConfig(of.store().type(), options));
  }

  private static OnlineViewSchema schema(FeatureStore store, String view) {
    RepoDefinitions defs = store.registry().snapshot().definitions();
    return OnlineViewSchema.of(
        ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs)));
  }

  @Test
  void theExecutorsWriteTheDriversHashesKeyByKeyAndKeepNewerRows() {
    try (FeatureStore store = TestRepos.applied(repo);
        SparkOfflineEngine spark = LocalSpark.on(owner, repo)) {
      OnlineStoreSection db0 = section(store, redis.address());
      OnlineStoreSection db1 = section(store, redis.address() + ",db=1");
      assertThat(spark.capability(DistributedMaterialization.class)).isPresent();
      assertThat(spark.writesTo(db1)).isTrue();
      assertThat(
              spark.writesTo(
                  new OnlineStoreSection(
                      db0.repoPath(),
                      db0.project(),
                      new StoreConfig("sqlite", Map.of("path", "/tmp/x.db")))))
          .isFalse();
      try (OnlineStore driverSide = db0.open();
          OnlineStore executorSide = db1.open()) {
        // a newer row of driver 1, already in Redis: both paths must keep it
        OnlineViewSchema stats = schema(store, "driver_stats");
        OnlineRow newer =
            new OnlineRow(
                stats.key(1L), java.util.Arrays.asList(9.0, 9L, null, null, 9.5), NEWER, null);
        driverSide.write(stats, List.of(newer));
        executorSide.write(stats, List.of(newer));

        List<ViewMaterialization> byDriver =
            new Materializer(store.registry(), spark, driverSide, 300)
                .materialize(Materializer.BEGINNING_OF_DATA, END, null, MaterializeProgress.NONE);
        redis.command("CONFIG", "SET", "slowlog-log-slower-than", "0");
        redis.command("CONFIG", "SET", "slowlog-max-len", "100000");
        redis.command("SLOWLOG", "RESET");
        List<ViewMaterialization> byExecutors;
        try {
          byExecutors =
              new Materializer(store.registry(), spark, executorSide, db1, 300)
                  .materialize(Materializer.BEGINNING_OF_DATA, END, null, MaterializeProgress.NONE);
        } finally {
          redis.command("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        }
        // the executors' connections wrote (local mode: the executor's id is "driver")
        Map<String, Integer> writers = evalshaByClient();
        assertThat(writers).containsOnlyKeys("larder-spark-executor-driver");

        assertThat(byExecutors.stream().map(ViewMaterialization::rows).toList())
            .isEqualTo(byDriver.stream().map(ViewMaterialization::rows).toList())
            .isEqualTo(List.of(1003L, 3L, 1L));
        Map<String, Map<String, String>> written = hashes(1);
        assertThat(written).hasSize(1003 + 3 + 1).isEqualTo(hashes(0));
        StoredRow kept = executorSide.read(stats, List.of(stats.key(1L))).get(0);
        assertThat(kept.eventTimestamp()).isEqualTo(NEWER);
        assertThat(kept.value(0)).isEqualTo(9.0);
        StoredRow two = executorSide.read(stats, List.of(stats.key(2L))).get(0);
        assertThat(two.eventTimestamp()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
      } finally {
        store.teardown();
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
          jedis.select(1);
          jedis.flushDB();
        }
      }
    }
  }

  @Test
  void failuresOnTheExecutorsAreTheDriverPathsErrors() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (TestRedisServer guarded =
            TestRedisServer.builder().options("--requirepass", "s3cret").start();
        FeatureStore store = TestRepos.applied(repo);
        SparkOfflineEngine spark = LocalSpark.on(owner, repo)) {
      for (String connection :
          List.of("127.0.0.1:" + closed, guarded.address() + ",password=wrong-password")) {
        OnlineStoreSection section = section(store, connection);
        Throwable viaDriver;
        Throwable viaExecutors;
        try (OnlineStore online = section.open()) {
          viaDriver =
              catchThrowable(
                  () ->
                      new Materializer(store.registry(), spark, online, 1_000)
                          .materialize(
                              Materializer.BEGINNING_OF_DATA,
                              END,
                              List.of("driver_stats"),
                              MaterializeProgress.NONE));
          viaExecutors =
              catchThrowable(
                  () ->
                      new Materializer(store.registry(), spark, online, section, 1_000)
                          .materialize(
                              Materializer.BEGINNING_OF_DATA,
                              END,
                              List.of("driver_stats"),
                              MaterializeProgress.NONE));
        }
        assertThat(viaDriver).as(connection).isInstanceOf(BackendException.class);
        assertThat(viaExecutors)
            .as(connection)
            .isInstanceOf(LarderException.class)
            .hasMessage(viaDriver.getMessage())
            .hasSameClassAs(viaDriver);
        assertThat(((LarderException) viaExecutors).hint())
            .isEqualTo(((LarderException) viaDriver).hint());
        assertThat(viaExecutors.getMessage()).doesNotContain("s3cret", "wrong-password");
      }
    }
  }

  @Test
  void executorsWithoutLarderClassesAreAnErrorNamingTheExecutorJars() {
    try (FeatureStore store = TestRepos.applied(repo)) {
      RepoDefinitions defs = store.registry().snapshot().definitions();
      LatestRequest request =
          new LatestRequest(
              ViewPlan.allFeatures(
                  defs.requireFeatureView("driver_stats"), DefinitionLookup.of(defs)),
              Materializer.BEGINNING_OF_DATA,
              END);
      // what the executors of a cluster without spark.jars answered (SparkExecutorMaterializationIT
      // before the jars were shipped)
      SparkException failed =
          new SparkException(
              "Job aborted due to stage failure: Task 0 in stage 5.0 failed 4 times, most recent"
                  + " failure: Lost task 0.3 in stage 5.0 (TID 7) (127.0.0.1 executor 0):"
                  + " java.lang.ClassCastException: cannot assign instance of"
                  + " java.lang.invoke.SerializedLambda to field"
                  + " org.apache.spark.sql.execution.MapPartitionsExec.func of type"
                  + " scala.Function1 in instance of"
                  + " org.apache.spark.sql.execution.MapPartitionsExec");
      LarderException e = ExecutorMaterialization.failure(request, failed);
      assertThat(e)
          .isInstanceOf(BackendException.class)
          .hasMessageStartingWith(
              "cannot materialize feature view 'driver_stats' from the Spark executors: the"
                  + " executors cannot load Larder's classes")
          .hasCause(failed);
      assertThat(e.hint()).contains("executor/", "spark.jars", "bin/larder plugin install spark");
    }
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
      } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
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
