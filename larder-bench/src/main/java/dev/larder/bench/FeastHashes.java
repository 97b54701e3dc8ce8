package dev.larder.bench;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Feast's Redis layout (DESIGN B9) as the bare clients of the Redis baselines write and read it,
 * written here from Feast's definitions rather than taken from larder-redis, so that a baseline
 * does not run Larder's code: the key of one INT64 join key, the hash fields of a view's features
 * and times, and {@code Value} and {@code Timestamp} messages (protobuf's wire format).
 */
final class FeastHashes {
  private FeastHashes() {}

  /**
   * The key of {@code value} of the single INT64 join key {@code joinKey} in {@code project}:
   * {@code u32 1, u32 2 (STRING), u32 len, name, u32 4 (INT64), u32 8, i64 value, project}, all
   * little-endian.
   */
  static byte[] int64Key(String joinKey, long value, String project) {
    byte[] name = joinKey.getBytes(StandardCharsets.UTF_8);
    byte[] p = project.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(12 + name.length + 16 + p.length);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(name.length).put(name);
    b.putInt(4).putInt(8).putLong(value).put(p);
    return b.array();
  }

  /**
   * Where the INT64 value lies in {@link #int64Key}'s bytes, so a key can be rewritten in place.
   */
  static int int64KeyValueOffset(String joinKey) {
    return 12 + joinKey.getBytes(StandardCharsets.UTF_8).length + 8;
  }

  /** The hash field of a feature: murmur3 x86 32-bit (seed 0) of {@code view:feature}, LE. */
  static byte[] featureField(String view, String feature) {
    int h = MurmurHash3.hash32x86((view + ":" + feature).getBytes(StandardCharsets.UTF_8));
    return new byte[] {(byte) h, (byte) (h >>> 8), (byte) (h >>> 16), (byte) (h >>> 24)};
  }

  /** {@code _ts:<view>}: the field of the row's event time. */
  static byte[] eventField(String view) {
    return ("_ts:" + view).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code _created_ts:<view>}: Larder's field of the row's creation time. */
  static byte[] createdField(String view) {
    return ("_created_ts:" + view).getBytes(StandardCharsets.UTF_8);
  }

  /** A {@code feast.types.Value} holding {@code double_val} (field 5). */
  static byte[] doubleValue(double v) {
    byte[] out = new byte[CodedOutputStream.computeDoubleSize(5, v)];
    write(out, o -> o.writeDouble(5, v));
    return out;
  }

  /** A {@code google.protobuf.Timestamp} (seconds field 1, nanos field 2; zeros omitted). */
  static byte[] timestamp(Instant t) {
    long s = t.getEpochSecond();
    int n = t.getNano();
    byte[] out =
        new byte
            [(s == 0 ? 0 : CodedOutputStream.computeInt64Size(1, s))
                + (n == 0 ? 0 : CodedOutputStream.computeInt32Size(2, n))];
    write(
        out,
        o -> {
          if (s != 0) {
            o.writeInt64(1, s);
          }
          if (n != 0) {
            o.writeInt32(2, n);
          }
        });
    return out;
  }

  @FunctionalInterface
  private interface Writing {
    void write(CodedOutputStream out) throws IOException;
  }

  private static void write(byte[] into, Writing writing) {
    CodedOutputStream o = CodedOutputStream.newInstance(into);
    try {
      writing.write(o);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("writing into an array of the right size does not fail", e);
    }
  }
}
