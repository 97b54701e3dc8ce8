package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.larder.core.BackendException;
import dev.larder.core.LarderException;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.HealthProbe;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.StoredRow;
import dev.larder.testkit.TestRedisCluster;
import dev.larder.testkit.TestRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis online store when Redis goes away (issue #9 item 5), on a {@code redis-server} of this
 * test's own that it kills, pauses and restarts: every call fails within the store's timeouts with
 * a {@link BackendException} naming the store and the fix, never hangs, and the same store instance
 * works again once Redis is back, its write script loaded again after a restart. The same for a
 * master of a Redis Cluster of this test's own ({@link TestRedisCluster}): killed, then hung.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisOutageIT {
  /** The most a failing call may take when Redis is gone: a refused connection is known at once. */
  private static final Duration REFUSED_WITHIN = Duration.ofMillis(1_000);

  /**
   * The most a failing call may take when Redis hangs: twice the answer timeout (the silence, then
   * the pool's attempt to replace the dead connection, which waits as long for Redis's greeting;
   * 4.5 s measured for a write of 80 MB) and some slack for a busy machine.
   */
  private static final Duration HUNG_WITHIN = Duration.ofMillis(6_000);

  private static final OnlineViewSchema VIEW =
      new OnlineViewSchema(
          "driver_stats",
          List.of(new OnlineViewSchema.KeyField("driver_id", ValueType.INT64)),
          IntStream.range(0, 20).mapToObj(i -> Field.of("f" + i, "Float64")).toList());

  private static final OnlineViewSchema BLOBS =
      new OnlineViewSchema(
          "blobs",
          List.of(new OnlineViewSchema.KeyField("driver_id", ValueType.INT64)),
          List.of(Field.of("blob", "String")));

  private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void redisServerIsInstalled() {
    TestRedisServer.requireBinary();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private TestRedisServer server(boolean keepData) {
    Path own = dir.resolve("redis-" + open.size());
    TestRedisServer s =
        keepData ? TestRedisServer.startWithAppendOnlyFile(own) : TestRedisServer.start(own);
    open.add(s);
    return s;
  }

  private RedisOnlineStore store(TestRedisServer redis) {
    RedisOnlineStore s =
        RedisOnlineStoreFactory.open(
            RedisConnectionString.parse(redis.address()), "outage_test", 0);
    open.add(s);
    return s;
  }

  private static EntityKey driver(long id) {
    return EntityKey.of(List.of("driver_id"), id);
  }

  private static List<OnlineRow> rows(int from, int count, Instant event) {
    List<OnlineRow> rows = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      List<Object> values = new ArrayList<>();
      for (int f = 0; f < VIEW.features().size(); f++) {
        values.add(i + f / 100.0);
      }
      rows.add(new OnlineRow(driver(i), values, event, event.plusSeconds(60)));
    }
    return rows;
  }

  private static List<EntityKey> keys(int count) {
    return IntStream.range(0, count).mapToObj(i -> driver(i)).toList();
  }

  /** Asserts that {@code call} fails with a backend error naming {@code redis}, soon enough. */
  private static BackendException failsSoon(TestRedisServer redis, Runnable call) {
    return failsWithin(redis.running() ? HUNG_WITHIN : REFUSED_WITHIN, redis, call);
  }

  /**
   * Asserts that {@code call} fails with a backend error naming {@code redis} within {@code limit}.
   */
  private static BackendException failsWithin(
      Duration limit, TestRedisServer redis, Runnable call) {
    return failsWithin(
        limit, "redis://127.0.0.1:" + redis.port() + "/0 (project outage_test)", call);
  }

  /**
   * Asserts that {@code call} fails within {@code limit} with a backend error naming the store at
   * {@code location} and a fix.
   */
  private static BackendException failsWithin(Duration limit, String location, Runnable call) {
    long start = System.nanoTime();
    Throwable thrown = null;
    try {
      call.run();
    } catch (Throwable t) {
      thrown = t;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(thrown).as("the call's failure").isInstanceOf(BackendException.class);
    assertThat(took).as("time to fail").isLessThan(limit);
    BackendException e = (BackendException) thrown;
    assertThat(e.getMessage()).contains("Redis online store at " + location);
    assertThat(e.hint()).isNotBlank();
    return e;
  }

  /** {@code call}'s result once it stops failing, within {@code limit}. */
  private static <T> T soon(Duration limit, ThrowingSupplier<T> call) throws Throwable {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        return call.get();
      } catch (LarderException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void aKilledRedisFailsEveryCallAtOnceAndTheSameStoreWorksAgainAfterARestart() {
    TestRedisServer redis = server(false);
    RedisOnlineStore store = store(redis);
    store.write(VIEW, rows(0, 10, T1));
    assertThat(store.read(VIEW, keys(10))).doesNotContainNull();
    store.probe();

    redis.kill();
    BackendException read = failsSoon(redis, () -> store.read(VIEW, keys(10)));
    assertThat(read.getMessage()).startsWith("cannot read from");
    assertThat(read.hint()).contains("Check that Redis is running").contains("connection_string");
    assertThat(failsSoon(redis, () -> store.write(VIEW, rows(0, 10, T1))).getMessage())
        .startsWith("cannot write to");
    assertThat(failsSoon(redis, () -> store.deleteView(VIEW)).getMessage())
        .startsWith("cannot delete from");
    assertThat(failsSoon(redis, store::probe).getMessage())
        .startsWith("cannot reach")
        .contains("Connection refused");

    redis.restart();
    // the failures dropped the pool's dead connections: the first calls after the restart work
    store.probe();
    assertThat(store.read(VIEW, keys(10))).containsOnlyNulls(); // nothing kept on disk
    store.write(VIEW, rows(0, 10, T1)); // the write script is loaded again (NOSCRIPT)
    assertThat(store.read(VIEW, keys(10))).doesNotContainNull();
  }

  @Test
  void aRestartThatNoCallSawCostsNoCall() throws Exception {
    TestRedisServer redis = server(false);
    RedisOnlineStore store = store(redis);
    // several idle connections in the pool, all dead after the restart
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<StoredRow>>> reads = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        reads.add(pool.submit(() -> store.read(VIEW, keys(100))));
      }
      for (Future<List<StoredRow>> f : reads) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    redis.kill();
    redis.restart();
    for (int i = 0; i < 20; i++) {
      assertThat(store.read(VIEW, keys(3))).containsOnlyNulls();
    }
    store.write(VIEW, rows(0, 3, T1));
    assertThat(store.read(VIEW, keys(3))).doesNotContainNull();
  }

  @Test
  void aHungRedisFailsEachCallWithinTheTimeoutAlsoABatchLargerThanTheSocketBuffers()
      throws Throwable {
    TestRedisServer redis = server(false);
    RedisOnlineStore store = store(redis);
    store.write(VIEW, rows(0, 10, T1));

    redis.pause();
    try {
      // on the pool's open connection, 80 MB of commands: more than the kernel's buffers take while
      // nobody reads them (up to
      // 32 + 4 MB here), so the write blocks until the socket is closed under it
      String blob = "x".repeat(4_000);
      List<OnlineRow> large = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        large.add(new OnlineRow(driver(i), List.of(blob), T1, null));
      }
      failsSoon(redis, () -> store.write(BLOBS, large));
      assertThat(failsSoon(redis, () -> store.read(VIEW, keys(10))).getMessage())
          .contains("no answer within 2 s");
      failsSoon(redis, store::probe);
    } finally {
      redis.resume();
    }
    List<StoredRow> back = soon(Duration.ofSeconds(5), () -> store.read(VIEW, keys(10)));
    assertThat(back).doesNotContainNull();
  }

  @Test
  void manyCallsOnAHungRedisAllEndWithinTheTimeoutAndTheBorrowWait() throws Exception {
    TestRedisServer redis = server(false);
    RedisOnlineStore store = store(redis);
    store.write(VIEW, rows(0, 10, T1));
    redis.pause();
    ExecutorService pool =
        Executors.newFixedThreadPool(RedisOnlineStoreFactory.MAX_CONNECTIONS * 2);
    try {
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < RedisOnlineStoreFactory.MAX_CONNECTIONS * 2; i++) {
        calls.add(
            pool.submit(
                () -> {
                  long start = System.nanoTime();
                  try {
                    store.read(VIEW, keys(10));
                    return "answered while Redis was paused";
                  } catch (BackendException e) {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    return took.compareTo(HUNG_WITHIN) < 0 ? e : "took " + took;
                  }
                }));
      }
      List<String> busy = new ArrayList<>();
      for (Future<Object> f : calls) {
        Object outcome = f.get(30, TimeUnit.SECONDS);
        if (!(outcome instanceof BackendException e)) {
          fail("a call " + outcome);
          return;
        }
        if (e.getMessage().contains("connections stayed busy")) {
          busy.add(e.getMessage());
        }
      }
      assertThat(busy).as("calls that found every connection in use").isNotEmpty();
    } finally {
      pool.shutdownNow();
      redis.resume();
    }
  }

  @Test
  void aRestartThatKeptTheDataLoadsTheWriteScriptAgain() {
    TestRedisServer redis = server(true);
    RedisOnlineStore store = store(redis);
    store.write(VIEW, rows(0, 10, T1));
    redis.kill();
    redis.restart();
    List<StoredRow> kept = store.read(VIEW, keys(10));
    assertThat(kept).doesNotContainNull();
    // Redis lost its scripts: the write gets NOSCRIPT, loads the script and writes
    store.write(VIEW, rows(0, 10, T1.plusSeconds(5)));
    assertThat(store.read(VIEW, keys(10)))
        .allSatisfy(r -> assertThat(r.eventTimestamp()).isEqualTo(T1.plusSeconds(5)));
  }

  @Test
  void aReadOnlyReplicaIsABackendErrorNamingThePrimaryAsTheFix() {
    TestRedisServer primary = server(false);
    TestRedisServer replica = server(false);
    try (RedisClient c = RedisClient.create("127.0.0.1", replica.port())) {
      c.sendCommand(Protocol.Command.REPLICAOF, "127.0.0.1", String.valueOf(primary.port()));
    }
    RedisOnlineStore store = store(replica);
    BackendException e = failsSoon(replica, () -> store.write(VIEW, rows(0, 1, T1)));
    assertThat(e.getMessage()).contains("read-only replica").contains("READONLY");
    assertThat(e.hint()).contains("primary");
  }

  @Test
  void aStoppedRedisGivesNoStackTraceOrJavaNameInTheMessage() {
    TestRedisServer redis = server(false);
    RedisOnlineStore store = store(redis);
    redis.stop();
    BackendException e = failsSoon(redis, () -> store.read(VIEW, keys(1)));
    assertThat(e.getMessage() + " " + e.hint()).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]");
    assertThatThrownBy(store::probe).isInstanceOf(BackendException.class);
    assertThat(store.capability(HealthProbe.class)).containsSame(store);
  }

  /**
   * How long a cluster node may be silent before the others count it as failed, in the clusters of
   * this class: long enough that the calls right after a kill meet the node itself, short enough
   * that the cluster then goes down (and comes back) within seconds.
   */
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

  private TestRedisCluster cluster() {
    TestRedisCluster c = TestRedisCluster.start(3, NODE_TIMEOUT);
    open.add(c);
    return c;
  }

  private RedisOnlineStore store(TestRedisCluster cluster) {
    RedisOnlineStore s =
        RedisOnlineStoreFactory.open(
            RedisConnectionString.parse(cluster.seeds()), true, "outage_test", 0);
    open.add(s);
    return s;
  }

  private static String location(TestRedisCluster cluster) {
    return "redis://" + cluster.seeds() + " (Redis Cluster, project outage_test)";
  }

  /** The first {@code count} drivers whose keys are ({@code on}) or are not in {@code slots}. */
  private static List<Integer> drivers(
      RedisOnlineStore store, BitSet slots, boolean on, int count) {
    List<Integer> out = new ArrayList<>(count);
    for (int i = 0; out.size() < count; i++) {
      if (slots.get(JedisClusterCRC16.getSlot(store.redisKey(VIEW, driver(i)))) == on) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<EntityKey> keys(List<Integer> drivers) {
    return drivers.stream().map(i -> driver(i)).toList();
  }

  private static List<OnlineRow> rows(List<Integer> drivers, Instant event) {
    List<OnlineRow> rows = new ArrayList<>();
    for (int i : drivers) {
      rows.addAll(rows(i, 1, event));
    }
    return rows;
  }

  /**
   * The backend error that {@code call} ends with, once it is one that {@code expected} accepts,
   * within {@code limit}; meanwhile it may answer or fail otherwise, but each call within {@link
   * #REFUSED_WITHIN}.
   */
  private static BackendException awaitFailure(
      Duration limit, Runnable call, Predicate<BackendException> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "no failure";
    while (System.nanoTime() < deadline) {
      long start = System.nanoTime();
      try {
        call.run();
      } catch (BackendException e) {
        if (expected.test(e)) {
          return e;
        }
        last = e.getMessage();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REFUSED_WITHIN);
      Thread.sleep(50);
    }
    throw new AssertionError("no expected failure within " + limit + "; last: " + last);
  }

  /**
   * A master of a 3-master cluster killed: the calls that touch it fail at once naming it, the
   * others are served until the cluster counts it as failed, then every call is refused with
   * CLUSTERDOWN; restarted, the cluster serves again and the same store works with it, its write
   * script loaded again on the restarted master.
   */
  @Test
  void aKilledClusterMasterFailsTheCallsThatTouchItAndTheStoreWorksAgainAfterItsRestart()
      throws Throwable {
    TestRedisCluster cluster = cluster();
    RedisOnlineStore store = store(cluster);
    String location = location(cluster);
    TestRedisServer victim = cluster.node(0);
    BitSet slots = cluster.slotsOf(victim);
    List<Integer> onVictim = drivers(store, slots, true, 5);
    List<Integer> elsewhere = drivers(store, slots, false, 5);
    store.write(VIEW, rows(0, 60, T1));
    store.probe();

    victim.kill();
    BackendException read =
        failsWithin(REFUSED_WITHIN, location, () -> store.read(VIEW, keys(onVictim)));
    assertThat(read.getMessage())
        .startsWith("cannot read from")
        .contains("node " + victim.address() + ": ")
        .contains("Connection refused");
    assertThat(read.hint()).contains("Check that Redis is running");
    assertThat(store.read(VIEW, keys(elsewhere)))
        .as("keys of the other masters, before the cluster counts the node as failed")
        .doesNotContainNull();
    assertThat(
            failsWithin(REFUSED_WITHIN, location, () -> store.write(VIEW, rows(onVictim, T1)))
                .getMessage())
        .startsWith("cannot write to")
        .contains(victim.address());
    assertThat(failsWithin(REFUSED_WITHIN, location, store::probe).getMessage())
        .startsWith("cannot reach")
        .contains(victim.address());

    BackendException down =
        awaitFailure(
            Duration.ofSeconds(30),
            () -> store.read(VIEW, keys(elsewhere)),
            e -> e.getMessage().contains("CLUSTERDOWN"));
    assertThat(down.getMessage()).contains("Redis online store at " + location);
    assertThat(down.getMessage()).contains("Redis is not ready");
    assertThat(down.hint()).contains("Retry in a few seconds");

    long restarting = System.nanoTime();
    victim.restart();
    assertThat(soon(Duration.ofSeconds(30), () -> store.read(VIEW, keys(elsewhere))))
        .doesNotContainNull();
    System.out.printf(
        "cluster reads work again %d ms after the killed master was restarted%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting));
    soon(
        Duration.ofSeconds(30),
        () -> {
          store.probe();
          return null;
        });
    assertThat(store.read(VIEW, keys(onVictim))).containsOnlyNulls(); // it kept nothing
    store.write(VIEW, rows(0, 60, T1)); // NOSCRIPT on the restarted master: loaded again
    assertThat(store.read(VIEW, keys(60))).doesNotContainNull();
  }

  /**
   * A cluster master hung (paused) while a batch larger than the socket buffers is written to it,
   * over a connection opened before: the write ends within the timeouts (the write timeout closes
   * the socket under it), and the store works again once the master goes on.
   */
  @Test
  void aHungClusterMasterFailsAWriteLargerThanTheSocketBuffersWithinTheTimeout() throws Throwable {
    TestRedisCluster cluster = cluster();
    RedisOnlineStore store = store(cluster);
    String location = location(cluster);
    TestRedisServer victim = cluster.node(1);
    BitSet slots = cluster.slotsOf(victim);
    List<Integer> onVictim = drivers(store, slots, true, 20_000);
    List<Integer> elsewhere = drivers(store, slots, false, 10);
    store.write(VIEW, rows(elsewhere, T1));
    store.write(VIEW, rows(onVictim.subList(0, 10), T1)); // a pooled connection to the victim

    victim.pause();
    try {
      // 80 MB of commands for the victim alone, more than the kernel takes while nobody reads
      String blob = "x".repeat(4_000);
      List<OnlineRow> large = new ArrayList<>();
      for (int i : onVictim) {
        large.add(new OnlineRow(driver(i), List.of(blob), T1, null));
      }
      BackendException write = failsWithin(HUNG_WITHIN, location, () -> store.write(BLOBS, large));
      assertThat(write.getMessage())
          .contains("node " + victim.address() + ": no answer within 2 s");
      assertThat(write).as("ended by the write timeout").hasStackTraceContaining("Write timed out");
      failsWithin(HUNG_WITHIN, location, store::probe);
    } finally {
      victim.resume();
    }
    // the other masters counted it as failed meanwhile: they serve again once they see it back
    List<EntityKey> both = new ArrayList<>(keys(onVictim.subList(0, 10)));
    both.addAll(keys(elsewhere));
    long resumed = System.nanoTime();
    assertThat(soon(Duration.ofSeconds(30), () -> store.read(VIEW, both))).doesNotContainNull();
    System.out.printf(
        "cluster reads work again %d ms after the hung master went on%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed));
  }
}
