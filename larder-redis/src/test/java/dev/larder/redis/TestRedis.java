package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.testkit.TestRedisServer;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The Redis that tests use (DESIGN B9): {@code LARDER_TEST_REDIS} ({@code host:port}, default
 * {@code 127.0.0.1:6379}). When it does not answer, a test is skipped with the reason printed, but
 * when {@code CI=true} that is a failure, since CI starts Redis.
 */
final class TestRedis {
  static final String ADDRESS =
      System.getenv().getOrDefault("LARDER_TEST_REDIS", "127.0.0.1:6379").strip();

  private static volatile boolean reachable;

  private TestRedis() {}

  /**
   * Whether {@link #requireReachable} found Redis answering: whether there is anything to clean.
   */
  static boolean reachable() {
    return reachable;
  }

  /** The connection string of the test Redis. */
  static RedisConnectionString connection() {
    return RedisConnectionString.parse(ADDRESS);
  }

  /** Skips (or, on CI, fails) the calling test class when the test Redis does not answer. */
  static void requireReachable() {
    String problem;
    RedisConnectionString.Node node = connection().nodes().get(0);
    try (RedisClient c = RedisClient.create(node.host(), node.port())) {
      String pong = c.ping();
      problem = "PONG".equals(pong) ? null : "it answered " + pong + " to PING";
    } catch (RuntimeException e) {
      problem = e.getMessage();
    }
    if (problem == null) {
      reachable = true;
      return;
    }
    String reason = "Redis at " + ADDRESS + " (LARDER_TEST_REDIS) does not answer: " + problem;
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + "; CI must start it (see .ci/run)");
    }
    System.out.println("skipping Redis tests: " + reason);
    assumeTrue(false, reason);
  }

  /** A project name of {@code base} with a random part, so that runs never share keys. */
  static String project(String base) {
    return base + "_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  /** A raw client of the test Redis, as {@link Jedis}; the caller closes it. */
  static Jedis jedis() {
    RedisConnectionString.Node node = connection().nodes().get(0);
    return new Jedis(node.host(), node.port());
  }

  /** A raw client of {@code server}, a Redis of a test's own; the caller closes it. */
  static Jedis jedis(TestRedisServer server) {
    return new Jedis("127.0.0.1", server.port());
  }

  /** A raw client of the test Redis; the caller closes it. */
  static RedisClient client() {
    RedisConnectionString.Node node = connection().nodes().get(0);
    return RedisClient.create(node.host(), node.port());
  }
}
