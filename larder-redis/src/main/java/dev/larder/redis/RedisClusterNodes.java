package dev.larder.redis;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.Pool;

/**
 * A Redis Cluster ({@code redis_type: redis_cluster}), through Jedis's cluster connection layer
 * (the one under its {@code RedisClusterClient}): the slot map, learnt from the first seed node
 * that answers, and a pool of connections per node. A key's commands go to the master of its slot,
 * computed as the server does ({@code CRC16} of the key, or of its {@code {…}} part when it has
 * one: Larder adds no hash tags, so Feast's key bytes decide). Nothing connects until the first
 * command, and a cluster that could not be reached is tried again on the next one, so that a store
 * opened while the cluster is down works once it is back.
 */
final class RedisClusterNodes extends RedisNodes {
  private final RedisConnectionString connection;
  private final Set<HostAndPort> seeds = new LinkedHashSet<>();
  private final JedisClientConfig client;
  private final GenericObjectPoolConfig<Connection> poolConfig;
  private volatile ClusterConnectionProvider provider;
  private boolean closed;

  RedisClusterNodes(
      RedisConnectionString connection,
      JedisClientConfig client,
      GenericObjectPoolConfig<Connection> poolConfig) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (connection.database() != 0) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0");
    }
    connection.nodes().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
    this.client = Objects.requireNonNull(client, "client");
    this.poolConfig = Objects.requireNonNull(poolConfig, "poolConfig");
  }

  @Override
  String location(String project) {
    return connection.servers() + " (Redis Cluster, project " + project + ")";
  }

  private ClusterConnectionProvider provider() {
    ClusterConnectionProvider known = provider;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the online store is closed");
      }
      if (provider == null) {
        provider = discover();
      }
      return provider;
    }
  }

  /** The slot map and node pools, from the first seed node that gives them. */
  private ClusterConnectionProvider discover() {
    try {
      return new ClusterConnectionProvider(seeds, client, poolConfig);
    } catch (JedisClusterOperationException e) {
      // every seed failed: report the first seed's failure (refused, WRONGPASS, not a cluster…)
      Throwable[] failures = e.getSuppressed();
      JedisException failure =
          failures.length > 0 && failures[0] instanceof JedisDataException answer
              ? new JedisDataException(answer.getMessage(), answer)
              : new JedisConnectionException(
                  "no seed node gave the cluster's slot map",
                  failures.length > 0 ? failures[0] : null);
      failure.addSuppressed(e);
      throw failure;
    }
  }

  @Override
  HostAndPort nodeOf(byte[] key) {
    int slot = JedisClusterCRC16.getSlot(key);
    HostAndPort node = provider().getNode(slot);
    if (node == null) {
      refreshSlots();
      node = provider().getNode(slot);
    }
    if (node == null) {
      throw new JedisClusterException(
          "CLUSTERDOWN no node of the cluster serves hash slot " + slot);
    }
    return node;
  }

  @Override
  Connection connection(HostAndPort node) {
    return provider().getConnection(node);
  }

  @Override
  boolean redirects() {
    return true;
  }

  @Override
  void refreshSlots() {
    provider().renewSlotCache();
  }

  @Override
  Collection<? extends Pool<Connection>> masters() {
    return provider().getPrimaryNodes().values();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (provider != null) {
      provider.close();
    }
  }
}
