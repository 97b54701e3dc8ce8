package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.StoredRow;
import dev.larder.testkit.TestRedisCluster;
import dev.larder.testkit.TestRedisServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.MigrateParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis online store on a Redis Cluster of 3 masters that this class starts on 127.0.0.1
 * ({@link TestRedisCluster}): the whole {@link RedisStoreContract} (the online store contract, with
 * its interrupted writes, and the Redis store's own rules), then what only a cluster has: keys
 * spread over nodes, slots that move while a store uses them, and options applied to every node.
 */
class RedisClusterOnlineStoreIT extends RedisStoreContract {
  @RegisterExtension static final TestRedisCluster.PerClass CLUSTER = TestRedisCluster.perClass(3);

  private static final AtomicInteger TESTS = new AtomicInteger();

  /** This test's prefix of its projects (the cluster is this class's own). */
  private final String run = "cluster_" + TESTS.incrementAndGet();

  private static RedisConnectionString connection() {
    return RedisConnectionString.parse(CLUSTER.seeds());
  }

  @Override
  protected RedisOnlineStore openOwn(String project, long keyTtlSeconds) {
    return RedisOnlineStoreFactory.open(connection(), true, project, keyTtlSeconds);
  }

  @Override
  protected String project(String project) {
    return run + "_" + project;
  }

  @Override
  protected String run() {
    return run;
  }

  @Override
  protected void onEachNode(Consumer<Jedis> work) {
    for (TestRedisServer node : CLUSTER.cluster().nodes()) {
      try (Jedis j = TestRedis.jedis(node)) {
        work.accept(j);
      }
    }
  }

  /** How many keys containing {@code part} each node holds, by address. */
  private static Map<String, Integer> keysPerNode(String part) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TestRedisServer node : CLUSTER.cluster().nodes()) {
      try (Jedis j = TestRedis.jedis(node)) {
        counts.put(node.address(), keysContaining(j, part).size());
      }
    }
    return counts;
  }

  private static List<OnlineRow> rows(int keys, String text) {
    List<OnlineRow> rows = new ArrayList<>();
    for (long id = 0; id < keys; id++) {
      rows.add(row(driver(id), T1, null, id * 0.5, id, text + id));
    }
    return rows;
  }

  private static List<EntityKey> drivers(int keys) {
    List<EntityKey> out = new ArrayList<>();
    for (long id = 0; id < keys; id++) {
      out.add(driver(id));
    }
    return out;
  }

  @Test
  void aViewsKeysSpreadOverTheNodesAreReadInOneCallAndDeletedFromEveryNode() {
    RedisOnlineStore s = (RedisOnlineStore) store();
    s.write(view("v"), rows(300, "v"));
    s.write(view("w"), rows(300, "w"));
    Map<String, Integer> before = keysPerNode(project("shop"));
    assertThat(before.values().stream().filter(n -> n > 0).count())
        .as("nodes holding keys: %s", before)
        .isGreaterThanOrEqualTo(2);
    assertThat(before.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);

    List<EntityKey> keys = new ArrayList<>(drivers(300));
    keys.add(driver(1_000));
    long start = System.nanoTime();
    List<StoredRow> read = s.read(view("v"), keys);
    long micros = (System.nanoTime() - start) / 1_000;
    assertThat(read).hasSize(301);
    for (int id = 0; id < 300; id++) {
      assertThat(values(read.get(id))).containsExactly(id * 0.5, (long) id, "v" + id);
    }
    assertThat(read.get(300)).isNull();
    System.out.printf("cluster read of 301 keys over %s: %d µs%n", before, micros);

    s.deleteView(view("v"));
    assertThat(s.read(view("v"), drivers(300))).containsOnlyNulls();
    assertThat(values(s.read(view("w"), List.of(driver(7))).get(0))).containsExactly(3.5, 7L, "w7");
    s.deleteView(view("w"));
    assertThat(keysPerNode(project("shop")).values()).containsOnly(0);
  }

  @Test
  void aScriptForgottenByOneNodeIsLoadedAgain() {
    OnlineStore s = store();
    s.write(view("v"), rows(50, "a"));
    try (Jedis first = TestRedis.jedis(CLUSTER.cluster().node(0))) {
      first.scriptFlush();
    }
    s.write(view("v"), List.of(row(driver(1), T2, null, 9.0, 9L, "b")));
    assertThat(values(s.read(view("v"), List.of(driver(1))).get(0))).containsExactly(9.0, 9L, "b");
  }

  /**
   * A slot moved to another node after the store learnt the slot map: the old node answers {@code
   * MOVED}, and the store reads the map again and goes to the new node.
   */
  @Test
  void aSlotMovedAwayIsFollowed() {
    RedisOnlineStore s = (RedisOnlineStore) store();
    s.write(view("v"), rows(20, "before"));
    byte[] key = s.redisKey(view("v"), driver(3));
    int slot = JedisClusterCRC16.getSlot(key);
    moveSlot(slot, key).finish();
    assertThat(values(s.read(view("v"), List.of(driver(3))).get(0)))
        .containsExactly(1.5, 3L, "before3");
    s.write(view("v"), List.of(row(driver(3), T2, null, 3.0, 30L, "after")));
    assertThat(values(s.read(view("v"), drivers(20)).get(3))).containsExactly(3.0, 30L, "after");
    try (Jedis owner = ownerOf(slot)) {
      assertThat(owner.exists(key)).isTrue();
    }
  }

  /**
   * A key moved while its slot is migrating: the old node answers {@code ASK} for it, and the store
   * asks the new node for that key alone.
   */
  @Test
  void aKeyOfAMigratingSlotIsAskedForWhereItWent() {
    RedisOnlineStore s = (RedisOnlineStore) store();
    s.write(view("v"), rows(20, "before"));
    byte[] key = s.redisKey(view("v"), driver(4));
    int slot = JedisClusterCRC16.getSlot(key);
    Migration m = moveSlot(slot, key);
    try {
      assertThat(values(s.read(view("v"), List.of(driver(4))).get(0)))
          .containsExactly(2.0, 4L, "before4");
      s.write(view("v"), List.of(row(driver(4), T2, null, 4.0, 40L, "after")));
      assertThat(values(s.read(view("v"), List.of(driver(4))).get(0)))
          .containsExactly(4.0, 40L, "after");
      try (Jedis target = TestRedis.jedis(m.target)) {
        assertThat(target.asking()).isEqualTo("OK");
        assertThat(target.hget(key, utf8("_ts:v"))).isNotNull();
      }
    } finally {
      m.finish();
    }
  }

  /** A slot's migration from one node to another, started by {@link #moveSlot}. */
  private record Migration(int slot, TestRedisServer source, TestRedisServer target) {
    /** Moves {@code key} alone (all the slot's keys when {@code null}) to the target. */
    void migrate(byte[] key) {
      try (Jedis from = TestRedis.jedis(source)) {
        for (byte[] k : from.clusterGetKeysInSlotBinary(slot, 10_000)) {
          if (key == null || Arrays.equals(k, key)) {
            from.migrate("127.0.0.1", target.port(), 0, 5_000, new MigrateParams(), k);
          }
        }
      }
    }

    /** Moves the slot's other keys and gives the slot to the target on every node. */
    void finish() {
      migrate(null);
      String targetId;
      try (Jedis t = TestRedis.jedis(target)) {
        targetId = t.clusterMyId();
      }
      List<TestRedisServer> order = new ArrayList<>(List.of(target, source));
      CLUSTER.cluster().nodes().stream().filter(n -> !order.contains(n)).forEach(order::add);
      for (TestRedisServer node : order) {
        try (Jedis j = TestRedis.jedis(node)) {
          j.clusterSetSlotNode(slot, targetId);
        }
      }
    }
  }

  /**
   * Starts moving {@code slot} to another node, as {@code redis-cli --cluster reshard} does: the
   * slot importing on the target and migrating on the source, and {@code key} moved.
   */
  private static Migration moveSlot(int slot, byte[] key) {
    TestRedisServer source = null;
    TestRedisServer target = null;
    for (TestRedisServer node : CLUSTER.cluster().nodes()) {
      try (Jedis j = TestRedis.jedis(node)) {
        if (j.clusterCountKeysInSlot(slot) > 0) {
          source = node;
        } else if (target == null) {
          target = node;
        }
      }
    }
    assertThat(source).as("the node holding slot %d", slot).isNotNull();
    try (Jedis from = TestRedis.jedis(source);
        Jedis to = TestRedis.jedis(target)) {
      to.clusterSetSlotImporting(slot, from.clusterMyId());
      from.clusterSetSlotMigrating(slot, to.clusterMyId());
    }
    Migration m = new Migration(slot, source, target);
    m.migrate(key);
    return m;
  }

  private static Jedis ownerOf(int slot) {
    for (TestRedisServer node : CLUSTER.cluster().nodes()) {
      Jedis j = TestRedis.jedis(node);
      if (j.clusterCountKeysInSlot(slot) > 0) {
        return j;
      }
      j.close();
    }
    throw new AssertionError("no node holds keys of slot " + slot);
  }

  @Test
  void aPasswordIsSentToEveryNodeAndAWrongOneIsAClearErrorWithoutIt() {
    String password = "cluster-s3cret";
    onEachNode(node -> node.configSet("requirepass", password));
    try {
      String nodes = CLUSTER.seeds();
      try (RedisOnlineStore s =
          RedisOnlineStoreFactory.open(
              RedisConnectionString.parse(nodes + ",password=" + password),
              true,
              project("auth"),
              0)) {
        s.write(view("v"), rows(30, "x"));
        assertThat(values(s.read(view("v"), drivers(30)).get(29)))
            .containsExactly(14.5, 29L, "x29");
        s.deleteView(view("v"));
        assertThat(s.location()).doesNotContain(password);
      }
      try (RedisOnlineStore s =
          RedisOnlineStoreFactory.open(
              RedisConnectionString.parse(nodes + ",password=wrong-w0rd"),
              true,
              project("auth"),
              0)) {
        assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
            .isInstanceOf(BackendException.class)
            .hasMessageStartingWith(
                "cannot read from the Redis online store at redis://"
                    + nodes
                    + " (Redis Cluster, project "
                    + project("auth")
                    + "): ")
            .hasMessageNotContaining("wrong-w0rd")
            .hasMessageNotContaining(password)
            .satisfies(
                e ->
                    assertThat(((BackendException) e).hint())
                        .startsWith("Check the password (and username)"));
      }
    } finally {
      onEachNode(
          node -> {
            node.auth(password);
            node.configSet("requirepass", "");
          });
    }
  }

  @Test
  void aClusterNodeNamedAsOneServerIsAnErrorThatNamesRedisCluster() {
    // the contract's keys of one view: some of them are on other nodes than the one named
    try (RedisOnlineStore s =
        RedisOnlineStoreFactory.open(
            RedisConnectionString.parse(CLUSTER.cluster().node(0).address()),
            project("single"),
            0)) {
      assertThatThrownBy(() -> s.read(view("v"), drivers(30)))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Redis answered 'MOVED ")
          .satisfies(
              e ->
                  assertThat(((BackendException) e).hint())
                      .contains("set redis_type: redis_cluster"));
    }
  }

  @Test
  void aClusterWhoseSeedsDoNotAnswerIsABackendErrorAndADeadSeedIsPassedOver() {
    String nodes = "127.0.0.1:1," + CLUSTER.cluster().node(1).address();
    try (RedisOnlineStore down =
        RedisOnlineStoreFactory.open(
            RedisConnectionString.parse("127.0.0.1:1,password=pw-123"), true, project("d"), 0)) {
      assertThatThrownBy(() -> down.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageStartingWith(
              "cannot read from the Redis online store at redis://127.0.0.1:1 (Redis Cluster, project "
                  + project("d")
                  + "): ")
          .hasMessageNotContaining("pw-123");
    }
    try (RedisOnlineStore s =
        RedisOnlineStoreFactory.open(RedisConnectionString.parse(nodes), true, project("d"), 0)) {
      s.write(view("v"), rows(10, "up"));
      assertThat(values(s.read(view("v"), List.of(driver(9))).get(0)))
          .containsExactly(4.5, 9L, "up9");
    }
  }
}
