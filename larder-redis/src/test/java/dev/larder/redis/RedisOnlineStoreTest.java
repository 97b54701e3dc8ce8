package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The Redis online store on one server, the test Redis ({@link TestRedis}), against the {@link
 * RedisStoreContract}: the online store contract and the Redis store's own rules.
 */
class RedisOnlineStoreTest extends RedisStoreContract {
  /** This class run's prefix of every project it uses; all its keys contain it. */
  private static final String CLASS_RUN = TestRedis.project("larder_redis_contract");

  private static final AtomicInteger TESTS = new AtomicInteger();

  /** This test's prefix of its projects. */
  private final String run = CLASS_RUN + "_" + TESTS.incrementAndGet();

  @BeforeAll
  static void redisAnswers() {
    TestRedis.requireReachable();
  }

  @AfterAll
  static void deleteThisRunsKeys() {
    if (!TestRedis.reachable()) {
      return;
    }
    try (Jedis c = TestRedis.jedis()) {
      for (byte[] key : keysContaining(c, CLASS_RUN)) {
        c.del(key);
      }
    }
  }

  @Override
  protected RedisOnlineStore openOwn(String project, long keyTtlSeconds) {
    return RedisOnlineStoreFactory.open(TestRedis.connection(), project, keyTtlSeconds);
  }

  @Override
  protected String project(String project) {
    return run + "_" + project;
  }

  @Override
  protected String run() {
    return run;
  }

  @Override
  protected void onEachNode(Consumer<Jedis> work) {
    try (Jedis c = TestRedis.jedis()) {
      work.accept(c);
    }
  }

  @Test
  void anUnreachableRedisIsABackendErrorNamingTheAddressWithoutThePassword() {
    RedisConnectionString nowhere = RedisConnectionString.parse("127.0.0.1:1,password=s3cret-word");
    try (RedisOnlineStore s = RedisOnlineStoreFactory.open(nowhere, run + "_down", 0)) {
      assertThat(s.location()).isEqualTo("redis://127.0.0.1:1/0 (project " + run + "_down)");
      assertThatThrownBy(() -> s.read(view("v"), List.of(driver(1))))
          .isInstanceOf(BackendException.class)
          .hasMessageStartingWith(
              "cannot read from the Redis online store at redis://127.0.0.1:1/0 (project "
                  + run
                  + "_down): ")
          .hasMessageNotContaining("s3cret")
          .hasFieldOrPropertyWithValue(
              "hint",
              "Check that Redis is running and reachable there, or fix"
                  + " online_store.connection_string in feature_store.yaml");
    }
  }
}
