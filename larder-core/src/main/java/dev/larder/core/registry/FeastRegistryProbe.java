package dev.larder.core.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Tells whether a file is a Feast file registry: one serialized {@code feast.core.Registry}
 * protobuf message, as Feast writes to its {@code registry: data/registry.db}. Every top-level
 * field of that message is length-delimited (a message or a string), so the file must be a sequence
 * of such fields that ends exactly at the end of the file. Used to explain why a {@code registry:}
 * path is not a Larder registry; the import itself parses the whole message.
 */
public final class FeastRegistryProbe {
  /** Protobuf's wire type of length-delimited fields. */
  private static final int LENGTH_DELIMITED = 2;

  /** A generous bound on field numbers: Feast's Registry uses 1 to 19. */
  private static final int MAX_FIELD = 1000;

  private FeastRegistryProbe() {}

  /**
   * Whether a SQLite database with {@code tables} is Feast's SQL registry ({@code registry_type:
   * sql} on SQLite): its metadata table, or its tables of entities, sources and views.
   */
  public static boolean isFeastSqlRegistry(Collection<String> tables) {
    return tables.contains("feast_metadata")
        || tables.containsAll(List.of("entities", "data_sources", "feature_views"));
  }

  /** Whether {@code file} reads as a Feast file registry; false when it cannot be read. */
  public static boolean isFeastRegistry(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      long size = Files.size(file);
      long offset = 0;
      int fields = 0;
      while (offset < size) {
        long[] tag = varint(in);
        if (tag == null) {
          return false;
        }
        long key = tag[0];
        int wireType = (int) (key & 7);
        long number = key >>> 3;
        if (wireType != LENGTH_DELIMITED || number < 1 || number > MAX_FIELD) {
          return false;
        }
        long[] length = varint(in);
        if (length == null) {
          return false;
        }
        offset += tag[1] + length[1];
        if (length[0] < 0 || length[0] > size - offset) {
          return false;
        }
        in.skipNBytes(length[0]);
        offset += length[0];
        fields++;
      }
      return fields > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** A varint's value and its length in bytes, or null when it is cut short or too long. */
  private static long[] varint(InputStream in) throws IOException {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return new long[] {value, i + 1};
      }
    }
    return null;
  }
}
