package dev.larder.core.offline.duckdb;

import dev.larder.core.BackendException;
import dev.larder.core.model.DatePartition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a source directory of partition folders ({@code date=2025-01-03/part-0.parquet}, at
 * any depth) and which of them can hold a row within an event-time range, by the folder names alone
 * ({@link DatePartition}). Folders whose name starts with {@code _} or {@code .} (Spark's {@code
 * _temporary}, hidden folders) are not read.
 */
final class PartitionFolders {
  private PartitionFolders() {}

  /** The {@code .parquet} files under {@code directory}, ordered by their path under it. */
  static List<String> parquetFiles(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(f -> SourceSchemas.isParquet(f) && Files.isRegularFile(f))
          .filter(f -> !hidden(directory.relativize(f)))
          .sorted(Comparator.comparing(f -> relative(directory, f)))
          .map(Path::toString)
          .toList();
    } catch (IOException e) {
      throw new BackendException("cannot list " + directory + ": " + e.getMessage(), null, e);
    }
  }

  private static boolean hidden(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      String name = relative.getName(i).toString();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String relative(Path directory, Path file) {
    Path relative = directory.relativize(file);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < relative.getNameCount(); i++) {
      out.append(i == 0 ? "" : "/").append(relative.getName(i));
    }
    return out.toString();
  }

  /**
   * Whether {@code file} (under {@code directory}) may hold a row with an event time within {@code
   * [earliest, latest]} (either null for unbounded): false only when a folder on its path is named
   * {@code <column>=<value>} and the period {@code value} names lies wholly outside the range. A
   * file in no such folder, or whose value does not follow the format, may hold any row.
   */
  static boolean mayHold(
      Path directory, String file, DatePartition partition, Instant earliest, Instant latest) {
    if (earliest == null && latest == null) {
      return true;
    }
    Path relative = directory.relativize(Path.of(file));
    String prefix = partition.column() + "=";
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      String name = relative.getName(i).toString();
      if (!name.startsWith(prefix)) {
        continue;
      }
      DatePartition.Period period = partition.period(unescape(name.substring(prefix.length())));
      if (period != null && !period.overlaps(earliest, latest)) {
        return false;
      }
    }
    return true;
  }

  /** A folder value with Hive's escapes ({@code %3A} for {@code :}) undone. */
  static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        int hi = hex(bytes[i + 1]);
        int lo = hex(bytes[i + 2]);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(bytes[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }
}
