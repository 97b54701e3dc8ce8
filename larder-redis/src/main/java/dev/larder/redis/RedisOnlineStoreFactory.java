package dev.larder.redis;

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
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Makes the {@link RedisOnlineStore} (DESIGN B9), with Feast's spellings:
 *
 * <pre>
 * online_store:
 *   type: redis
 *   redis_type: redis                      # redis (redis_cluster is not supported yet)
 *   connection_string: "127.0.0.1:6379"   # host:port[,password=…][,username=…][,ssl=true][,db=N]
 *   key_ttl_seconds: 0                     # 0 or absent: keys never expire
 * </pre>
 *
 * Any other key is an error when {@code feature_store.yaml} is read, as is a connection string that
 * does not parse; the password never appears in messages or {@link OnlineStore#location()}.
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

  /** Connections per store: one per reading or writing thread at a time. */
  static final int MAX_CONNECTIONS = 64;

  private static final String EXAMPLE =
      "online_store: {type: redis, connection_string: \"127.0.0.1:6379\"}";

  @Override
  public String type() {
    return "redis";
  }

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("connection_string", "redis_type", "key_ttl_seconds"));
    String connection = section.text("connection_string").orElse(DEFAULT_CONNECTION);
    try {
      RedisConnectionString.parse(connection);
    } catch (IllegalArgumentException e) {
      throw section.error(
          "connection_string",
          "'connection_string' does not parse: " + e.getMessage() + "; for example " + EXAMPLE);
    }
    String redisType = section.text("redis_type").orElse("redis");
    if (!redisType.equals("redis")) {
      throw section.error(
          "redis_type",
          redisType.equals("redis_cluster") || redisType.equals("redis_sentinel")
              ? "redis_type '" + redisType + "' is not supported yet; use redis_type: redis"
              : "redis_type must be redis or redis_cluster, got '" + redisType + "'");
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
    return open(connection, config.project(), ttl);
  }

  /** A store of {@code project} on the Redis {@code connection} names. */
  static RedisOnlineStore open(RedisConnectionString connection, String project, long ttl) {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
            .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
            .database(connection.database())
            .ssl(connection.ssl())
            .clientName("larder");
    if (connection.username() != null) {
      client.user(connection.username());
    }
    if (connection.password() != null) {
      client.password(connection.password());
    }
    JedisClientConfig config = client.build();
    RedisConnectionString.Node node = connection.nodes().get(0);
    HostAndPort address = new HostAndPort(node.host(), node.port());
    RedisClient redis =
        RedisClient.builder()
            .hostAndPort(address)
            .clientConfig(config)
            .connectionProvider(
                new PooledConnectionProvider(
                    new ConnectionFactory(sockets(address, config), config), poolConfig()))
            .build();
    return new RedisOnlineStore(redis, connection.toString(), project, ttl);
  }

  /**
   * Sockets to {@code address} whose writes time out like their reads (see {@link
   * WriteTimeoutSockets}).
   */
  static JedisSocketFactory sockets(HostAndPort address, JedisClientConfig config) {
    return new WriteTimeoutSockets(new DefaultJedisSocketFactory(address, config), SOCKET_TIMEOUT);
  }

  /**
   * The pool of connections: at most {@link #MAX_CONNECTIONS}, and a request waits at most {@link
   * #BORROW_WAIT} for a free one (the client's default is to wait for ever). A connection that
   * fails is dropped by the client, and the store then drops the idle ones too.
   */
  static ConnectionPoolConfig poolConfig() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(BORROW_WAIT);
    return pool;
  }
}
