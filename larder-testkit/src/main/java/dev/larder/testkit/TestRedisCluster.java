package dev.larder.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of a test's own on 127.0.0.1 (issue #9 item 7): masters without replicas, each a
 * {@link TestRedisServer} on free ports, the 16384 slots split evenly between them as {@code
 * redis-cli --cluster create} does, made with {@code CLUSTER ADDSLOTSRANGE}, {@code
 * SET-CONFIG-EPOCH} and {@code MEET} (no {@code redis-cli} needed). It is ready when every node
 * reports {@code cluster_state:ok} and knows every other.
 *
 * <p>A node may be killed, paused and restarted through {@link #node}: it keeps its {@code
 * nodes.conf}, so it comes back as the same master of the same slots. {@link #close} kills every
 * node and deletes their directory, whatever happened (and a JVM shutdown hook kills any left).
 * Without the {@code redis-server} binary the calling test is skipped, or fails when {@code
 * CI=true} ({@link TestRedisServer#requireBinary}). For a cluster shared by a test class, {@link
 * #perClass} starts it when first asked for and stops it after the class.
 */
public final class TestRedisCluster implements AutoCloseable {
  /** Redis Cluster's hash slots. */
  public static final int SLOTS = 16_384;

  /**
   * How long a node may be silent before the others count it as failed, unless told otherwise: long
   * enough that a busy machine does not fail a node, short enough for outage tests.
   */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  private final Path dir;
  private final List<TestRedisServer> nodes;

  private TestRedisCluster(Path dir, List<TestRedisServer> nodes) {
    this.dir = dir;
    this.nodes = List.copyOf(nodes);
  }

  /** Starts a cluster of {@code masters} masters with the {@link #DEFAULT_NODE_TIMEOUT}. */
  public static TestRedisCluster start(int masters) {
    return start(masters, DEFAULT_NODE_TIMEOUT);
  }

  /**
   * Starts a cluster of {@code masters} masters whose nodes count a node silent for {@code
   * nodeTimeout} as failed ({@code cluster-node-timeout}); waits until it is ready.
   */
  public static TestRedisCluster start(int masters, Duration nodeTimeout) {
    if (masters < 1 || masters > SLOTS) {
      throw new IllegalArgumentException("masters must be 1 to " + SLOTS + ", not " + masters);
    }
    TestRedisServer.requireBinary();
    Path dir;
    try {
      dir = Files.createTempDirectory("larder-redis-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<TestRedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(
            TestRedisServer.builder()
                .dir(dir.resolve("node-" + i))
                .options(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    String.valueOf(nodeTimeout.toMillis()))
                .start());
      }
      for (int i = 0; i < masters; i++) {
        TestRedisServer node = nodes.get(i);
        node.command(
            "CLUSTER",
            "ADDSLOTSRANGE",
            String.valueOf(i * SLOTS / masters),
            String.valueOf((i + 1) * SLOTS / masters - 1));
        // distinct epochs, as redis-cli gives them, so that no node has to resolve a collision
        node.command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
      }
      for (TestRedisServer other : nodes.subList(1, masters)) {
        nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port()));
      }
      TestRedisCluster cluster = new TestRedisCluster(dir, nodes);
      cluster.awaitOk(READY_WITHIN);
      return cluster;
    } catch (RuntimeException | Error e) {
      nodes.forEach(TestRedisServer::close);
      TestRedisServer.deleteTree(dir);
      throw e;
    }
  }

  /** The nodes, each a master, in the order of their slots. */
  public List<TestRedisServer> nodes() {
    return nodes;
  }

  /** Node {@code i}. */
  public TestRedisServer node(int i) {
    return nodes.get(i);
  }

  /** The nodes as a {@code connection_string}'s seed nodes: {@code 127.0.0.1:port,…}. */
  public String seeds() {
    return nodes.stream().map(TestRedisServer::address).collect(Collectors.joining(","));
  }

  /**
   * The node that serves {@code key}'s hash slot, as a running node sees it ({@code CLUSTER
   * KEYSLOT}, {@code CLUSTER SLOTS}).
   */
  public TestRedisServer nodeOf(byte[] key) {
    TestRedisServer asked = running();
    long slot = (Long) asked.command("CLUSTER", "KEYSLOT", key);
    for (TestRedisServer node : nodes) {
      if (slotsOf(node).get((int) slot)) {
        return node;
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  /** The hash slots that {@code node} serves, as a running node sees it ({@code CLUSTER SLOTS}). */
  public BitSet slotsOf(TestRedisServer node) {
    BitSet slots = new BitSet(SLOTS);
    for (Object item : (List<?>) running().command("CLUSTER", "SLOTS")) {
      List<?> range = (List<?>) item;
      long port = (Long) ((List<?>) range.get(2)).get(1);
      if (port == node.port()) {
        slots.set((int) (long) (Long) range.get(0), (int) (long) (Long) range.get(1) + 1);
      }
    }
    return slots;
  }

  private TestRedisServer running() {
    return nodes.stream()
        .filter(TestRedisServer::running)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster runs"));
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok} and knows every node, as after
   * the start or once a restarted node is back.
   *
   * @throws IllegalStateException when that takes longer than {@code limit}
   */
  public void awaitOk(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    for (TestRedisServer node : nodes) {
      if (!node.running()) {
        continue;
      }
      while (true) {
        String info = String.valueOf(node.command("CLUSTER", "INFO"));
        if (info.contains("cluster_state:ok")
            && info.contains("cluster_known_nodes:" + nodes.size())) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "node "
                  + node.address()
                  + " is not ready after "
                  + limit
                  + ":\n"
                  + info
                  + node.log());
        }
        TestRedisServer.sleep(50);
      }
    }
  }

  /** Kills every node and deletes their files. */
  @Override
  public void close() {
    try {
      nodes.forEach(TestRedisServer::close);
    } finally {
      TestRedisServer.deleteTree(dir);
    }
  }

  @Override
  public String toString() {
    return "Redis Cluster " + seeds();
  }

  /**
   * A cluster for a test class ({@code @RegisterExtension static final}): started when {@link
   * #cluster()} is first called (so that tests of the class that do not use it are not skipped
   * without the binary), stopped and deleted after the class.
   */
  public static PerClass perClass(int masters) {
    return new PerClass(masters, DEFAULT_NODE_TIMEOUT);
  }

  /** See {@link #perClass}. */
  public static final class PerClass implements AfterAllCallback {
    private final int masters;
    private final Duration nodeTimeout;
    private TestRedisCluster cluster;

    private PerClass(int masters, Duration nodeTimeout) {
      this.masters = masters;
      this.nodeTimeout = nodeTimeout;
    }

    /** The class's cluster, started at the first call. */
    public synchronized TestRedisCluster cluster() {
      if (cluster == null) {
        long start = System.nanoTime();
        cluster = TestRedisCluster.start(masters, nodeTimeout);
        System.out.printf(
            "started a Redis Cluster of %d masters (%s) in %d ms%n",
            masters, cluster.seeds(), (System.nanoTime() - start) / 1_000_000);
      }
      return cluster;
    }

    /** The class's cluster's {@link TestRedisCluster#seeds()}, starting it at the first call. */
    public String seeds() {
      return cluster().seeds();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }
}
