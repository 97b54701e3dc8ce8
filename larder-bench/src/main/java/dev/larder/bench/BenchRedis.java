package dev.larder.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis that the Redis benchmarks use: the shared server that tests use ({@code
 * LARDER_TEST_REDIS}, {@code host:port}, default {@code 127.0.0.1:6379}), in a database number of
 * the benchmarks' own ({@code LARDER_BENCH_REDIS_DB}, default 13), each benchmark under a project
 * of its own ({@code larder_bench_…}). A benchmark deletes its project's keys before it starts
 * (what an interrupted run left) and when it ends; nothing else in the database is touched (no
 * {@code FLUSHDB}, no {@code FLUSHALL}).
 *
 * @param host the server's host
 * @param port its port
 * @param database the database number
 */
record BenchRedis(String host, int port, int database) {
  static final int DEFAULT_DATABASE = 13;

  /**
   * The settings of {@code dev.larder.redis.RedisOnlineStoreFactory}, so that a bare client talks
   * to Redis as Larder's store does: connect within 2 s, answers within 10 s, a pool of up to 64
   * connections.
   */
  static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  static final int SOCKET_TIMEOUT_MILLIS = 10_000;
  static final int MAX_CONNECTIONS = 64;

  /** The Redis that the environment names. */
  static BenchRedis fromEnvironment() {
    return from(System.getenv());
  }

  static BenchRedis from(Map<String, String> env) {
    String address = env.getOrDefault("LARDER_TEST_REDIS", "127.0.0.1:6379").strip();
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || address.contains(",")) {
      throw new IllegalArgumentException(
          "LARDER_TEST_REDIS must be host:port (for example 127.0.0.1:6379), got '"
              + address
              + "'");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = number("the port in LARDER_TEST_REDIS", address.substring(colon + 1), 1, 65_535);
    String db = env.getOrDefault("LARDER_BENCH_REDIS_DB", Integer.toString(DEFAULT_DATABASE));
    int database = number("LARDER_BENCH_REDIS_DB", db, 1, 1_000_000);
    return new BenchRedis(host, port, database);
  }

  private static int number(String what, String text, int min, int max) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        what + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  /** The connection string of {@code feature_store.yaml}: {@code host:port,db=N}. */
  String connectionString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ",db=" + database;
  }

  /** The {@code online_store} section of {@code feature_store.yaml} for this Redis. */
  String onlineStoreYaml() {
    return "{type: redis, connection_string: \"" + connectionString() + "\"}";
  }

  /** For messages: {@code redis://host:port/db}. */
  @Override
  public String toString() {
    return "redis://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + port
        + "/"
        + database;
  }

  /**
   * A client of this database with the settings of Larder's store (timeouts, pool); the caller
   * closes it.
   */
  RedisClient client() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    return RedisClient.builder()
        .hostAndPort(host, port)
        .clientConfig(
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .database(database)
                .clientName("larder-bench")
                .build())
        .poolConfig(pool)
        .build();
  }

  /**
   * Checks that the server answers.
   *
   * @throws IllegalStateException naming the server, the environment variable and the problem
   */
  void requireReachable() {
    String problem;
    try (RedisClient c = client()) {
      String pong = c.ping();
      problem = "PONG".equals(pong) ? null : "it answered " + pong + " to PING";
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new IllegalStateException(
          "the Redis benchmarks need Redis at "
              + this
              + " (LARDER_TEST_REDIS, LARDER_BENCH_REDIS_DB), which does not answer: "
              + problem);
    }
  }

  /**
   * The keys of {@code project} in this database: those whose bytes end with the project's name
   * (every key of Feast's layout does), found with {@code SCAN}, never {@code KEYS}.
   */
  List<byte[]> projectKeys(RedisClient client, String project) {
    byte[] suffix = project.getBytes(StandardCharsets.UTF_8);
    byte[] pattern = new byte[suffix.length + 1];
    pattern[0] = '*';
    System.arraycopy(suffix, 0, pattern, 1, suffix.length);
    ScanParams params = new ScanParams().match(pattern).count(1_000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    List<byte[]> found = new ArrayList<>();
    do {
      ScanResult<byte[]> step = client.scan(cursor, params);
      found.addAll(step.getResult());
      cursor = step.getCursorAsBytes();
    } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return found;
  }
}
