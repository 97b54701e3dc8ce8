package dev.larder.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A Redis Cluster ({@code redis_type: redis_cluster}): the slot map, read with {@code CLUSTER
 * SLOTS} from a node that answers (the masters known, then the seed nodes), and a pool of
 * connections per node made by {@link RedisOnlineStoreFactory#nodePool}, so that every node's
 * connections have the store's timeouts, writes included (Jedis's own cluster layer makes its node
 * pools itself, without a way to give them such sockets). A key's commands go to the master of its
 * slot, computed as the server does ({@code CRC16} of the key, or of its {@code {…}} part when it
 * has one: Larder adds no hash tags, so Feast's key bytes decide).
 *
 * <p>Nothing connects until the first command, and a cluster that could not be reached is tried
 * again on the next one, so that a store opened while the cluster is down works once it is back.
 * The map is read again after a {@code MOVED} answer and before the first command after a
 * connection to a node failed (its master may have been replaced); one thread reads it while the
 * others go on with the map they have, so a slow node delays no more than the call that met it.
 */
final class RedisClusterNodes extends RedisNodes {
  private final RedisConnectionString connection;
  private final List<HostAndPort> seeds;
  private final JedisClientConfig client;
  private final Map<HostAndPort, ConnectionPool> pools = new ConcurrentHashMap<>();

  /** The slot map known, {@code null} until it is first read. */
  private volatile SlotMap slots;

  /** Whether a connection failed since the slot map was read. */
  private volatile boolean stale;

  /** The node whose connection failed last: asked for the slot map last. */
  private volatile HostAndPort lastFailed;

  /** The reading of the slot map under way, if any. */
  private CompletableFuture<SlotMap> reading;

  private volatile boolean closed;

  /** Which master serves each slot ({@code null}: none), and the masters. */
  private record SlotMap(HostAndPort[] owners, List<HostAndPort> masters) {}

  RedisClusterNodes(RedisConnectionString connection, JedisClientConfig client) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (connection.database() != 0) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0");
    }
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    connection.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
    this.seeds = List.copyOf(nodes);
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  String location(String project) {
    return connection.servers() + " (Redis Cluster, project " + project + ")";
  }

  @Override
  void beforeCommands() {
    slotMap(false);
  }

  @Override
  void refreshSlots() {
    stale = true;
    slotMap(true);
  }

  /**
   * The slot map, read first if it is not known or a connection failed since. While another thread
   * reads it, the map known is used, unless {@code fresh} asks to wait for the new one (after
   * {@code MOVED}).
   */
  private SlotMap slotMap(boolean fresh) {
    SlotMap known = slots;
    if (known != null && !stale) {
      return known;
    }
    CompletableFuture<SlotMap> pending;
    boolean mine = false;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the online store is closed");
      }
      if (reading == null) {
        reading = new CompletableFuture<>();
        mine = true;
      }
      pending = reading;
    }
    if (mine) {
      try {
        SlotMap read = readSlotMap(known);
        slots = read;
        stale = false;
        pending.complete(read);
      } catch (JedisException e) {
        pending.completeExceptionally(e);
      } finally {
        synchronized (this) {
          reading = null;
        }
      }
    } else if (known != null && !fresh) {
      return known;
    }
    try {
      return pending.join();
    } catch (CompletionException e) {
      if (known != null) {
        // no node gave a map: the commands go by the old one, and their own failures tell why
        return known;
      }
      throw (JedisException) e.getCause();
    }
  }

  /**
   * The slot map from the first node that gives it: the masters of {@code known}, then the seeds,
   * the node that failed last at the end.
   */
  private SlotMap readSlotMap(SlotMap known) {
    Set<HostAndPort> candidates = new LinkedHashSet<>();
    if (known != null) {
      candidates.addAll(known.masters());
    }
    candidates.addAll(seeds);
    HostAndPort failed = lastFailed;
    if (failed != null && candidates.remove(failed)) {
      candidates.add(failed);
    }
    JedisException answer = null;
    JedisException unreachable = null;
    for (HostAndPort node : candidates) {
      try (Connection c = pool(node).getResource()) {
        SlotMap read = parse(new Jedis(c).clusterSlots(), node);
        dropIdleOfFormerNodes(read);
        return read;
      } catch (JedisConnectionException e) {
        pool(node).clear();
        if (unreachable == null) {
          unreachable = new NodeFailure(node, e);
        }
      } catch (JedisDataException e) {
        // refused, WRONGPASS, not a cluster node…: what the node said tells more than a silence
        if (answer == null) {
          answer = e;
        }
      } catch (JedisException e) {
        if (unreachable == null) {
          unreachable = e;
        }
      }
    }
    throw answer != null ? answer : unreachable;
  }

  /** The slot map in {@code CLUSTER SLOTS}'s reply from {@code asked}. */
  @SuppressWarnings("unchecked")
  private static SlotMap parse(List<Object> reply, HostAndPort asked) {
    HostAndPort[] owners = new HostAndPort[Protocol.CLUSTER_HASHSLOTS];
    Set<HostAndPort> masters = new LinkedHashSet<>();
    for (Object item : reply) {
      List<Object> range = (List<Object>) item;
      if (range.size() < 3) {
        continue;
      }
      int from = ((Long) range.get(0)).intValue();
      int to = ((Long) range.get(1)).intValue();
      List<Object> master = (List<Object>) range.get(2);
      String host = SafeEncoder.encode((byte[]) master.get(0));
      if (host.isEmpty() || host.equals("?")) {
        // the node does not know its own address: the one it was reached at
        host = asked.getHost();
      }
      HostAndPort node = new HostAndPort(host, ((Long) master.get(1)).intValue());
      masters.add(node);
      Arrays.fill(owners, from, to + 1, node);
    }
    return new SlotMap(owners, List.copyOf(masters));
  }

  /** Drops the idle connections of nodes that are no longer masters (nor seeds). */
  private void dropIdleOfFormerNodes(SlotMap map) {
    for (Map.Entry<HostAndPort, ConnectionPool> e : pools.entrySet()) {
      if (!map.masters().contains(e.getKey()) && !seeds.contains(e.getKey())) {
        e.getValue().clear();
      }
    }
  }

  private ConnectionPool pool(HostAndPort node) {
    if (closed) {
      throw new IllegalStateException("the online store is closed");
    }
    return pools.computeIfAbsent(node, n -> RedisOnlineStoreFactory.nodePool(n, client));
  }

  @Override
  HostAndPort nodeOf(byte[] key) {
    int slot = JedisClusterCRC16.getSlot(key);
    HostAndPort node = slotMap(false).owners()[slot];
    if (node == null) {
      refreshSlots();
      node = slotMap(false).owners()[slot];
    }
    if (node == null) {
      throw new JedisClusterException(
          "CLUSTERDOWN no node of the cluster serves hash slot " + slot);
    }
    return node;
  }

  @Override
  Connection connection(HostAndPort node) {
    return pool(node).getResource();
  }

  @Override
  boolean redirects() {
    return true;
  }

  @Override
  List<Master> masters() {
    List<Master> out = new ArrayList<>();
    for (HostAndPort node : slotMap(false).masters()) {
      out.add(new Master(node, pool(node)));
    }
    return out;
  }

  @Override
  void connectionFailed(HostAndPort node) {
    ConnectionPool pool = pools.get(node);
    if (pool != null) {
      pool.clear();
    }
    lastFailed = node;
    stale = true;
  }

  /** {@code CLUSTER INFO}: the master answers, and finds the cluster whole. */
  @Override
  void check(Master master, Jedis connection) {
    String info = connection.clusterInfo();
    String state = "unknown";
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cluster_state:")) {
        state = line.substring("cluster_state:".length()).strip();
      }
    }
    if (!state.equals("ok")) {
      throw new JedisClusterException(
          "CLUSTERDOWN node " + master.node() + " reports cluster_state:" + state);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    pools.values().forEach(ConnectionPool::close);
  }
}
