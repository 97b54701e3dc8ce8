package dev.larder.redis;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Feast's formats as a script that knows only Feast's definitions would read and write them,
 * independent of the store's code: a generic protobuf message reader (field number → raw values), a
 * message writer, and {@code serialize_entity_key} v3 of {@code key_encoding_utils.py}.
 */
final class FeastWire {
  private FeastWire() {}

  /**
   * The fields of a message: varints as {@link Long}, fixed64 as {@link Long} bits, fixed32 as
   * {@link Integer} bits, length-delimited as {@code byte[]}.
   */
  static Map<Integer, List<Object>> fields(byte[] message) {
    Map<Integer, List<Object>> out = new LinkedHashMap<>();
    CodedInputStream in = CodedInputStream.newInstance(message);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        Object value =
            switch (WireFormat.getTagWireType(tag)) {
              case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
              case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
              case WireFormat.WIRETYPE_FIXED32 -> in.readRawLittleEndian32();
              case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
              default -> throw new IllegalStateException("wire type of tag " + tag);
            };
        out.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The varints of a packed repeated field's bytes. */
  static List<Long> packedVarints(byte[] packed) {
    List<Long> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(packed);
    try {
      while (!in.isAtEnd()) {
        out.add(in.readRawVarint64());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A message written by {@code body}. */
  static byte[] message(WriteBody body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      body.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes the fields of a message. */
  @FunctionalInterface
  interface WriteBody {
    void write(CodedOutputStream out) throws IOException;
  }

  /**
   * Feast's {@code serialize_entity_key} (version 3) of one join key with an INT64 value, followed
   * by the project, as {@code _redis_key} makes Redis keys.
   */
  static byte[] int64Key(String joinKey, long value, String project) {
    return key(
        joinKey,
        4,
        b -> b.order(ByteOrder.LITTLE_ENDIAN).putLong(value),
        8,
        project.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] key(
      String joinKey, int type, Consumer<ByteBuffer> value, int length, byte[] project) {
    byte[] name = joinKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(4 + 8 + name.length + 8 + length + project.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1).putInt(2).putInt(name.length).put(name).putInt(type).putInt(length);
    value.accept(b);
    b.put(project);
    return b.array();
  }
}
