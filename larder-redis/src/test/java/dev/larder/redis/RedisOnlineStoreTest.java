package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import dev.larder.core.online.StoredRow;
import dev.larder.testkit.OnlineStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis online store against the {@link OnlineStoreContract}, on the test Redis ({@link
 * TestRedis}), each contract project ({@code shop}, {@code other}) renamed into a project of this
 * test's own, so that each test starts from an empty store as the contract expects.
 */
class RedisOnlineStoreTest extends OnlineStoreContract {
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
    try (RedisClient c = TestRedis.client()) {
      for (byte[] key : keysMatching(c, CLASS_RUN)) {
        c.del(key);
      }
    }
  }

  private static List<byte[]> keysMatching(RedisClient c, String part) {
    List<byte[]> keys = new ArrayList<>();
    ScanParams params = new ScanParams().match("*" + part + "*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<byte[]> step =
          c.scan(cursor.getBytes(java.nio.charset.StandardCharsets.US_ASCII), params);
      keys.addAll(step.getResult());
      cursor = step.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  @Override
  protected OnlineStore open(String project) {
    return RedisOnlineStoreFactory.open(TestRedis.connection(), run + "_" + project, 0);
  }

  @Override
  protected void assertNothingCreated() {
    try (RedisClient c = TestRedis.client()) {
      assertThat(keysMatching(c, run + "_")).isEmpty();
    }
  }

  /**
   * The contract's row, within Feast's Value: an {@code UnixTimestamp} value is whole seconds
   * ({@code unix_timestamp_val}), so {@code T2}'s fraction is dropped (the row's own times keep
   * theirs: they are Timestamp messages), and a list cannot hold a null element (below).
   */
  @Test
  @Override
  public void aWrittenRowReadsBackWithItsTimesAndTypedValues() {
    OnlineViewSchema typed =
        view(
            "v",
            List.of(
                field("i", "Int64"),
                field("d", "Float64"),
                field("s", "String"),
                field("b", "Bool"),
                field("bytes", "Bytes"),
                field("t", "UnixTimestamp"),
                field("list", "Array(Int64)"),
                field("none", "Float64"),
                field("neg", "Int64"),
                field("text_list", "Array(String)"),
                field("i32", "Int32"),
                field("f32", "Float32"),
                field("doubles", "Array(Float64)"),
                field("empty", "Array(Bool)")));
    Object[] values = {
      7L,
      0.1,
      "naïve ☃",
      true,
      new byte[] {0, -1, 2},
      T2,
      List.of(1L, -2L),
      null,
      -12345678901L,
      List.of("a", ""),
      -5L,
      0.5,
      List.of(0.25, -1e300),
      List.of()
    };
    store().write(typed, List.of(new OnlineRow(driver(1), Arrays.asList(values), T2, T1)));
    StoredRow row = store().read(typed, List.of(driver(1))).get(0);
    assertThat(row.eventTimestamp()).isEqualTo(T2);
    assertThat(row.createdTimestamp()).isEqualTo(T1);
    Object[] expected = values.clone();
    expected[5] = Instant.ofEpochSecond(T2.getEpochSecond());
    assertThat(values(row)).usingRecursiveComparison().isEqualTo(Arrays.asList(expected));
    assertThat(row.value(4)).isEqualTo(new byte[] {0, -1, 2});

    OnlineViewSchema lists = view("w", List.of(field("text_list", "Array(String)")));
    List<OnlineRow> nullElement =
        List.of(new OnlineRow(driver(1), List.of(Arrays.asList("a", null)), T1, null));
    assertThatThrownBy(() -> store().write(lists, nullElement))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "feature 'text_list' holds a list with a null element, which Feast's Value message"
                + " cannot store in Redis");
  }

  @Test
  void preparedBatchesTouchNothingUntilWrittenAndOnlyTheirOwnStoreWritesThem() {
    RedisOnlineStore s = (RedisOnlineStore) store();
    assertThat(s.capability(PreparedWrites.class)).containsSame(s);
    PreparedWrites.Batch batch =
        s.prepare(view("v"), List.of(row(driver(2), T1, null, 0.5, 5L, "b")));
    assertThat(batch.size()).isEqualTo(1);
    assertNothingCreated();
    try (OnlineStore other = open("shop")) {
      assertThatThrownBy(() -> ((RedisOnlineStore) other).write(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another online store");
    }
    s.write(batch);
    assertThat(values(s.read(view("v"), List.of(driver(2))).get(0))).containsExactly(0.5, 5L, "b");
  }

  @Test
  void joinKeysFeastCannotSerializeAreRefusedNamingTheFix() {
    OnlineViewSchema byDouble =
        new OnlineViewSchema(
            "v", List.of(new OnlineViewSchema.KeyField("score", ValueType.FLOAT64)), FIELDS);
    assertThatThrownBy(() -> store().write(byDouble, List.of()))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "join key 'score' of feature view 'v' is FLOAT64, which Feast's Redis keys"
                + " (entity_key_serialization_version 3) cannot hold")
        .hasFieldOrPropertyWithValue(
            "hint",
            "Declare the entity's value_type as INT64 or STRING, or use online_store: {type:"
                + " sqlite}");
  }

  /** As after a restart of Redis: the server has forgotten the scripts, and gets them again. */
  @Test
  void aServerThatForgotTheScriptsIsSentThemAgain() {
    OnlineStore s = store();
    s.write(view("v"), List.of(row(driver(1), T1, null, 1.0, 1L, "before")));
    try (RedisClient c = TestRedis.client()) {
      c.scriptFlush();
    }
    s.write(view("v"), List.of(row(driver(1), T2, null, 2.0, 2L, "after")));
    assertThat(values(s.read(view("v"), List.of(driver(1))).get(0)))
        .containsExactly(2.0, 2L, "after");
    try (RedisClient c = TestRedis.client()) {
      c.scriptFlush();
    }
    s.deleteView(view("v"));
    assertThat(s.read(view("v"), List.of(driver(1)))).containsExactly((StoredRow) null);
  }

  @Test
  void keyTtlSecondsExpiresWrittenKeys() {
    try (RedisOnlineStore s =
            RedisOnlineStoreFactory.open(TestRedis.connection(), run + "_ttl", 100);
        RedisClient c = TestRedis.client()) {
      s.write(view("v"), List.of(row(driver(9), T1, null, 1.0, 1L, "x")));
      long ttl = c.ttl(s.redisKey(view("v"), driver(9)));
      assertThat(ttl).isBetween(1L, 100L);
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
