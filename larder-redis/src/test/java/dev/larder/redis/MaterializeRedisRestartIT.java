package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.testkit.TestRedisServer;
import dev.larder.testkit.TestRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Issue #9 item 5: "a materialization interrupted by a Redis restart, re-run, leaves the store
 * equal to a clean run", on a {@code redis-server} of this test's own. A view of {@value #KEYS}
 * keys holds the rows of an earlier, shorter materialization; a materialization of the whole range
 * (a newer row for every key) is interrupted by killing Redis while its batches are being written;
 * Redis is restarted and the same materialization run again. Every hash of the project must then
 * equal, byte for byte, what a clean run of the same two materializations wrote into another
 * database of the same Redis.
 *
 * <p>Run twice: with Redis keeping nothing on disk (the restart loses everything, the re-run writes
 * all), and with an append-only file synced per write (the restart keeps every batch answered
 * before the kill and its write script is gone, so the re-run starts from a mix of old and new rows
 * and must load the script again).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MaterializeRedisRestartIT {
  /** Entity keys, each with an old and a new row: 20 batches of the materializer's 5,000. */
  static final int KEYS = 100_000;

  /** Rows written when Redis is killed: a tenth of the run, so most batches are still to come. */
  static final long KILL_AFTER_ROWS = 10_000;

  static final String PROJECT = "interrupted";

  static final Instant OLD_END = Instant.parse("2025-03-01T00:00:00Z");
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  static final String DEFINITIONS =
      """
      entities:
        - {name: customer, join_keys: [customer_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: %s, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - name: customer_stats
          entities: [customer]
          source: stats
          schema:
            - {name: f0, dtype: Float64}
            - {name: f1, dtype: Float64}
            - {name: f2, dtype: Float64}
            - {name: f3, dtype: Float64}
            - {name: f4, dtype: Float64}
            - {name: f5, dtype: Float64}
            - {name: f6, dtype: Float64}
            - {name: f7, dtype: Float64}
            - {name: orders, dtype: Int64}
            - {name: segment, dtype: String}
      """;

  @TempDir Path work;

  @BeforeAll
  static void redisServerIsInstalled() {
    TestRedisServer.requireBinary();
  }

  /**
   * For each key, an old row (January or February 2025) and a new one (June 2025 on), its created
   * time a minute later, values that differ between the two.
   */
  private Path data() {
    Path file = work.resolve("stats.parquet");
    String row =
        "SELECT i AS customer_id, %s + to_seconds(i) AS event_timestamp,"
            + " %s + to_seconds(i + 60) AS created, %s"
            + " %s * 1000 + i AS orders, 'segment-' || (i %% 7 + %s) AS segment FROM range(%d) t(i)";
    StringBuilder features = new StringBuilder();
    for (int f = 0; f < 8; f++) {
      features.append("(i * ").append(f + 1).append(" + %1$s) / 3.0 AS f").append(f).append(", ");
    }
    String old =
        String.format(
            row,
            "TIMESTAMPTZ '2025-01-01 00:00:00+00'",
            "TIMESTAMPTZ '2025-01-01 00:00:00+00'",
            String.format(features.toString(), "0.25"),
            "1",
            "0",
            KEYS);
    String young =
        String.format(
            row,
            "TIMESTAMPTZ '2025-06-01 00:00:00+00'",
            "TIMESTAMPTZ '2025-06-01 00:00:00+00'",
            String.format(features.toString(), "0.75"),
            "2",
            "100",
            KEYS);
    TestRepos.copy(old + " UNION ALL " + young, file);
    return file;
  }

  /** A repository of project {@value #PROJECT} on database {@code db} of {@code redis}. */
  private FeatureStore repo(String name, Path data, TestRedisServer redis, int db)
      throws IOException {
    Path repo = Files.createDirectories(work.resolve(name));
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: "
            + PROJECT
            + "\nregistry: data/registry.db\nprovider: local\nonline_store:\n  type: redis\n"
            + "  connection_string: \""
            + redis.address()
            + ",db="
            + db
            + "\"\noffline_store: {type: duckdb}\nentity_key_serialization_version: 3\n");
    Files.writeString(repo.resolve("features.yaml"), String.format(DEFINITIONS, data));
    FeatureStore store = FeatureStore.open(repo);
    store.apply();
    return store;
  }

  @ParameterizedTest(name = "append-only file: {0}")
  @ValueSource(booleans = {false, true})
  void aRunInterruptedByARedisRestartThenRunAgainEqualsACleanRun(boolean keepData)
      throws Exception {
    Path data = data();
    Path redisDir = work.resolve("redis");
    Map<String, String> afterRestart;
    try (TestRedisServer redis =
        keepData
            ? TestRedisServer.startWithAppendOnlyFile(redisDir)
            : TestRedisServer.start(redisDir)) {
      try (FeatureStore store = repo("interrupted", data, redis, 0)) {
        store.materialize(START, OLD_END); // every key's old row
        AtomicLong written = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> kill = new CompletableFuture<>();
        MaterializeProgress killMidway =
            new MaterializeProgress() {
              @Override
              public void rowsWritten(String view, long rowsDone) {
                written.set(rowsDone);
                if (rowsDone >= KILL_AFTER_ROWS && killed.compareAndSet(false, true)) {
                  // from another thread, so that it lands while later batches are being sent
                  CompletableFuture.runAsync(redis::kill).whenComplete((v, e) -> kill.complete(v));
                }
              }
            };
        assertThatThrownBy(() -> store.materialize(START, END, null, killMidway))
            .isInstanceOf(BackendException.class)
            .hasMessageContaining("Redis online store at redis://127.0.0.1:" + redis.port());
        kill.get(30, TimeUnit.SECONDS);
        System.out.printf(
            "append-only %s: Redis killed after %d of %d rows were written%n",
            keepData, written.get(), KEYS);
        assertThat(written.get()).as("rows written before the failure").isLessThan(KEYS);
        assertThat(store.snapshot().materializations("customer_stats"))
            .as("intervals recorded: the interrupted run's is not")
            .allSatisfy(i -> assertThat(i.end()).isEqualTo(OLD_END));

        redis.restart();
        afterRestart = hashes(redis, 0);
        System.out.printf(
            "append-only %s: %d hashes after the restart%n", keepData, afterRestart.size());
        if (keepData) {
          assertThat(afterRestart).as("the old rows kept on disk").hasSize(KEYS);
        } else {
          assertThat(afterRestart).as("nothing kept").isEmpty();
        }
        store.materialize(START, END); // the same command again
      }

      try (FeatureStore clean = repo("clean", data, redis, 1)) {
        clean.materialize(START, OLD_END);
        clean.materialize(START, END);
      }

      Map<String, String> rerun = hashes(redis, 0);
      Map<String, String> reference = hashes(redis, 1);
      assertThat(reference).hasSize(KEYS);
      long newBeforeRerun =
          afterRestart.entrySet().stream()
              .filter(e -> e.getValue().equals(reference.get(e.getKey())))
              .count();
      System.out.printf(
          "append-only %s: %d hashes held their final row before the re-run%n",
          keepData, newBeforeRerun);
      if (keepData) {
        assertThat(newBeforeRerun)
            .as("hashes with the new row after the restart: the batches written before the kill")
            .isBetween(KILL_AFTER_ROWS, KEYS - 1L);
        // and each hash whole, as before the interrupted run or as after it (DESIGN B6)
        try (FeatureStore before = repo("before", data, redis, 2)) {
          before.materialize(START, OLD_END);
        }
        Map<String, String> old = hashes(redis, 2);
        List<String> mixed = new ArrayList<>();
        afterRestart.forEach(
            (key, digest) -> {
              if (!digest.equals(old.get(key)) && !digest.equals(reference.get(key))) {
                mixed.add(key);
              }
            });
        assertThat(mixed).as("hashes neither as before nor as after after the kill").isEmpty();
      }
      List<String> differing = new ArrayList<>();
      for (Map.Entry<String, String> e : reference.entrySet()) {
        if (!e.getValue().equals(rerun.get(e.getKey()))) {
          differing.add(e.getKey());
        }
      }
      assertThat(differing).as("keys whose hash differs from the clean run's").isEmpty();
      assertThat(rerun.keySet()).isEqualTo(reference.keySet());
    }
  }

  /**
   * Every hash of database {@code db}: its key in hex → a digest of its fields and values, sorted
   * by field.
   */
  private static Map<String, String> hashes(TestRedisServer redis, int db)
      throws NoSuchAlgorithmException {
    HexFormat hex = HexFormat.of();
    Map<String, String> out = new HashMap<>();
    try (RedisClient c =
        RedisClient.builder()
            .hostAndPort(new HostAndPort("127.0.0.1", redis.port()))
            .clientConfig(
                DefaultJedisClientConfig.builder().database(db).socketTimeoutMillis(30_000).build())
            .build()) {
      ScanParams params = new ScanParams().count(5_000);
      byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
      do {
        ScanResult<byte[]> step = c.scan(cursor, params);
        List<byte[]> keys = step.getResult();
        List<Response<Map<byte[], byte[]>>> fields = new ArrayList<>(keys.size());
        try (AbstractPipeline p = c.pipelined()) {
          for (byte[] key : keys) {
            fields.add(p.hgetAll(key));
          }
          p.sync();
        }
        for (int i = 0; i < keys.size(); i++) {
          TreeMap<String, String> sorted = new TreeMap<>();
          fields.get(i).get().forEach((f, v) -> sorted.put(hex.formatHex(f), hex.formatHex(v)));
          MessageDigest digest = MessageDigest.getInstance("SHA-256");
          digest.update(sorted.toString().getBytes(StandardCharsets.US_ASCII));
          out.put(hex.formatHex(keys.get(i)), hex.formatHex(digest.digest()));
        }
        cursor = step.getCursorAsBytes();
      } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    }
    return out;
  }
}
