package dev.larder.redis;

import java.util.ArrayList;
import java.util.Collection;
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
import redis.clients.jedis.exceptions.JedisDataException;
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

  /** Where the nodes are, for messages, with {@code project}: the servers without the password. */
  abstract String location(String project);

  /** The node that serves {@code key} as far as this client knows. */
  abstract HostAndPort nodeOf(byte[] key);

  /** A connection to {@code node}, from its pool; closing it gives it back. */
  abstract Connection connection(HostAndPort node);

  /** Whether nodes may redirect commands ({@code MOVED}, {@code ASK}): only in a cluster. */
  abstract boolean redirects();

  /** Reads the cluster's slot map again, after a {@code MOVED} answer. */
  abstract void refreshSlots();

  /** The pools of the nodes that hold keys: the server, or the cluster's masters. */
  abstract Collection<? extends Pool<Connection>> masters();

  @Override
  public abstract void close();

  /**
   * Sends {@code command} for each key, to the key's node: one pipeline per node, the keys of a
   * node in their order. Returns the answers in the keys' order, every one set; an error answer
   * throws its {@link JedisDataException} from {@link Response#get()}.
   *
   * @throws redis.clients.jedis.exceptions.JedisConnectionException when a node cannot be reached;
   *     connections whose answers were not all read are closed, never reused
   */
  final <T> List<Response<T>> perKey(List<byte[]> keys, KeyCommand<T> command) {
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
    List<Connection> connections = new ArrayList<>(round.size());
    List<Pipeline> pipelines = new ArrayList<>(round.size());
    int synced = 0;
    try {
      for (Map.Entry<HostAndPort, List<Integer>> e : round.entrySet()) {
        Connection c = connection(e.getKey());
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
        p.sync();
        synced++;
      }
    } finally {
      for (int c = 0; c < connections.size(); c++) {
        if (c >= synced) {
          // answers may still be on their way: the connection must not serve anyone else
          connections.get(c).setBroken();
        }
        connections.get(c).close();
      }
    }
  }

  /**
   * Runs {@code work} on each master in turn, over a connection of its own.
   *
   * @throws redis.clients.jedis.exceptions.JedisConnectionException when a master cannot be reached
   */
  final void eachMaster(MasterWork work) {
    for (Pool<Connection> pool : masters()) {
      try (Connection c = pool.getResource()) {
        work.run(new Jedis(c));
      }
    }
  }

  /** Loads {@code script} on every master, for {@code EVALSHA}. */
  final void loadScript(byte[] script) {
    eachMaster(master -> master.scriptLoad(script));
  }
}
