package dev.larder.redis;

import java.util.List;
import java.util.Objects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One Redis server ({@code redis_type: redis}): every command goes to it, over a pool of
 * connections that are opened when first needed ({@link RedisOnlineStoreFactory#nodePool}).
 */
final class RedisServerNodes extends RedisNodes {
  private final RedisConnectionString connection;
  private final HostAndPort server;
  private final ConnectionPool pool;
  private final List<Master> masters;

  RedisServerNodes(RedisConnectionString connection, JedisClientConfig client) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (connection.nodes().size() != 1) {
      throw new IllegalArgumentException("one server, not " + connection.nodes().size());
    }
    RedisConnectionString.Node node = connection.nodes().get(0);
    this.server = new HostAndPort(node.host(), node.port());
    this.pool = RedisOnlineStoreFactory.nodePool(server, client);
    this.masters = List.of(new Master(server, pool));
  }

  @Override
  String location(String project) {
    return connection + " (project " + project + ")";
  }

  @Override
  HostAndPort nodeOf(byte[] key) {
    return server;
  }

  @Override
  Connection connection(HostAndPort node) {
    return pool.getResource();
  }

  @Override
  boolean redirects() {
    return false;
  }

  @Override
  void refreshSlots() {
    // one server has no slots
  }

  @Override
  void beforeCommands() {
    // the pool connects when a connection is first asked for
  }

  @Override
  List<Master> masters() {
    return masters;
  }

  @Override
  void connectionFailed(HostAndPort node) {
    pool.clear();
  }

  /** One {@code PING}. */
  @Override
  void check(Master master, Jedis connection) {
    String answer = connection.ping();
    if (!"PONG".equals(answer)) {
      throw new JedisDataException("PING was answered with " + answer);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
