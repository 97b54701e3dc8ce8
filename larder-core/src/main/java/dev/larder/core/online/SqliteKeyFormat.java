package dev.larder.core.online;

import dev.larder.core.Echo;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.OnlineViewSchema.KeyField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How {@link SqliteOnlineStore} serializes the entity keys of one feature view (its {@code
 * entity_key} column), after Feast's {@code entity_key_serialization_version: 3}: typed and ordered
 * by join-key name. Existing files hold these bytes, so they never change.
 *
 * <pre>
 * u32 n                                   number of join keys (0 for an entity-less view)
 * n × (u32 2, u32 len, UTF-8 name)        the join-key names, sorted by name
 * n × (u32 type, u32 len, value bytes)    their values, in the same order
 * </pre>
 *
 * The {@code u32} fields are little-endian. Types and value bytes: {@code 4} (INT64) for {@code
 * INT32} and {@code INT64} keys, 8 bytes; {@code 2} (STRING) UTF-8; {@code 1} (BYTES) raw; {@code
 * 5} (DOUBLE) for {@code FLOAT32} and {@code FLOAT64} keys, 8 bytes ({@code -0.0} written as {@code
 * 0.0}, every NaN as the canonical NaN); {@code 7} (BOOL) one byte 0 or 1; {@code 8}
 * (UNIX_TIMESTAMP) 8 bytes of microseconds since the epoch.
 *
 * <p>Two choices differ from Feast. 32-bit integer keys are widened to INT64, so the key {@code 1}
 * is the same whether it arrived as an {@code int} or a {@code long}, while the text {@code "1"} of
 * a STRING key is another key. And the 8-byte values are order-preserving rather than
 * little-endian: big-endian with the sign bit flipped (integers, timestamps), or with the sign bit
 * flipped for positive and all bits flipped for negative doubles, so that comparing two keys' bytes
 * (as SQLite's index does) orders numeric keys by value. Materialization receives rows ordered by
 * key ({@link dev.larder.core.offline.LatestRows}) and so writes them in index order, several times
 * faster than in random order. Strings and bytes keep Feast's length prefix; their keys are correct
 * but not ordered.
 *
 * <p>Values must already have the Java type of their join key's declared type ({@link Long}, {@link
 * String}, {@code byte[]}, {@link Double}, {@link Boolean}, {@link Instant}), as {@link
 * dev.larder.core.offline.KeyCoercion#value} gives them.
 */
public final class SqliteKeyFormat {
  private static final int STRING = 2;
  private static final int BYTES = 1;
  private static final int INT64 = 4;
  private static final int DOUBLE = 5;
  private static final int BOOL = 7;
  private static final int UNIX_TIMESTAMP = 8;

  private final List<KeyField> keys;

  private final List<String> names;

  /** {@code order[i]}: the index, in view order, of the {@code i}-th key by name. */
  private final int[] order;

  private final byte[] header;

  /** The format of a view with join keys {@code keys} (in the view's order). */
  public SqliteKeyFormat(List<KeyField> keys) {
    this.keys = List.copyOf(keys);
    this.names = this.keys.stream().map(KeyField::name).toList();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < this.keys.size(); i++) {
      indexes.add(i);
    }
    indexes.sort(Comparator.comparing(i -> this.keys.get(i).name()));
    this.order = indexes.stream().mapToInt(Integer::intValue).toArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, order.length);
    for (int i : order) {
      byte[] name = this.keys.get(i).name().getBytes(StandardCharsets.UTF_8);
      u32(out, STRING);
      u32(out, name.length);
      out.writeBytes(name);
    }
    this.header = out.toByteArray();
  }

  /** The join keys, in the view's order. */
  public List<KeyField> keys() {
    return keys;
  }

  /**
   * The bytes of {@code key}, whose join keys must be this format's.
   *
   * @throws IllegalArgumentException for a key of other join keys or a mistyped value
   */
  public byte[] encode(EntityKey key) {
    if (!key.names().equals(names)) {
      throw new IllegalArgumentException(
          "a key of join keys " + key.names() + " for a view keyed by " + names);
    }
    KeyBytes out = new KeyBytes(header);
    for (int i : order) {
      writeValue(out, keys.get(i), key.value(i));
    }
    return out.toByteArray();
  }

  /**
   * The bytes of the key of {@code values}, one per join key in the view's order, each of its key's
   * Java type.
   *
   * @throws IllegalArgumentException for a missing, null or mistyped value
   */
  public byte[] encode(Object... values) {
    if (values.length != keys.size()) {
      throw new IllegalArgumentException(
          "expected " + keys.size() + " key values, got " + values.length);
    }
    KeyBytes out = new KeyBytes(header);
    for (int i : order) {
      writeValue(out, keys.get(i), values[i]);
    }
    return out.toByteArray();
  }

  private static void writeValue(KeyBytes out, KeyField key, Object value) {
    ValueType type = key.type();
    switch (type) {
      case INT32, INT64 -> out.ordered(INT64, as(Long.class, key, value));
      case STRING ->
          out.bytes(STRING, as(String.class, key, value).getBytes(StandardCharsets.UTF_8));
      case BYTES -> out.bytes(BYTES, as(byte[].class, key, value));
      case FLOAT32, FLOAT64 -> {
        double d = as(Double.class, key, value);
        long bits = d == 0.0 ? 0L : Double.doubleToLongBits(d);
        out.ordered(DOUBLE, bits < 0 ? ~bits ^ Long.MIN_VALUE : bits);
      }
      case BOOL -> out.bytes(BOOL, new byte[] {(byte) (as(Boolean.class, key, value) ? 1 : 0)});
      case UNIX_TIMESTAMP ->
          out.ordered(UNIX_TIMESTAMP, ValueEncoding.micros(as(Instant.class, key, value)));
    }
  }

  private static <T> T as(Class<T> type, KeyField key, Object value) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "join key "
              + Echo.of(key.name())
              + " ("
              + key.type()
              + ") needs a "
              + type.getSimpleName()
              + ", got "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    return type.cast(value);
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /**
   * The bytes of one key, after the header: a plain array rather than a {@link
   * ByteArrayOutputStream}, whose synchronized writes cost more than the key (materialization
   * encodes one per row).
   */
  private static final class KeyBytes {
    private byte[] buf;
    private int size;

    KeyBytes(byte[] header) {
      buf = Arrays.copyOf(header, header.length + 16);
      size = header.length;
    }

    /** A value of 8 order-preserving bytes: type, length 8, then {@link #ordered(long)}. */
    void ordered(int type, long v) {
      ensure(16);
      u32(type);
      u32(8);
      // Big-endian with the sign bit flipped: unsigned byte order is signed order.
      long flipped = v ^ Long.MIN_VALUE;
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[size++] = (byte) (flipped >>> shift);
      }
    }

    /** A value of any length: type, length, the bytes. */
    void bytes(int type, byte[] value) {
      ensure(8 + value.length);
      u32(type);
      u32(value.length);
      System.arraycopy(value, 0, buf, size, value.length);
      size += value.length;
    }

    byte[] toByteArray() {
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void u32(int v) {
      buf[size++] = (byte) v;
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 24);
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
