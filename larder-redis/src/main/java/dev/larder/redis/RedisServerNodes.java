package dev.larder.redis;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.Pool;

/**
 * One Redis server ({@code redis_type: redis}): every command goes to it, over a pool of
 * connections that are opened when first needed.
 */
final class RedisServerNodes extends RedisNodes {
  private final RedisConnectionString connection;
  private final HostAndPort server;
  private final ConnectionPool pool;

  RedisServerNodes(
      RedisConnectionString connection,
      JedisClientConfig client,
      GenericObjectPoolConfig<Connection> poolConfig) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (connection.nodes().size() != 1) {
      throw new IllegalArgumentException("one server, not " + connection.nodes().size());
    }
    RedisConnectionString.Node node = connection.nodes().get(0);
    this.server = new HostAndPort(node.host(), node.port());
    this.pool = new ConnectionPool(server, client, poolConfig);
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
  Collection<? extends Pool<Connection>> masters() {
    return List.of(pool);
  }

  @Override
  public void close() {
    pool.close();
  }
}
