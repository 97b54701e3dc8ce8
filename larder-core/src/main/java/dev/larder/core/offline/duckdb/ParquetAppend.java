package dev.larder.core.offline.duckdb;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.FaultPoint;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.DocumentType;
import dev.larder.core.model.DocumentValues;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.ScalarType;
import dev.larder.core.offline.OfflineWriter;
import dev.larder.core.offline.PushedRows;
import dev.larder.core.source.SourceSchema;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends pushed rows to a Parquet directory through DuckDB (see {@link OfflineWriter}): the rows
 * go into a temporary table through DuckDB's appender, are copied to a hidden {@code .push-….tmp}
 * file in the directory (which no scan reads, since scans read {@code *.parquet}), and the file is
 * moved to {@code push-<UTC time>-<random>.parquet} in one atomic step. The time in the name makes
 * later pushes sort after earlier ones, so an exact tie between a pushed row and an older one goes
 * to the pushed row (B5.3: the row last in the source wins).
 */
final class ParquetAppend {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ParquetAppend() {}

  static void check(SourceSchemas schemas, FileSource source) {
    Path location = schemas.location(source);
    if (source.format() != FileFormat.PARQUET || !Files.isDirectory(location)) {
      String kind = source.format() == FileFormat.CSV ? "a CSV file" : "a single file";
      throw new InvalidDefinitionException(
          source.label()
              + " is "
              + kind
              + " ("
              + location
              + "), but pushing rows offline adds a new Parquet file next to the existing ones,"
              + " so it must be a directory of Parquet files",
          "Make it a directory: move the data into one (e.g. "
              + source.path().replaceAll("\\.(parquet|csv)$", "")
              + "/part-0.parquet, converting CSV to Parquet), set path: to the directory and run"
              + " 'larder apply'");
    }
  }

  static Path append(
      Connection connection,
      SourceSchemas schemas,
      FileSource source,
      PushedRows rows,
      String table) {
    check(schemas, source);
    Path directory = schemas.location(source);
    Map<String, String> existing = existingTypes(schemas, source, directory);
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path temp = directory.resolve(".push-" + id + ".parquet.tmp");
    Path target = directory.resolve("push-" + STAMP.format(Instant.now()) + "-" + id + ".parquet");
    try {
      List<String> defs = new ArrayList<>();
      for (PushedRows.Column c : rows.columns()) {
        defs.add(Sql.id(c.name()) + " " + SourceScan.sqlType(c.type()));
      }
      DuckDbSql.execute(
          connection, "CREATE TEMP TABLE " + table + " (" + String.join(", ", defs) + ")");
      try {
        fill(connection, table, rows);
        DuckDbSql.execute(
            connection,
            "COPY (SELECT "
                + select(rows, existing, directory)
                + " FROM "
                + table
                + ") TO "
                + Sql.literal(temp.toString())
                + " (FORMAT parquet)");
      } finally {
        DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + table);
      }
      FaultPoint.PUSH_BEFORE_RENAME.reach();
      move(temp, target);
      return target;
    } catch (SQLException e) {
      deleteQuietly(temp, e);
      throw DuckDbOfflineEngine.failure("cannot append pushed rows to " + directory, e);
    } catch (RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  /** The column types of the directory's Parquet files; empty when it has none yet. */
  private static Map<String, String> existingTypes(
      SourceSchemas schemas, FileSource source, Path directory) {
    Map<String, String> types = new LinkedHashMap<>();
    boolean any;
    try (Stream<Path> files = Files.list(directory)) {
      any =
          files.anyMatch(
              f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet"));
    } catch (IOException e) {
      throw new BackendException("cannot list " + directory + ": " + e.getMessage(), null, e);
    }
    if (any) {
      SourceSchema schema = schemas.describe(source);
      schema.columns().forEach(c -> types.put(c.name(), DuckDbTypes.sqlType(c.type())));
    }
    return types;
  }

  /** The columns to write: the existing files' columns and types, or the pushed ones. */
  private static String select(PushedRows rows, Map<String, String> existing, Path directory) {
    List<String> out = new ArrayList<>();
    if (existing.isEmpty()) {
      rows.columns().forEach(c -> out.add(Sql.id(c.name())));
      return String.join(", ", out);
    }
    for (PushedRows.Column c : rows.columns()) {
      if (!existing.containsKey(c.name())) {
        throw new InvalidDefinitionException(
            "pushed column "
                + Echo.of(c.name())
                + " is not in the Parquet files of "
                + directory
                + " (their columns: "
                + String.join(", ", existing.keySet())
                + ")",
            "Make the files and the definitions agree, then run 'larder apply'");
      }
    }
    List<String> pushed = rows.columns().stream().map(PushedRows.Column::name).toList();
    existing.forEach(
        (name, type) ->
            out.add(
                "CAST("
                    + (pushed.contains(name) ? Sql.id(name) : "NULL")
                    + " AS "
                    + type
                    + ") AS "
                    + Sql.id(name)));
    return String.join(", ", out);
  }

  private static void fill(Connection connection, String table, PushedRows rows)
      throws SQLException {
    try (DuckDBAppender appender =
        connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
      for (int r = 0; r < rows.rowCount(); r++) {
        appender.beginRow();
        for (PushedRows.Column c : rows.columns()) {
          appendValue(appender, c.type(), c.values().get(r));
        }
        appender.endRow();
      }
    }
  }

  private static void appendValue(DuckDBAppender appender, FeatureType type, Object v)
      throws SQLException {
    if (v == null) {
      appender.appendNull();
      return;
    }
    if (type instanceof ArrayType array) {
      List<Object> elements = new ArrayList<>();
      for (Object e : (List<?>) v) {
        elements.add(e == null ? null : element(array.element(), e));
      }
      appender.append(elements);
      return;
    }
    if (type instanceof DocumentType document) {
      appender.append(document == DocumentType.MAP ? DocumentValues.text(v) : (String) v);
      return;
    }
    switch ((ScalarType) type) {
      case INT32 -> appender.append(((Number) v).intValue());
      case INT64 -> appender.append(((Number) v).longValue());
      case FLOAT32 -> appender.append(((Number) v).floatValue());
      case FLOAT64 -> appender.append(((Number) v).doubleValue());
      case STRING -> appender.append((String) v);
      case BOOL -> appender.append((boolean) (Boolean) v);
      case BYTES -> appender.append((byte[]) v);
      case UNIX_TIMESTAMP -> appender.appendEpochMicros(Sql.micros((Instant) v));
    }
  }

  private static Object element(ScalarType type, Object e) {
    return switch (type) {
      case INT32 -> ((Number) e).intValue();
      case INT64 -> ((Number) e).longValue();
      case FLOAT32 -> ((Number) e).floatValue();
      case FLOAT64 -> ((Number) e).doubleValue();
      case UNIX_TIMESTAMP -> ((Instant) e).atOffset(ZoneOffset.UTC);
      case STRING, BOOL, BYTES -> e;
    };
  }

  private static void move(Path temp, Path target) {
    try {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new BackendException(
            "cannot move " + temp + " into place atomically: " + e.getMessage(),
            "Keep the batch source on a file system that supports atomic renames",
            e);
      }
    } catch (IOException e) {
      throw new BackendException(
          "cannot move " + temp + " to " + target + ": " + e.getMessage(), null, e);
    }
  }

  private static void deleteQuietly(Path file, Exception failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
