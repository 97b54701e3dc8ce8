package dev.larder.redis;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;

/**
 * Makes the {@link RedisOnlineStore} (DESIGN B9), with Feast's spellings:
 *
 * <pre>
 * online_store:
 *   type: redis
 *   redis_type: redis                      # redis, or redis_cluster
 *   connection_string: "127.0.0.1:6379"   # host:port[,host:port…][,password=…][,username=…]
 *                                          #   [,ssl=true][,db=N]
 *   key_ttl_seconds: 0                     # 0 or absent: keys never expire
 * </pre>
 *
 * With {@code redis_type: redis} the connection string names one server; with {@code redis_cluster}
 * it names seed nodes of the cluster (any that answers gives the whole slot map) and no {@code db}
 * but 0. The username, password and {@code ssl} apply to every node. With {@code ssl=true} the
 * server's certificate is checked against the JVM's trusted certificates ({@code
 * -Djavax.net.ssl.trustStore=…} for a private CA) and its host name. Any other key is an error when
 * {@code feature_store.yaml} is read, as is a connection string that does not parse; the password
 * never appears in messages or {@link OnlineStore#location()}.
 *
 * <p>Every connection, to the one server or to any node of a cluster, has the same bounds: {@link
 * #CONNECT_TIMEOUT} to connect, {@link #SOCKET_TIMEOUT} for each answer and for each write's
 * progress, {@link #BORROW_WAIT} for a pooled connection ({@link #nodePool}).
 */
public final class RedisOnlineStoreFactory implements OnlineStoreFactory {
  /** Feast's default connection string. */
  public static final String DEFAULT_CONNECTION = "localhost:6379";

  /** How long to wait for a connection to Redis. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long to wait for each answer (Redis answers a pipeline's commands as it runs them, so a
   * whole batch's pipeline is not bound by it, only a silence). A Redis that hangs costs a request
   * twice this at most: the silence, then the pool's attempt to replace the dead connection, which
   * waits as long for Redis's greeting.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

  /** How long a request waits for one of the pool's connections when all are in use. */
  static final Duration BORROW_WAIT = Duration.ofSeconds(1);

  /** Connections per node: one per reading or writing thread at a time. */
  static final int MAX_CONNECTIONS = 64;

  /** The client name of the store's connections ({@code CLIENT SETNAME}), unless told otherwise. */
  static final String CLIENT_NAME = "larder";

  /**
   * An option that {@code feature_store.yaml} does not accept but {@link #open(RepoConfig)} reads:
   * the client name of the store's connections, set by code that opens the store in a process of
   * its own (larder-spark's executors name theirs {@code larder-spark-executor-<id>}), so that
   * {@code CLIENT LIST} tells whose connections they are. Letters, digits, {@code -} and {@code _}.
   */
  public static final String CLIENT_NAME_OPTION = "client_name";

  /** The values of {@code redis_type}. */
  static final List<String> REDIS_TYPES = List.of("redis", "redis_cluster");

  private static final String EXAMPLE =
      "online_store: {type: redis, connection_string: \"127.0.0.1:6379\"}";

  /**
   * The keys of Feast's {@code RedisOnlineStoreConfig} that Larder does not use, each with what
   * Larder does instead (accepted with one warning each).
   */
  static final Map<String, String> FEAST_ONLY =
      Map.of(
          "sentinel_master",
          "Larder does not support Redis Sentinel (redis_type: redis or redis_cluster)",
          "full_scan_for_deletion",
          "Larder always deletes a view's rows by SCAN of the project's keys, never KEYS",
          "skip_dedup",
          "Larder always keeps the newer row of each key, checked by a script on the server");

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("connection_string", "redis_type", "key_ttl_seconds"), FEAST_ONLY);
    String connection = section.text("connection_string").orElse(DEFAULT_CONNECTION);
    RedisConnectionString parsed;
    try {
      parsed = RedisConnectionString.parse(connection);
    } catch (IllegalArgumentException e) {
      throw section.error(
          "connection_string",
          "'connection_string' does not parse: " + e.getMessage() + "; for example " + EXAMPLE);
    }
    String redisType = section.text("redis_type").orElse("redis");
    if (!REDIS_TYPES.contains(redisType)) {
      throw section.error(
          "redis_type",
          redisType.equals("redis_sentinel")
              ? "redis_type 'redis_sentinel' is not supported; use redis or redis_cluster"
              : "redis_type must be redis or redis_cluster, got "
                  + Echo.of(redisType)
                  + DidYouMean.suffix(redisType, REDIS_TYPES));
    }
    if (redisType.equals("redis") && parsed.nodes().size() > 1) {
      throw section.error(
          "connection_string",
          "'connection_string' names "
              + parsed.nodes().size()
              + " servers, but redis_type: redis uses one; name one server, or set redis_type:"
              + " redis_cluster for a Redis Cluster's seed nodes");
    }
    if (redisType.equals("redis_cluster") && parsed.database() != 0) {
      throw section.error(
          "connection_string",
          "'connection_string' asks for a database other than 0 (db=), but a Redis Cluster has"
              + " only database 0; remove db= for redis_type: redis_cluster");
    }
    long ttl = section.wholeNumber("key_ttl_seconds", 0, Integer.MAX_VALUE).orElse(0L);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("connection_string", connection);
    options.put("redis_type", redisType);
    options.put("key_ttl_seconds", ttl);
    return section.config(options);
  }

  @Override
  public OnlineStore open(RepoConfig config) {
    StoreConfig section = config.onlineStore();
    RedisConnectionString connection;
    long ttl;
    try {
      connection =
          RedisConnectionString.parse(section.text("connection_string").orElse(DEFAULT_CONNECTION));
      ttl = Long.parseLong(section.text("key_ttl_seconds").orElse("0"));
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          "online_store of type redis: " + e.getMessage(), "Write it as " + EXAMPLE, e);
    }
    boolean cluster = section.text("redis_type").orElse("redis").equals("redis_cluster");
    String clientName = section.text(CLIENT_NAME_OPTION).orElse(CLIENT_NAME);
    if (!clientName.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "Redis client name " + Echo.of(clientName) + " is not letters, digits, - and _");
    }
    return open(connection, cluster, config.project(), ttl, null, clientName);
  }

  /** A store of {@code project} on the one Redis server {@code connection} names. */
  static RedisOnlineStore open(RedisConnectionString connection, String project, long ttl) {
    return open(connection, false, project, ttl);
  }

  /**
   * A store of {@code project} on the Redis {@code connection} names: one server, or the Redis
   * Cluster of those seed nodes.
   */
  static RedisOnlineStore open(
      RedisConnectionString connection, boolean cluster, String project, long ttl) {
    return open(connection, cluster, project, ttl, null);
  }

  /**
   * As {@link #open(RedisConnectionString, boolean, String, long)}, with TLS connections made by
   * {@code tls} instead of the JVM's default (tests: a server certificate of their own CA).
   */
  static RedisOnlineStore open(
      RedisConnectionString connection,
      boolean cluster,
      String project,
      long ttl,
      SSLSocketFactory tls) {
    return open(connection, cluster, project, ttl, tls, CLIENT_NAME);
  }

  private static RedisOnlineStore open(
      RedisConnectionString connection,
      boolean cluster,
      String project,
      long ttl,
      SSLSocketFactory tls,
      String clientName) {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
            .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
            .database(connection.database())
            .ssl(connection.ssl())
            .clientName(clientName);
    if (tls != null) {
      client.sslSocketFactory(tls);
    }
    if (connection.username() != null) {
      client.user(connection.username());
    }
    if (connection.password() != null) {
      client.password(connection.password());
    }
    JedisClientConfig config = client.build();
    RedisNodes nodes =
        cluster
            ? new RedisClusterNodes(connection, config)
            : new RedisServerNodes(connection, config);
    return new RedisOnlineStore(nodes, project, ttl);
  }

  /**
   * The pool of connections to one node (the server, or one node of a cluster): its sockets' writes
   * time out like their reads ({@link WriteTimeoutSockets}), it holds at most {@link
   * #MAX_CONNECTIONS}, and a request waits at most {@link #BORROW_WAIT} for a free one (the
   * client's default is to wait for ever). A connection that fails is dropped by the client, and
   * {@link RedisNodes} then drops the node's idle ones too.
   */
  static ConnectionPool nodePool(HostAndPort node, JedisClientConfig config) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(BORROW_WAIT);
    JedisSocketFactory sockets =
        new WriteTimeoutSockets(new DefaultJedisSocketFactory(node, config), SOCKET_TIMEOUT);
    return new ConnectionPool(new ConnectionFactory(sockets, config), pool);
  }
}
