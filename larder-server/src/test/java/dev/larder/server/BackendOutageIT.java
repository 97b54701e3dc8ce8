package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.access.Principal;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.redis.RedisOnlineStore;
import dev.larder.testkit.TestRedisCluster;
import dev.larder.testkit.TestRedisServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature server when its Redis online store goes away under load (issue #9 item 5 and its
 * acceptance: "stopping Redis under load gives 503s with JSON errors, not stack traces or hangs,
 * and serving resumes within seconds of Redis coming back"), on a {@code redis-server} of this
 * test's own: the sample repository is served from it while four clients read as fast as they can;
 * Redis is killed, then restarted on the same port, then paused and resumed; the server is never
 * restarted.
 *
 * <p>Every reply must be 200 or a 503 with the JSON error body naming the Redis store and the fix,
 * within the bound; {@code /health} must name the online store while it is down; the endpoints that
 * write to it (push online, write-to-online-store, materialize) must answer 503 too, while those
 * that do not touch it (a push offline, {@code /metrics}) keep working; reads must succeed again
 * within seconds of Redis's return, and a materialization then fills the emptied store again. The
 * same for a master of a 3-master Redis Cluster ({@link TestRedisCluster}), killed and restarted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackendOutageIT {
  /** The most a reply may take while Redis is gone (a refused connection is known at once). */
  private static final Duration DOWN_REPLY_WITHIN = Duration.ofSeconds(2);

  /**
   * The most a reply may take while Redis hangs: twice the store's 2 s timeout (the silence, then
   * the pool's attempt to replace the dead connection) and slack for a busy machine.
   */
  private static final Duration HUNG_REPLY_WITHIN = Duration.ofSeconds(6);

  /** How soon reads must work again after Redis is back. */
  private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(10);

  private static final String READ =
      "{\"features\": [\"classification_features:feature_0\", \"classification_features:target\"],"
          + " \"entities\": {\"sample_index\": [1, 2, 3]}}";

  @TempDir Path work;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One reply of the load, with when it was sent (nanoTime) and how long it took. */
  private record Exchange(long sentAt, Duration took, int status, String body) {}

  @BeforeAll
  static void redisServerIsInstalled() {
    TestRedisServer.requireBinary();
  }

  private ServedRepo serve(TestRedisServer redis) throws IOException {
    return serve("online_store: {type: redis, connection_string: \"" + redis.address() + "\"}");
  }

  /** The sample repository served with {@code onlineStore} as its {@code online_store:} line. */
  private ServedRepo serve(String onlineStore) throws IOException {
    return new ServedRepo(
        work.resolve("repo"),
        ServerConfig.defaults(),
        Principal.local(),
        repo -> {
          Path config = repo.resolve("feature_store.yaml");
          String yaml = Files.readString(config);
          String changed =
              yaml.replace("online_store: {type: sqlite, path: data/online_store.db}", onlineStore);
          assertThat(changed).as("the template's online_store line").isNotEqualTo(yaml);
          Files.writeString(config, changed);
          // the push source's batch source a directory, so that pushes offline are taken
          Path extra = repo.resolve("extra.yaml");
          String pushed =
              Files.readString(extra)
                  .replace("path: data/classification_data.parquet,\n", "path: data/pushed,\n");
          assertThat(pushed).as("ServedRepo's push source").isNotEqualTo(Files.readString(extra));
          Files.writeString(extra, pushed);
          Path dir = Files.createDirectories(repo.resolve("data/pushed"));
          Files.copy(repo.resolve("data/classification_data.parquet"), dir.resolve("base.parquet"));
        });
  }

  @Test
  void redisKilledRestartedAndHungUnderLoad() throws Exception {
    try (TestRedisServer redis = TestRedisServer.start(work.resolve("redis"));
        ServedRepo served = serve(redis)) {
      String online = "redis://127.0.0.1:" + redis.port() + "/0 (project classification)";
      ServedRepo.Answer first = served.post("/get-online-features", READ);
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.json().at("/results/1/statuses/0").asText()).isEqualTo("PRESENT");
      assertThat(served.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");

      Queue<Exchange> load = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> readers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        readers.add(clients.submit(() -> readUntilStopped(served, running, load)));
      }
      try {
        Thread.sleep(500);

        // 1. killed: every request touching Redis is a quick 503; the others keep working
        long killedAt = System.nanoTime();
        redis.kill();
        JsonNode health = awaitHealth(served, 503, Duration.ofSeconds(5));
        assertThat(health.at("/error/code").asText()).isEqualTo("BACKEND_UNAVAILABLE");
        assertThat(health.at("/error/message").asText())
            .startsWith(
                "the online store is not reachable: cannot reach the Redis online store at "
                    + online)
            .contains("Connection refused")
            .contains("Check that Redis is running");
        assertThat(health.at("/status").asText()).isEqualTo("unavailable");
        assertThat(health.at("/backends/online_store/status").asText()).isEqualTo("unavailable");
        assertThat(health.at("/backends/online_store/type").asText()).isEqualTo("redis");
        assertThat(health.at("/backends/online_store/location").asText()).isEqualTo(online);
        assertThat(health.at("/backends/registry/status").asText()).isEqualTo("ok");
        assertThat(health.at("/backends/registry/type").asText()).isEqualTo("sqlite");

        // a push offline does not touch Redis; its row (of 2029) gives materialize-incremental
        // something to write
        ServedRepo.Answer offline = served.post("/push", push("offline", "2029-01-01T00:00:00Z"));
        assertThat(offline.status()).as(offline.body()).isEqualTo(200);
        assertThat(served.get("/metrics").status()).isEqualTo(200);
        for (String[] call : writesToRedis()) {
          long start = System.nanoTime();
          ServedRepo.Answer a = served.post(call[0], call[1]);
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .as(call[0])
              .isLessThan(DOWN_REPLY_WITHIN);
          assertBackendUnavailable(call[0], a, online);
        }
        Thread.sleep(1_000);

        // 2. restarted on the same port: reads work again within seconds, without a restart of
        // the server; the restarted Redis kept nothing, so the values are NOT_FOUND until a
        // materialization
        long restartedAt = System.nanoTime();
        redis.restart();
        long recoveredAt = awaitRead(served, RECOVERS_WITHIN);
        System.out.printf(
            "reads work again %d ms after Redis answers PING%n",
            TimeUnit.NANOSECONDS.toMillis(recoveredAt - restartedAt));
        awaitHealth(served, 200, Duration.ofSeconds(5));
        ServedRepo.Answer empty = served.post("/get-online-features", READ);
        assertThat(empty.json().at("/results/1/statuses/0").asText()).isEqualTo("NOT_FOUND");
        ServedRepo.Answer materialized =
            served.post(
                "/materialize",
                "{\"start_ts\": \"2000-01-01T00:00:00Z\", \"end_ts\": \""
                    + served.materializedTo
                    + "\"}");
        assertThat(materialized.status()).as(materialized.body()).isEqualTo(200);
        ServedRepo.Answer again = served.post("/get-online-features", READ);
        assertThat(again.json().at("/results/1").toString())
            .isEqualTo(first.json().at("/results/1").toString());
        assertThat(served.post("/push", push("online")).status()).isEqualTo(200);

        // 3. hung: replies take at most the timeouts, then serving resumes
        long pausedAt = System.nanoTime();
        redis.pause();
        try {
          awaitHealth(served, 503, Duration.ofSeconds(10));
          Thread.sleep(3_000);
        } finally {
          redis.resume();
        }
        long resumedAt = System.nanoTime();
        awaitRead(served, RECOVERS_WITHIN);
        Thread.sleep(500);

        running.set(false);
        for (Future<?> f : readers) {
          f.get(30, TimeUnit.SECONDS);
        }
        check(load, killedAt, restartedAt, online, DOWN_REPLY_WITHIN);
        check(load, pausedAt, resumedAt, online, HUNG_REPLY_WITHIN);
        System.out.println("replies under load: " + summary(load));
      } finally {
        running.set(false);
        clients.shutdownNow();
      }
    }
  }

  /** The sample repository's view, as far as its keys in Redis go. */
  private static final OnlineViewSchema VIEW =
      new OnlineViewSchema(
          "classification_features",
          List.of(new OnlineViewSchema.KeyField("sample_index", ValueType.INT64)),
          List.of(Field.of("feature_0", "Float64")));

  private static EntityKey sample(long index) {
    return EntityKey.of(List.of("sample_index"), index);
  }

  /** A read of 30 keys: some of them on each master of a 3-master cluster. */
  private static final String READ_MANY =
      "{\"features\": [\"classification_features:feature_0\", \"classification_features:target\"],"
          + " \"entities\": {\"sample_index\": ["
          + IntStream.rangeClosed(1, 30).mapToObj(String::valueOf).collect(Collectors.joining(", "))
          + "]}}";

  /**
   * The same with the online store on a 3-master Redis Cluster of this test's own: one master is
   * killed under load (the reads touching it are quick JSON 503s naming the node; once the other
   * masters count it as failed, the reads of their keys are 503s with CLUSTERDOWN), then restarted:
   * reads succeed again without a restart of the server, and a materialization fills its keys
   * again.
   */
  @Test
  void aClusterMasterKilledAndRestartedUnderLoad() throws Exception {
    try (TestRedisCluster cluster = TestRedisCluster.start(3, Duration.ofSeconds(3));
        ServedRepo served =
            serve(
                "online_store: {type: redis, redis_type: redis_cluster, connection_string: \""
                    + cluster.seeds()
                    + "\"}")) {
      String online = "redis://" + cluster.seeds() + " (Redis Cluster, project classification)";
      ServedRepo.Answer first = served.post("/get-online-features", READ_MANY);
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.json().at("/results/1/statuses").toString()).doesNotContain("NOT_FOUND");
      assertThat(served.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");

      Queue<Exchange> load = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> readers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        readers.add(clients.submit(() -> readUntilStopped(served, READ_MANY, running, load)));
      }
      try {
        Thread.sleep(500);

        // the victim: the master of sample 1's key; and a sample whose key is on another master
        RedisOnlineStore store = (RedisOnlineStore) served.store.online();
        TestRedisServer victim = cluster.nodeOf(store.redisKey(VIEW, sample(1)));
        long elsewhere = 2;
        while (cluster.nodeOf(store.redisKey(VIEW, sample(elsewhere))) == victim) {
          elsewhere++;
        }
        String readElsewhere =
            "{\"features\": [\"classification_features:feature_0\"], \"entities\":"
                + " {\"sample_index\": ["
                + elsewhere
                + "]}}";

        long killedAt = System.nanoTime();
        victim.kill();
        JsonNode health = awaitHealth(served, 503, Duration.ofSeconds(5));
        assertThat(health.at("/error/code").asText()).isEqualTo("BACKEND_UNAVAILABLE");
        assertThat(health.at("/error/message").asText())
            .startsWith(
                "the online store is not reachable: cannot reach the Redis online store at "
                    + online);
        assertThat(health.at("/backends/online_store/location").asText()).isEqualTo(online);
        assertThat(health.at("/backends/registry/status").asText()).isEqualTo("ok");

        // a read touching the killed master: a quick 503 naming it
        long start = System.nanoTime();
        ServedRepo.Answer touching = served.post("/get-online-features", READ_MANY);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DOWN_REPLY_WITHIN);
        assertBackendUnavailable("a read touching the killed master", touching, online);
        assertThat(touching.json().at("/error/message").asText())
            .contains("node " + victim.address() + ": ")
            .contains("Connection refused");
        // a read of another master's key: served until the others count the master as failed,
        // then a 503 with CLUSTERDOWN
        ServedRepo.Answer down =
            awaitJson(
                served,
                "/get-online-features",
                readElsewhere,
                a -> a.status() == 503 && a.body().contains("CLUSTERDOWN"),
                Duration.ofSeconds(30));
        assertBackendUnavailable(
            "a read once the cluster is down", down, online, CLUSTER_DOWN_FIXES);
        assertThat(down.json().at("/error/message").asText()).contains("Redis is not ready");

        long restartedAt = System.nanoTime();
        victim.restart();
        long recoveredAt = awaitRead(served, READ_MANY, Duration.ofSeconds(30));
        System.out.printf(
            "cluster reads work again %d ms after the killed master answers PING%n",
            TimeUnit.NANOSECONDS.toMillis(recoveredAt - restartedAt));
        awaitHealth(served, 200, Duration.ofSeconds(10));
        ServedRepo.Answer materialized =
            served.post(
                "/materialize",
                "{\"start_ts\": \"2000-01-01T00:00:00Z\", \"end_ts\": \""
                    + served.materializedTo
                    + "\"}");
        assertThat(materialized.status()).as(materialized.body()).isEqualTo(200);
        ServedRepo.Answer again = served.post("/get-online-features", READ_MANY);
        assertThat(again.json().at("/results").toString())
            .isEqualTo(first.json().at("/results").toString());

        running.set(false);
        for (Future<?> f : readers) {
          f.get(30, TimeUnit.SECONDS);
        }
        check(load, killedAt, restartedAt, online, DOWN_REPLY_WITHIN, CLUSTER_DOWN_FIXES);
        System.out.println("replies under load (cluster): " + summary(load));
      } finally {
        running.set(false);
        clients.shutdownNow();
      }
    }
  }

  /** The calls that write to the online store, each of which must be a 503 while it is down. */
  private static List<String[]> writesToRedis() {
    return List.of(
        new String[] {"/get-online-features", READ},
        new String[] {"/push", push("online")},
        new String[] {"/push", push("online_and_offline")},
        new String[] {
          "/write-to-online-store",
          "{\"feature_view_name\": \"pushed_features\", \"df\": {\"sample_index\": [5],"
              + " \"event_timestamp\": [\"2025-06-01T00:00:00Z\"], \"created_timestamp\":"
              + " [\"2025-06-01T00:01:00Z\"], \"feature_0\": [0.5], \"target\": [1]}}"
        },
        new String[] {
          "/materialize",
          "{\"start_ts\": \"2000-01-01T00:00:00Z\", \"end_ts\": \"2030-01-01T00:00:00Z\"}"
        },
        new String[] {"/materialize-incremental", "{\"end_ts\": \"2030-01-01T00:00:00Z\"}"});
  }

  private static String push(String to) {
    return push(to, "2025-06-01T00:00:00Z");
  }

  private static String push(String to, String eventTime) {
    return "{\"push_source_name\": \"classification_push\", \"df\": {\"sample_index\": [5],"
        + " \"event_timestamp\": [\""
        + eventTime
        + "\"], \"created_timestamp\": [\""
        + eventTime
        + "\"], \"feature_0\": [0.5], \"target\": [1]}, \"to\": \""
        + to
        + "\"}";
  }

  /** The fix a 503 names while one Redis server is down. */
  private static final List<String> SERVER_DOWN_FIX = List.of("Check that Redis is running");

  /**
   * The fixes a 503 names while a cluster master is down: the node does not answer, or the others
   * have counted it as failed (CLUSTERDOWN).
   */
  private static final List<String> CLUSTER_DOWN_FIXES =
      List.of("Check that Redis is running", "Retry in a few seconds");

  private static void assertBackendUnavailable(String what, ServedRepo.Answer a, String online) {
    assertBackendUnavailable(what, a, online, SERVER_DOWN_FIX);
  }

  private static void assertBackendUnavailable(
      String what, ServedRepo.Answer a, String online, List<String> fixes) {
    assertThat(a.status()).as(what + ": " + a.body()).isEqualTo(503);
    assertThat(a.contentType()).startsWith("application/json");
    JsonNode error = a.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("BACKEND_UNAVAILABLE");
    String message = error.get("message").asText();
    assertThat(message).as(what).contains("Redis online store at " + online);
    assertThat(fixes).as(what + ": the fix in " + message).anyMatch(message::contains);
  }

  /** Reads until {@code running} is cleared, recording every reply. */
  private void readUntilStopped(ServedRepo served, AtomicBoolean running, Queue<Exchange> load) {
    readUntilStopped(served, READ, running, load);
  }

  private void readUntilStopped(
      ServedRepo served, String read, AtomicBoolean running, Queue<Exchange> load) {
    while (running.get()) {
      long start = System.nanoTime();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(served.uri("/get-online-features"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(read))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        served.record(r.body());
        load.add(
            new Exchange(
                start, Duration.ofNanos(System.nanoTime() - start), r.statusCode(), r.body()));
      } catch (IOException e) {
        load.add(
            new Exchange(start, Duration.ofNanos(System.nanoTime() - start), -1, e.toString()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Checks the replies sent between {@code from} and {@code to}: each 200 or the JSON 503 naming
   * the store, within {@code bound}; some of them 503.
   */
  private static void check(
      Queue<Exchange> load, long from, long to, String online, Duration bound) {
    check(load, from, to, online, bound, SERVER_DOWN_FIX);
  }

  private static void check(
      Queue<Exchange> load, long from, long to, String online, Duration bound, List<String> fixes) {
    List<Exchange> window =
        load.stream().filter(e -> e.sentAt() >= from && e.sentAt() <= to).toList();
    assertThat(window).as("replies while Redis was away").isNotEmpty();
    for (Exchange e : window) {
      assertThat(e.status()).as(e.body()).isIn(200, 503);
      assertThat(e.took()).as("reply time, status " + e.status()).isLessThan(bound);
      if (e.status() == 503) {
        assertBackendUnavailable(
            "a read under load",
            new ServedRepo.Answer(503, e.body(), "application/json"),
            online,
            fixes);
      }
    }
    assertThat(window).as("503s while Redis was away").anyMatch(e -> e.status() == 503);
    for (Exchange e : load) {
      assertThat(e.status()).as("every reply of the load: " + e.body()).isIn(200, 503);
    }
  }

  private static Map<String, Long> summary(Queue<Exchange> load) {
    Map<String, Long> counts = new TreeMap<>();
    for (Exchange e : load) {
      counts.merge(String.valueOf(e.status()), 1L, Long::sum);
    }
    long max = load.stream().mapToLong(e -> e.took().toMillis()).max().orElse(0);
    counts.put("slowest_ms", max);
    return counts;
  }

  /** The health reply once its status is {@code status}, within {@code limit}. */
  private static JsonNode awaitHealth(ServedRepo served, int status, Duration limit)
      throws InterruptedException {
    return awaitJson(served, "/health", null, a -> a.status() == status, limit).json();
  }

  /** When a read first succeeded, within {@code limit}. */
  private static long awaitRead(ServedRepo served, Duration limit) throws InterruptedException {
    return awaitRead(served, READ, limit);
  }

  private static long awaitRead(ServedRepo served, String read, Duration limit)
      throws InterruptedException {
    awaitJson(served, "/get-online-features", read, a -> a.status() == 200, limit);
    return System.nanoTime();
  }

  private static ServedRepo.Answer awaitJson(
      ServedRepo served,
      String path,
      String body,
      Predicate<ServedRepo.Answer> done,
      Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    ServedRepo.Answer last;
    do {
      last = body == null ? served.get(path) : served.post(path, body);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(path + " did not come round within " + limit + "; last: " + last);
  }
}
