package dev.larder.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.util.Pool;

/**
 * Where a {@link RedisOnlineStore}'s commands go: the one Redis server ({@link RedisServerNodes}),
 * or for each key the node of a Redis Cluster that holds its slot ({@link RedisClusterNodes}). The
 * store is written once against this: commands about keys go through {@link #perKey}, pipelined per
 * node; work on the whole key space ({@code SCAN}, {@code SCRIPT LOAD}) through {@link
 * #eachMaster}.
 *
 * <p>In a cluster, a command that a node answers with a redirection ({@code MOVED}: its slot has
 * moved; {@code ASK}: its key is being moved) is sent again where the answer says, after the slot
 * map is read again for {@code MOVED}; the commands of one key keep their order, since all of them
 * go to the same node in one pipeline and only the redirected ones, which come after the ones that
 * ran, are sent again. The commands must therefore be idempotent per key, as all the store's are.
 *
 * <p>Failures are handled here once for both: when a connection to a node fails, that node's idle
 * connections are dropped (after a restart they are all dead, and each would fail a request) and a
 * cluster reads its slot map again before its next command (a master may have been replaced); in a
 * cluster the exception names the node ({@link NodeFailure}). Every node's connections come from
 * {@link RedisOnlineStoreFactory#nodePool}, with its timeouts, so no call waits for ever.
 */
abstract sealed class RedisNodes implements AutoCloseable
    permits RedisServerNodes, RedisClusterNodes {
  /** How many rounds of redirected commands are sent again before their answers are given up. */
  static final int MAX_REDIRECT_ROUNDS = 5;

  /** One command about the key at {@code index}, added to the pipeline of that key's node. */
  @FunctionalInterface
  interface KeyCommand<T> {
    Response<T> send(Pipeline pipeline, int index);
  }

  /** Work on one master node (the server, or each master of a cluster) over its own connection. */
  @FunctionalInterface
  interface MasterWork {
    void run(Jedis master);
  }

  /** A node that holds keys (the server, or a master of a cluster) and its pool of connections. */
  record Master(HostAndPort node, Pool<Connection> pool) {}

  /**
   * A connection to {@code node} of a cluster failed: the client's own exception (its cause) with
   * the node, since the store's location names only the seed nodes.
   */
  static final class NodeFailure extends JedisConnectionException {
    private static final long serialVersionUID = 1L;

    final transient HostAndPort node;

    NodeFailure(HostAndPort node, JedisConnectionException cause) {
      super("node " + node, cause);
      this.node = node;
    }
  }

  /** Where the nodes are, for messages, with {@code project}: the servers without the password. */
  abstract String location(String project);

  /** The node that serves {@code key} as far as this client knows. */
  abstract HostAndPort nodeOf(byte[] key);

  /** A connection to {@code node}, from its pool; closing it gives it back. */
  abstract Connection connection(HostAndPort node);

  /**
   * Whether this is a cluster: its nodes may redirect commands ({@code MOVED}, {@code ASK}), and a
   * failure names its node.
   */
  abstract boolean redirects();

  /** Reads the cluster's slot map again, after a {@code MOVED} answer. */
  abstract void refreshSlots();

  /**
   * Makes ready to send commands: a cluster learns its slot map the first time, and again after a
   * connection failed.
   */
  abstract void beforeCommands();

  /** The nodes that hold keys: the server, or the cluster's masters. */
  abstract List<Master> masters();

  /**
   * A connection to {@code node} failed: its pool's idle connections are dropped, so that the next
   * calls open new ones, and a cluster reads its slot map again before its next command.
   */
  abstract void connectionFailed(HostAndPort node);

  /**
   * Checks that {@code master} answers and serves: {@code PING} for one server, {@code CLUSTER
   * INFO}'s {@code cluster_state:ok} for a cluster's master.
   *
   * @throws JedisDataException when it answers but does not serve
   */
  abstract void check(Master master, Jedis connection);

  @Override
  public abstract void close();

  /**
   * Sends {@code command} for each key, to the key's node: one pipeline per node, the keys of a
   * node in their order. Returns the answers in the keys' order, every one set; an error answer
   * throws its {@link JedisDataException} from {@link Response#get()}.
   *
   * @throws JedisConnectionException when a node cannot be reached (in a cluster, a {@link
   *     NodeFailure}); connections whose answers were not all read are closed, never reused
   */
  final <T> List<Response<T>> perKey(List<byte[]> keys, KeyCommand<T> command) {
    beforeCommands();
    @SuppressWarnings("unchecked")
    Response<T>[] answers = new Response[keys.size()];
    Map<HostAndPort, List<Integer>> round = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      round.computeIfAbsent(nodeOf(keys.get(i)), n -> new ArrayList<>()).add(i);
    }
    Set<Integer> asking = Set.of();
    for (int redirected = 0; ; redirected++) {
      send(round, asking, command, answers);
      if (!redirects() || redirected == MAX_REDIRECT_ROUNDS) {
        return List.of(answers);
      }
      List<Integer> moved = new ArrayList<>();
      Map<HostAndPort, List<Integer>> asked = new LinkedHashMap<>();
      for (List<Integer> sent : round.values()) {
        for (int i : sent) {
          try {
            answers[i].get();
          } catch (JedisMovedDataException e) {
            moved.add(i);
          } catch (JedisAskDataException e) {
            asked.computeIfAbsent(e.getTargetNode(), n -> new ArrayList<>()).add(i);
          } catch (JedisDataException e) {
            // an error answer for the caller
          }
        }
      }
      if (moved.isEmpty() && asked.isEmpty()) {
        return List.of(answers);
      }
      if (!moved.isEmpty()) {
        refreshSlots();
      }
      round = new LinkedHashMap<>();
      moved.sort(null);
      for (int i : moved) {
        round.computeIfAbsent(nodeOf(keys.get(i)), n -> new ArrayList<>()).add(i);
      }
      asking = new HashSet<>();
      for (Map.Entry<HostAndPort, List<Integer>> e : asked.entrySet()) {
        e.getValue().sort(null);
        round.computeIfAbsent(e.getKey(), n -> new ArrayList<>()).addAll(e.getValue());
        asking.addAll(e.getValue());
      }
    }
  }

  /**
   * One round: a pipeline per node, all sent before any is read, so that the nodes work at once.
   */
  private <T> void send(
      Map<HostAndPort, List<Integer>> round,
      Set<Integer> asking,
      KeyCommand<T> command,
      Response<T>[] answers) {
    List<HostAndPort> nodes = new ArrayList<>(round.size());
    List<Connection> connections = new ArrayList<>(round.size());
    List<Pipeline> pipelines = new ArrayList<>(round.size());
    int synced = 0;
    HostAndPort node = null;
    try {
      for (Map.Entry<HostAndPort, List<Integer>> e : round.entrySet()) {
        node = e.getKey();
        Connection c = connection(node);
        nodes.add(node);
        connections.add(c);
        Pipeline p = new Pipeline(c);
        pipelines.add(p);
        for (int i : e.getValue()) {
          if (asking.contains(i)) {
            p.sendCommand(Protocol.Command.ASKING, new byte[0][]);
          }
          answers[i] = command.send(p, i);
        }
        if (round.size() > 1) {
          // out to the node now (getMany flushes, then reads none), not when its answers are read
          c.getMany(0);
        }
      }
      for (Pipeline p : pipelines) {
        node = nodes.get(synced);
        p.sync();
        synced++;
      }
    } catch (JedisConnectionException e) {
      throw failed(node, e);
    } finally {
      for (int c = 0; c < connections.size(); c++) {
        if (c >= synced) {
          // answers may still be on their way: the connection must not serve anyone else
          connections.get(c).setBroken();
        }
        try {
          connections.get(c).close();
        } catch (JedisException e) {
          // the pool replaces a broken connection at once, which fails while the node is away;
          // the failure that broke it is the one to report, and the next call connects again
        }
      }
    }
  }

  /**
   * After {@code e} on a connection to {@code node}: drops the node's idle connections, and returns
   * the exception to throw (in a cluster, one naming the node).
   */
  private JedisConnectionException failed(HostAndPort node, JedisConnectionException e) {
    if (node != null) {
      connectionFailed(node);
    }
    return node != null && redirects() && !(e instanceof NodeFailure)
        ? new NodeFailure(node, e)
        : e;
  }

  /**
   * Runs {@code work} on each master in turn, over a connection of its own.
   *
   * @throws JedisConnectionException when a master cannot be reached
   */
  final void eachMaster(MasterWork work) {
    beforeCommands();
    for (Master master : masters()) {
      onMaster(master, work);
    }
  }

  private void onMaster(Master master, MasterWork work) {
    try (Connection c = master.pool().getResource()) {
      work.run(new Jedis(c));
    } catch (NodeFailure e) {
      throw e; // of another node, met by the work's own commands
    } catch (JedisConnectionException e) {
      throw failed(master.node(), e);
    }
  }

  /** Loads {@code script} on every master, for {@code EVALSHA}. */
  final void loadScript(byte[] script) {
    eachMaster(master -> master.scriptLoad(script));
  }

  /**
   * Checks that every master answers and serves ({@link #check}).
   *
   * @throws redis.clients.jedis.exceptions.JedisException when one does not
   */
  final void probe() {
    beforeCommands();
    for (Master master : masters()) {
      onMaster(master, j -> check(master, j));
    }
  }
}
