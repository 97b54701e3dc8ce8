package dev.larder.redis;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.larder.core.BackendException;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DocumentType;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feature values as Feast's {@code feast.types.Value} message and times as {@code
 * google.protobuf.Timestamp}, on protobuf's wire format ({@link CodedOutputStream}, {@link
 * CodedInputStream}) with Feast's field numbers.
 *
 * <p>A value is written in the field of its feature's declared type: {@code bytes_val} 1, {@code
 * string_val} 2, {@code int32_val} 3, {@code int64_val} 4, {@code double_val} 5, {@code float_val}
 * 6, {@code bool_val} 7, {@code unix_timestamp_val} 8 (whole seconds since the epoch, as Feast
 * keeps them), and for arrays {@code bytes_list_val} 11 … {@code unix_timestamp_list_val} 18, a
 * message whose repeated field 1 holds the elements (numbers packed, as proto3 writes them). A null
 * value is a {@code Value} with no field set: zero bytes. Lists cannot hold a null element.
 *
 * <p>Reading gives Larder's Java types whatever field holds the value: {@link Long} for both
 * integer fields, {@link Double} for both floating fields ({@code float_val} widened exactly),
 * {@link String}, {@link Boolean}, {@code byte[]}, {@link Instant}, unmodifiable {@link List}s and,
 * for {@code map_val} (20), unmodifiable {@link Map}s; {@code json_val} (32) gives its text; {@code
 * null_val} (19) and an empty message are {@code null}.
 */
final class FeastValues {
  static final int BYTES_VAL = 1;
  static final int STRING_VAL = 2;
  static final int INT32_VAL = 3;
  static final int INT64_VAL = 4;
  static final int DOUBLE_VAL = 5;
  static final int FLOAT_VAL = 6;
  static final int BOOL_VAL = 7;
  static final int UNIX_TIMESTAMP_VAL = 8;
  static final int LIST_OFFSET = 10;
  static final int NULL_VAL = 19;
  static final int MAP_VAL = 20;
  static final int JSON_VAL = 32;

  private static final byte[] EMPTY = new byte[0];

  private FeastValues() {}

  /**
   * {@code value} of a feature of type {@code type} as a serialized {@code Value}.
   *
   * @throws IllegalArgumentException for a value that does not fit the type, naming it
   */
  static byte[] encode(FeatureType type, Object value, String feature) {
    if (value == null) {
      return EMPTY;
    }
    try {
      if (type instanceof ScalarType scalar) {
        return scalar(scalar, value, feature);
      }
      if (type instanceof DocumentType document) {
        return document(document, value, feature);
      }
      return list(((ArrayType) type).element(), value, feature);
    } catch (IOException e) {
      throw new IllegalStateException("writing into an array does not fail", e);
    }
  }

  /**
   * A {@code Json} value as {@code json_val} (32, its text); a {@code Map} value as {@code map_val}
   * (20): a {@code Map} message whose {@code map<string, Value> val = 1} entries each hold the key
   * (1) and a scalar {@code Value} (2): {@code int64_val}, {@code double_val}, {@code string_val}
   * or {@code bool_val}, as Feast types a Python dict's values, and an empty {@code Value} for
   * null.
   */
  private static byte[] document(DocumentType type, Object value, String feature)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(bytes);
    if (type == DocumentType.JSON) {
      o.writeString(JSON_VAL, as(String.class, value, feature));
    } else {
      ByteArrayOutputStream entries = new ByteArrayOutputStream();
      CodedOutputStream e = CodedOutputStream.newInstance(entries);
      Map<?, ?> map = as(Map.class, value, feature);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        CodedOutputStream x = CodedOutputStream.newInstance(one);
        x.writeString(1, (String) entry.getKey());
        x.writeByteArray(2, mapEntryValue(entry.getValue(), feature));
        x.flush();
        e.writeByteArray(1, one.toByteArray());
      }
      e.flush();
      o.writeByteArray(MAP_VAL, entries.toByteArray());
    }
    o.flush();
    return bytes.toByteArray();
  }

  private static byte[] mapEntryValue(Object v, String feature) throws IOException {
    if (v == null) {
      return EMPTY;
    }
    ScalarType type =
        v instanceof Long
            ? ScalarType.INT64
            : v instanceof Double
                ? ScalarType.FLOAT64
                : v instanceof Boolean ? ScalarType.BOOL : ScalarType.STRING;
    return scalar(type, v, feature);
  }

  private static int fieldOf(ScalarType type) {
    return switch (type) {
      case BYTES -> BYTES_VAL;
      case STRING -> STRING_VAL;
      case INT32 -> INT32_VAL;
      case INT64 -> INT64_VAL;
      case FLOAT64 -> DOUBLE_VAL;
      case FLOAT32 -> FLOAT_VAL;
      case BOOL -> BOOL_VAL;
      case UNIX_TIMESTAMP -> UNIX_TIMESTAMP_VAL;
    };
  }

  private static byte[] scalar(ScalarType type, Object value, String feature) throws IOException {
    int field = fieldOf(type);
    byte[] out;
    CodedOutputStream o;
    switch (type) {
      case INT32 -> {
        int v = int32(value, feature);
        out = new byte[CodedOutputStream.computeInt32Size(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeInt32(field, v);
      }
      case INT64 -> {
        long v = int64(value, feature);
        out = new byte[CodedOutputStream.computeInt64Size(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeInt64(field, v);
      }
      case FLOAT64 -> {
        double v = number(value, feature).doubleValue();
        out = new byte[CodedOutputStream.computeDoubleSize(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeDouble(field, v);
      }
      case FLOAT32 -> {
        float v = number(value, feature).floatValue();
        out = new byte[CodedOutputStream.computeFloatSize(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeFloat(field, v);
      }
      case STRING -> {
        String v = as(String.class, value, feature);
        out = new byte[CodedOutputStream.computeStringSize(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeString(field, v);
      }
      case BOOL -> {
        boolean v = as(Boolean.class, value, feature);
        out = new byte[CodedOutputStream.computeBoolSize(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeBool(field, v);
      }
      case BYTES -> {
        byte[] v = as(byte[].class, value, feature);
        out = new byte[CodedOutputStream.computeByteArraySize(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeByteArray(field, v);
      }
      case UNIX_TIMESTAMP -> {
        long v = as(Instant.class, value, feature).getEpochSecond();
        out = new byte[CodedOutputStream.computeInt64Size(field, v)];
        o = CodedOutputStream.newInstance(out);
        o.writeInt64(field, v);
      }
      default -> throw new IllegalStateException("unknown type " + type);
    }
    o.checkNoSpaceLeft();
    return out;
  }

  private static byte[] list(ScalarType element, Object value, String feature) throws IOException {
    if (!(value instanceof List<?> values)) {
      throw new IllegalArgumentException(
          "feature '"
              + feature
              + "' is Array("
              + element.spelling()
              + ") but holds a "
              + value.getClass().getSimpleName());
    }
    for (Object v : values) {
      if (v == null) {
        throw new IllegalArgumentException(
            "feature '"
                + feature
                + "' holds a list with a null element, which Feast's Value message cannot store"
                + " in Redis");
      }
    }
    // The inner message: its repeated field 1, packed for numbers and booleans.
    int inner;
    int packed = 0;
    switch (element) {
      case STRING, BYTES -> {
        inner = 0;
        for (Object v : values) {
          inner +=
              element == ScalarType.STRING
                  ? CodedOutputStream.computeStringSize(1, as(String.class, v, feature))
                  : CodedOutputStream.computeByteArraySize(1, as(byte[].class, v, feature));
        }
      }
      default -> {
        for (Object v : values) {
          packed += elementSize(element, v, feature);
        }
        inner =
            values.isEmpty()
                ? 0
                : CodedOutputStream.computeTagSize(1)
                    + CodedOutputStream.computeUInt32SizeNoTag(packed)
                    + packed;
      }
    }
    int field = LIST_OFFSET + fieldOf(element);
    byte[] out =
        new byte
            [CodedOutputStream.computeTagSize(field)
                + CodedOutputStream.computeUInt32SizeNoTag(inner)
                + inner];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(inner);
    switch (element) {
      case STRING -> {
        for (Object v : values) {
          o.writeString(1, (String) v);
        }
      }
      case BYTES -> {
        for (Object v : values) {
          o.writeByteArray(1, (byte[]) v);
        }
      }
      default -> {
        if (!values.isEmpty()) {
          o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
          o.writeUInt32NoTag(packed);
          for (Object v : values) {
            writeElement(o, element, v, feature);
          }
        }
      }
    }
    o.checkNoSpaceLeft();
    return out;
  }

  private static int elementSize(ScalarType element, Object v, String feature) {
    return switch (element) {
      case INT32 -> CodedOutputStream.computeInt32SizeNoTag(int32(v, feature));
      case INT64 -> CodedOutputStream.computeInt64SizeNoTag(int64(v, feature));
      case UNIX_TIMESTAMP ->
          CodedOutputStream.computeInt64SizeNoTag(as(Instant.class, v, feature).getEpochSecond());
      case FLOAT64 -> 8;
      case FLOAT32 -> 4;
      case BOOL -> {
        as(Boolean.class, v, feature);
        yield 1;
      }
      default -> throw new IllegalStateException("not a packed type: " + element);
    };
  }

  private static void writeElement(CodedOutputStream o, ScalarType element, Object v, String f)
      throws IOException {
    switch (element) {
      case INT32 -> o.writeInt32NoTag(int32(v, f));
      case INT64 -> o.writeInt64NoTag(int64(v, f));
      case UNIX_TIMESTAMP -> o.writeInt64NoTag(((Instant) v).getEpochSecond());
      case FLOAT64 -> o.writeDoubleNoTag(number(v, f).doubleValue());
      case FLOAT32 -> o.writeFloatNoTag(number(v, f).floatValue());
      case BOOL -> o.writeBoolNoTag((Boolean) v);
      default -> throw new IllegalStateException("not a packed type: " + element);
    }
  }

  private static long int64(Object value, String feature) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw mistyped("an integer", value, feature);
  }

  private static int int32(Object value, String feature) {
    long v = int64(value, feature);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "feature '" + feature + "' is Int32 but holds " + v + ", outside 32 bits");
    }
    return (int) v;
  }

  private static Number number(Object value, String feature) {
    if (value instanceof Number n) {
      return n;
    }
    throw mistyped("a number", value, feature);
  }

  private static <T> T as(Class<T> type, Object value, String feature) {
    if (!type.isInstance(value)) {
      throw mistyped("a " + type.getSimpleName(), value, feature);
    }
    return type.cast(value);
  }

  private static IllegalArgumentException mistyped(String expected, Object value, String feature) {
    return new IllegalArgumentException(
        "feature '"
            + feature
            + "' needs "
            + expected
            + ", got a "
            + value.getClass().getSimpleName());
  }

  /** {@code t} as a serialized {@code google.protobuf.Timestamp}: fields at zero are left out. */
  static byte[] timestamp(Instant t) {
    long seconds = t.getEpochSecond();
    int nanos = t.getNano();
    int size =
        (seconds == 0 ? 0 : CodedOutputStream.computeInt64Size(1, seconds))
            + (nanos == 0 ? 0 : CodedOutputStream.computeInt32Size(2, nanos));
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      if (seconds != 0) {
        o.writeInt64(1, seconds);
      }
      if (nanos != 0) {
        o.writeInt32(2, nanos);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing into an array does not fail", e);
    }
    return out;
  }

  /** A serialized {@code google.protobuf.Timestamp} as an instant. */
  static Instant readTimestamp(byte[] bytes) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long seconds = 0;
    int nanos = 0;
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> seconds = in.readInt64();
          case 2 -> nanos = in.readInt32();
          default -> in.skipField(tag);
        }
      }
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (IOException | RuntimeException e) {
      throw new BackendException(
          "a stored time in Redis is not a protobuf Timestamp: " + e.getMessage(),
          "Delete the view's rows (an apply that breaks it, or 'larder teardown') and materialize"
              + " again",
          e);
    }
  }

  /** A serialized {@code Value} in Larder's Java types; {@code null} when no field is set. */
  static Object decode(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      Object value = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        value =
            switch (field) {
              case BYTES_VAL -> in.readByteArray();
              case STRING_VAL -> in.readString();
              case INT32_VAL -> (long) in.readInt32();
              case INT64_VAL -> in.readInt64();
              case DOUBLE_VAL -> in.readDouble();
              case FLOAT_VAL -> (double) in.readFloat();
              case BOOL_VAL -> in.readBool();
              case UNIX_TIMESTAMP_VAL -> Instant.ofEpochSecond(in.readInt64());
              case JSON_VAL -> in.readString();
              case MAP_VAL -> readMap(in.readBytes());
              case NULL_VAL -> {
                in.skipField(tag);
                yield null;
              }
              default -> {
                if (field > LIST_OFFSET && field <= LIST_OFFSET + UNIX_TIMESTAMP_VAL) {
                  yield readList(field - LIST_OFFSET, in.readBytes());
                }
                throw new BackendException(
                    "a value in Redis is a Feast Value of kind "
                        + field
                        + ", which Larder does not read (it reads the scalar kinds 1-8, their"
                        + " lists 11-18, map_val 20 and json_val 32)",
                    "Declare the feature with a type Larder supports, and materialize it again");
              }
            };
      }
      return value;
    } catch (IOException e) {
      throw new BackendException(
          "a value in Redis is not a Feast Value message: " + e.getMessage(),
          "Delete the view's rows and materialize again",
          e);
    }
  }

  private static Map<String, Object> readMap(ByteString message) throws IOException {
    CodedInputStream in = message.newCodedInput();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      CodedInputStream entry = in.readBytes().newCodedInput();
      String key = "";
      Object value = null;
      for (int t = entry.readTag(); t != 0; t = entry.readTag()) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> key = entry.readString();
          case 2 -> value = decode(entry.readByteArray());
          default -> entry.skipField(t);
        }
      }
      out.put(key, value);
    }
    return Collections.unmodifiableMap(out);
  }

  private static List<Object> readList(int kind, ByteString message) throws IOException {
    CodedInputStream in = message.newCodedInput();
    List<Object> out = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      boolean packed =
          WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
              && kind != STRING_VAL
              && kind != BYTES_VAL;
      if (packed) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          out.add(readElement(kind, in));
        }
        in.popLimit(limit);
      } else {
        out.add(readElement(kind, in));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static Object readElement(int kind, CodedInputStream in) throws IOException {
    return switch (kind) {
      case BYTES_VAL -> in.readByteArray();
      case STRING_VAL -> in.readString();
      case INT32_VAL -> (long) in.readInt32();
      case INT64_VAL -> in.readInt64();
      case DOUBLE_VAL -> in.readDouble();
      case FLOAT_VAL -> (double) in.readFloat();
      case BOOL_VAL -> in.readBool();
      case UNIX_TIMESTAMP_VAL -> Instant.ofEpochSecond(in.readInt64());
      default -> throw new IllegalStateException("unknown list kind " + kind);
    };
  }
}
