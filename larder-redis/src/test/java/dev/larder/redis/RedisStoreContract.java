package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import dev.larder.core.online.StoredRow;
import dev.larder.testkit.OnlineStoreContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The {@link OnlineStoreContract} and the Redis store's own rules, written once for one Redis
 * server ({@link RedisOnlineStoreTest}) and a Redis Cluster ({@link RedisClusterOnlineStoreIT}).
 * Each contract project ({@code shop}, {@code other}) is renamed into a project of this test's own
 * ({@link #project}), so that each test starts from an empty store as the contract expects.
 */
abstract class RedisStoreContract extends OnlineStoreContract {
  /** A store of {@code project} (already this test's own) with {@code key_ttl_seconds}. */
  protected abstract RedisOnlineStore openOwn(String project, long keyTtlSeconds);

  /** This test's own name for the contract's {@code project}: it contains {@link #run()}. */
  protected abstract String project(String project);

  /** This test's part of every project name it uses. */
  protected abstract String run();

  /** Runs {@code work} on a raw client of each node (the one server, or every cluster node). */
  protected abstract void onEachNode(Consumer<Jedis> work);

  @Override
  protected final OnlineStore open(String project) {
    return openOwn(project(project), 0);
  }

  /** A store of this test's own version of {@code project}, with {@code key_ttl_seconds}. */
  protected RedisOnlineStore open(String project, long keyTtlSeconds) {
    return openOwn(project(project), keyTtlSeconds);
  }

  @Override
  protected void assertNothingCreated() {
    assertThat(keysContaining(run())).isEmpty();
  }

  /** The keys of every node whose bytes contain {@code part}. */
  protected List<byte[]> keysContaining(String part) {
    List<byte[]> keys = new ArrayList<>();
    onEachNode(node -> keys.addAll(keysContaining(node, part)));
    return keys;
  }

  /** The keys of {@code node} whose bytes contain {@code part}. */
  static List<byte[]> keysContaining(Jedis node, String part) {
    List<byte[]> keys = new ArrayList<>();
    ScanParams params = new ScanParams().match("*" + part + "*").count(1000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> step = node.scan(cursor, params);
      keys.addAll(step.getResult());
      cursor = step.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return keys;
  }

  /** {@code text} as UTF-8. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
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
    onEachNode(Jedis::scriptFlush);
    s.write(view("v"), List.of(row(driver(1), T2, null, 2.0, 2L, "after")));
    assertThat(values(s.read(view("v"), List.of(driver(1))).get(0)))
        .containsExactly(2.0, 2L, "after");
    onEachNode(Jedis::scriptFlush);
    s.deleteView(view("v"));
    assertThat(s.read(view("v"), List.of(driver(1)))).containsExactly((StoredRow) null);
  }

  @Test
  void keyTtlSecondsExpiresWrittenKeys() {
    try (RedisOnlineStore s = open("ttl", 100)) {
      List<OnlineRow> rows = new ArrayList<>();
      for (long id = 0; id < 20; id++) {
        rows.add(row(driver(id), T1, null, 1.0, id, "x"));
      }
      s.write(view("v"), rows);
      List<Long> ttls = new ArrayList<>();
      onEachNode(
          node -> {
            for (byte[] key : keysContaining(node, project("ttl"))) {
              ttls.add(node.ttl(key));
            }
          });
      assertThat(ttls).hasSize(20).allSatisfy(ttl -> assertThat(ttl).isBetween(1L, 100L));
    }
  }
}
