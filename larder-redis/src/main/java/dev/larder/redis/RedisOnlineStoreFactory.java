package dev.larder.redis;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

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
  static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  /** How long to wait for an answer; a pipeline of a whole batch is answered within it. */
  static final int SOCKET_TIMEOUT_MILLIS = 10_000;

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
            .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
            .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
            .database(connection.database())
            .ssl(connection.ssl())
            .clientName("larder");
    if (connection.username() != null) {
      client.user(connection.username());
    }
    if (connection.password() != null) {
      client.password(connection.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    RedisConnectionString.Node node = connection.nodes().get(0);
    RedisClient redis =
        RedisClient.builder()
            .hostAndPort(node.host(), node.port())
            .clientConfig(client.build())
            .poolConfig(pool)
            .build();
    return new RedisOnlineStore(redis, connection.toString(), project, ttl);
  }
}
