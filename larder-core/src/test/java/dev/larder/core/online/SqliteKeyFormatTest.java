package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.model.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entity keys: fixed-width values compare, byte by byte, in the order of their values. */
class SqliteKeyFormatTest {
  private static SqliteKeyFormat format(ValueType type) {
    return new SqliteKeyFormat(List.of(new OnlineViewSchema.KeyField("k", type)));
  }

  private static void assertOrdered(SqliteKeyFormat format, Object... ascending) {
    List<byte[]> keys = new ArrayList<>();
    for (Object v : ascending) {
      keys.add(format.encode(v));
    }
    for (int i = 1; i < keys.size(); i++) {
      assertThat(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i)))
          .as("%s before %s", ascending[i - 1], ascending[i])
          .isNegative();
    }
  }

  @Test
  void integersTimestampsAndDoublesKeepTheirOrder() {
    assertOrdered(
        format(ValueType.INT64), Long.MIN_VALUE, -300L, -1L, 0L, 1L, 255L, 256L, Long.MAX_VALUE);
    assertOrdered(
        format(ValueType.UNIX_TIMESTAMP),
        Instant.parse("1900-01-01T00:00:00Z"),
        Instant.EPOCH,
        Instant.parse("1970-01-01T00:00:00.000001Z"),
        Instant.parse("2025-11-01T00:00:00Z"));
    assertOrdered(
        format(ValueType.FLOAT64),
        Double.NEGATIVE_INFINITY,
        -1.5,
        -Double.MIN_VALUE,
        0.0,
        Double.MIN_VALUE,
        0.25,
        2.0,
        Double.POSITIVE_INFINITY,
        Double.NaN);
    assertOrdered(format(ValueType.BOOL), false, true);
    assertThat(format(ValueType.FLOAT64).encode(-0.0))
        .isEqualTo(format(ValueType.FLOAT64).encode(0.0));
  }

  @Test
  void valuesMustHaveTheirKeysJavaType() {
    assertThatThrownBy(() -> format(ValueType.INT64).encode(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("join key 'k' (INT64) needs a Long, got Integer");
    assertThatThrownBy(() -> format(ValueType.STRING).encode())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 1 key values, got 0");
  }
}
