package dev.larder.redis;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.OnlineViewSchema.KeyField;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Feast's Redis layout of keys and hash fields (DESIGN B9), for one project.
 *
 * <p>Key: the entity key serialized as Feast's {@code serialize_entity_key} with {@code
 * entity_key_serialization_version: 3}, followed by the project name in UTF-8:
 *
 * <pre>
 * u32 n                                   number of join keys
 * n × (u32 2, u32 len, UTF-8 name)        join-key names, sorted by name
 * n × (u32 type, u32 len, value bytes)    their values, in the same order
 * project (UTF-8)
 * </pre>
 *
 * The {@code u32} fields are little-endian; a value is typed by its join key's declared type, not
 * widened: INT32 is type 3 with 4 bytes, INT64 type 4 with 8 bytes, STRING type 2 with UTF-8, BYTES
 * type 1 raw, UNIX_TIMESTAMP type 8 with 8 bytes of whole seconds since the epoch (Feast keeps
 * seconds: times within one second are one key). FLOAT32, FLOAT64 and BOOL keys cannot be
 * serialized by Feast and are refused. An entity-less view uses Feast's dummy key: join key {@code
 * __dummy_id} holding the empty string.
 *
 * <p>Hash fields: a feature's value lies under the 4 bytes of the murmur3 x86 32-bit hash (seed 0)
 * of the UTF-8 text {@code <view>:<feature>}, little-endian; the row's event time under {@code
 * _ts:<view>}, and Larder's creation time under {@code _created_ts:<view>} (Feast ignores it).
 */
final class FeastKeys {
  /** Feast's join key for views without entities. */
  static final String DUMMY_ID = "__dummy_id";

  private static final int BYTES = 1;
  private static final int STRING = 2;
  private static final int INT32 = 3;
  private static final int INT64 = 4;
  private static final int UNIX_TIMESTAMP = 8;

  private final byte[] project;

  FeastKeys(String project) {
    this.project = project.getBytes(StandardCharsets.UTF_8);
  }

  /** The project's bytes, which end every key of the project. */
  byte[] project() {
    return project.clone();
  }

  /**
   * The Redis key of {@code key}, a key of {@code view}.
   *
   * @throws IllegalArgumentException for a key of other join keys or a value of the wrong type
   * @throws InvalidDefinitionException for a join key type Feast cannot serialize
   */
  byte[] key(OnlineViewSchema view, EntityKey key) {
    if (!key.names().equals(view.joinKeyNames())) {
      throw new IllegalArgumentException(
          "a key of join keys "
              + key.names()
              + " for feature view '"
              + view.view()
              + "' keyed by "
              + view.joinKeyNames());
    }
    List<KeyField> fields = view.joinKeys();
    if (fields.isEmpty()) {
      Out out = new Out(32 + project.length);
      out.u32(1);
      out.value(STRING, DUMMY_ID.getBytes(StandardCharsets.UTF_8));
      out.value(STRING, new byte[0]);
      out.bytes(project);
      return out.toByteArray();
    }
    Integer[] order = new Integer[fields.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (order.length > 1) {
      Arrays.sort(order, Comparator.comparing(i -> fields.get(i).name()));
    }
    Out out = new Out(64 + project.length);
    out.u32(order.length);
    for (int i : order) {
      out.value(STRING, fields.get(i).name().getBytes(StandardCharsets.UTF_8));
    }
    for (int i : order) {
      writeValue(out, view, fields.get(i), key.value(i));
    }
    out.bytes(project);
    return out.toByteArray();
  }

  /**
   * The start of every key of a view keyed by {@code view}'s join keys (Feast's {@code
   * serialize_entity_key_prefix}): the count and the sorted names.
   */
  static byte[] prefix(OnlineViewSchema view) {
    List<String> names = new ArrayList<>(view.joinKeyNames());
    if (names.isEmpty()) {
      names.add(DUMMY_ID);
    }
    names.sort(Comparator.naturalOrder());
    Out out = new Out(64);
    out.u32(names.size());
    for (String name : names) {
      out.value(STRING, name.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * Whether {@code redisKey} is a key of this project: a whole serialized entity key followed by
   * exactly the project's bytes (a pattern {@code *shop} also matches {@code …workshop}).
   */
  boolean isOfProject(byte[] redisKey) {
    ByteBuffer b = ByteBuffer.wrap(redisKey).order(ByteOrder.LITTLE_ENDIAN);
    try {
      long n = Integer.toUnsignedLong(b.getInt());
      if (n > redisKey.length) {
        return false;
      }
      for (long i = 0; i < 2 * n; i++) {
        b.getInt(); // type
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
          return false;
        }
        b.position(b.position() + length);
      }
    } catch (RuntimeException e) {
      return false; // shorter than its counts say: not a key of this layout
    }
    return b.remaining() == project.length
        && Arrays.equals(redisKey, b.position(), redisKey.length, project, 0, project.length);
  }

  /** The hash field of feature {@code feature} of view {@code view}. */
  static byte[] featureField(String view, String feature) {
    int hash = MurmurHash3.hash32x86((view + ":" + feature).getBytes(StandardCharsets.UTF_8));
    return new byte[] {
      (byte) hash, (byte) (hash >>> 8), (byte) (hash >>> 16), (byte) (hash >>> 24)
    };
  }

  /** The hash field of a view's event times: {@code _ts:<view>}. */
  static byte[] eventField(String view) {
    return ("_ts:" + view).getBytes(StandardCharsets.UTF_8);
  }

  /** The hash field of a view's creation times, Larder's own: {@code _created_ts:<view>}. */
  static byte[] createdField(String view) {
    return ("_created_ts:" + view).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code bytes} as a SCAN pattern that matches them literally. */
  static byte[] globLiteral(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
    for (byte b : bytes) {
      if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
        out.write('\\');
      }
      out.write(b);
    }
    return out.toByteArray();
  }

  /**
   * Refuses a view whose join keys Feast cannot serialize (FLOAT32, FLOAT64, BOOL), naming the fix.
   */
  static void checkKeyTypes(OnlineViewSchema view) {
    for (KeyField k : view.joinKeys()) {
      switch (k.type()) {
        case FLOAT32, FLOAT64, BOOL ->
            throw new InvalidDefinitionException(
                "join key '"
                    + k.name()
                    + "' of feature view '"
                    + view.view()
                    + "' is "
                    + k.type()
                    + ", which Feast's Redis keys (entity_key_serialization_version 3) cannot hold",
                "Declare the entity's value_type as INT64 or STRING, or use online_store: {type:"
                    + " sqlite}");
        default -> {}
      }
    }
  }

  private static void writeValue(Out out, OnlineViewSchema view, KeyField field, Object value) {
    switch (field.type()) {
      case INT32 -> {
        long v = as(Long.class, field, value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "join key '" + field.name() + "' (INT32) cannot hold " + v + ", outside 32 bits");
        }
        out.value(INT32, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v));
      }
      case INT64 ->
          out.value(
              INT64,
              ByteBuffer.allocate(8)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putLong(as(Long.class, field, value)));
      case STRING ->
          out.value(STRING, as(String.class, field, value).getBytes(StandardCharsets.UTF_8));
      case BYTES -> out.value(BYTES, as(byte[].class, field, value));
      case UNIX_TIMESTAMP ->
          out.value(
              UNIX_TIMESTAMP,
              ByteBuffer.allocate(8)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putLong(as(Instant.class, field, value).getEpochSecond()));
      case FLOAT32, FLOAT64, BOOL -> checkKeyTypes(view);
    }
  }

  private static <T> T as(Class<T> type, KeyField key, Object value) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "join key '"
              + key.name()
              + "' ("
              + key.type()
              + ") needs a "
              + type.getSimpleName()
              + ", got "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    return type.cast(value);
  }

  /** A little-endian byte buffer that grows. */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    void u32(int v) {
      ensure(4);
      buf[size++] = (byte) v;
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 24);
    }

    void value(int type, byte[] value) {
      u32(type);
      u32(value.length);
      bytes(value);
    }

    void value(int type, ByteBuffer value) {
      value(type, value.array());
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
