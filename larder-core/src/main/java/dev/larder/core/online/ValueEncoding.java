package dev.larder.core.online;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact, typed encoding of feature values that {@link SqliteOnlineStore} keeps in one blob
 * per row. Each value is a tag byte followed by its payload:
 *
 * <pre>
 * 0  null
 * 1  integer     zigzag varint (Int32, Int64)
 * 2  double      8 bytes IEEE 754, little-endian (Float32, Float64)
 * 3  string      varint byte length, UTF-8
 * 4  false       (Bool)
 * 5  true
 * 6  bytes       varint length, raw bytes
 * 7  timestamp   zigzag varint of microseconds since the epoch (UnixTimestamp)
 * 8  list        varint count, then each element as a tagged value (Array(…))
 * 9  map         varint count, then each entry as a tagged string key and a tagged value (Map)
 * </pre>
 *
 * A {@code Json} value is its text, a string.
 *
 * <p>Varints are unsigned LEB128 (7 bits a byte, low bits first); zigzag maps n to {@code (n << 1)
 * ^ (n >> 63)} so small negative numbers stay short. Decoding gives {@link Long}, {@link Double},
 * {@link String}, {@link Boolean}, {@code byte[]}, {@link Instant}, unmodifiable {@link List}s and
 * unmodifiable {@link Map}s (in their keys' order).
 */
final class ValueEncoding {
  static final int NULL = 0;
  static final int INTEGER = 1;
  static final int DOUBLE = 2;
  static final int STRING = 3;
  static final int FALSE = 4;
  static final int TRUE = 5;
  static final int BYTES = 6;
  static final int TIMESTAMP = 7;
  static final int LIST = 8;
  static final int MAP = 9;

  private ValueEncoding() {}

  /** Microseconds since the epoch, rounded towards the past. */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant {@code micros} microseconds after the epoch. */
  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A growable byte buffer that values are written into. */
  static final class Output {
    private byte[] buf = new byte[256];
    private int size;

    void reset() {
      size = 0;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    void writeByte(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    void writeIntLe(int v) {
      ensure(4);
      for (int shift = 0; shift < 32; shift += 8) {
        buf[size++] = (byte) (v >>> shift);
      }
    }

    void writeBytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void writeVarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void writeDouble(double d) {
      ensure(8);
      long bits = Double.doubleToRawLongBits(d);
      for (int shift = 0; shift < 64; shift += 8) {
        buf[size++] = (byte) (bits >>> shift);
      }
    }

    /** Writes an integer value with its tag. */
    void writeInteger(long value) {
      writeByte(INTEGER);
      writeVarint(zigzag(value));
    }

    /** Writes a floating-point value with its tag. */
    void writeTaggedDouble(double value) {
      writeByte(DOUBLE);
      writeDouble(value);
    }

    /** Writes {@code value} with its tag. */
    void writeValue(Object value) {
      if (value == null) {
        writeByte(NULL);
      } else if (value instanceof Double || value instanceof Float) {
        writeTaggedDouble(((Number) value).doubleValue());
      } else if (value instanceof Long
          || value instanceof Integer
          || value instanceof Short
          || value instanceof Byte) {
        writeInteger(((Number) value).longValue());
      } else if (value instanceof String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeByte(STRING);
        writeVarint(utf8.length);
        writeBytes(utf8);
      } else if (value instanceof Boolean b) {
        writeByte(b ? TRUE : FALSE);
      } else if (value instanceof byte[] b) {
        writeByte(BYTES);
        writeVarint(b.length);
        writeBytes(b);
      } else if (value instanceof Instant t) {
        writeByte(TIMESTAMP);
        writeVarint(zigzag(micros(t)));
      } else if (value instanceof List<?> list) {
        writeByte(LIST);
        writeVarint(list.size());
        for (Object element : list) {
          writeValue(element);
        }
      } else if (value instanceof Map<?, ?> map) {
        writeByte(MAP);
        writeVarint(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          writeValue((String) e.getKey());
          writeValue(e.getValue());
        }
      } else {
        throw new IllegalArgumentException(
            "cannot store a " + value.getClass().getName() + " as a feature value");
      }
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }

  /** Reads tagged values from a byte array. */
  static final class Input {
    private final byte[] buf;
    private int pos;

    Input(byte[] buf, int pos) {
      this.buf = buf;
      this.pos = pos;
    }

    boolean atEnd() {
      return pos >= buf.length;
    }

    int readByte() {
      return buf[pos++] & 0xFF;
    }

    int readIntLe() {
      int v = 0;
      for (int shift = 0; shift < 32; shift += 8) {
        v |= (buf[pos++] & 0xFF) << shift;
      }
      return v;
    }

    long readVarint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
    }

    private double readDouble() {
      long bits = 0;
      for (int shift = 0; shift < 64; shift += 8) {
        bits |= (long) (buf[pos++] & 0xFF) << shift;
      }
      return Double.longBitsToDouble(bits);
    }

    /** Reads one tagged value. */
    Object readValue() {
      int tag = readByte();
      switch (tag) {
        case NULL:
          return null;
        case INTEGER:
          return unzigzag(readVarint());
        case DOUBLE:
          return readDouble();
        case STRING:
          {
            int n = (int) readVarint();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
          }
        case FALSE:
          return Boolean.FALSE;
        case TRUE:
          return Boolean.TRUE;
        case BYTES:
          {
            int n = (int) readVarint();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
          }
        case TIMESTAMP:
          return instant(unzigzag(readVarint()));
        case LIST:
          {
            int n = (int) readVarint();
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              out.add(readValue());
            }
            return Collections.unmodifiableList(out);
          }
        case MAP:
          {
            int n = (int) readVarint();
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
              String key = (String) readValue();
              out.put(key, readValue());
            }
            return Collections.unmodifiableMap(out);
          }
        default:
          throw new IllegalStateException("unknown value tag " + tag + " at byte " + (pos - 1));
      }
    }

    /** Moves past one tagged value without decoding it. */
    void skipValue() {
      int tag = readByte();
      switch (tag) {
        case NULL, FALSE, TRUE -> {}
        case INTEGER, TIMESTAMP -> readVarint();
        case DOUBLE -> pos += 8;
        case STRING, BYTES -> {
          int n = (int) readVarint();
          pos += n;
        }
        case LIST -> {
          int n = (int) readVarint();
          for (int i = 0; i < n; i++) {
            skipValue();
          }
        }
        case MAP -> {
          int n = (int) readVarint();
          for (int i = 0; i < 2 * n; i++) {
            skipValue();
          }
        }
        default ->
            throw new IllegalStateException("unknown value tag " + tag + " at byte " + (pos - 1));
      }
    }
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }
}
