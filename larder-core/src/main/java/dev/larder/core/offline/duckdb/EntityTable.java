package dev.larder.core.offline.duckdb;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.Names;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.EntityCsvShape;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.ViewPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entity rows loaded into a DuckDB temporary table: a {@code __larder_row} ordinal (input order),
 * the input's columns in order, {@code event_timestamp} as {@code TIMESTAMPTZ} (DESIGN B2).
 *
 * @param name the table's name
 * @param columns the input's columns and their types, in input order
 * @param rows the number of rows
 * @param from the earliest event timestamp ({@code null} without rows)
 * @param to the latest event timestamp ({@code null} without rows)
 * @param origin how messages name the rows ({@code entity rows file x.csv})
 * @param warnings what the retrieval must warn about the rows (an entity query without {@code ORDER
 *     BY})
 */
record EntityTable(
    String name,
    Map<String, ColumnType> columns,
    long rows,
    Instant from,
    Instant to,
    String origin,
    List<String> warnings) {
  /** The ordinal column. */
  static final String ROW = "__larder_row";

  static final String TS = EntityRows.EVENT_TIMESTAMP;

  EntityTable {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    warnings = List.copyOf(warnings);
  }

  /** The same rows in table {@code other} (a copy the caller made). */
  EntityTable named(String other) {
    return new EntityTable(other, columns, rows, from, to, origin, warnings);
  }

  /**
   * Loads {@code rows} into table {@code name}. A CSV column that {@code views} join on takes the
   * type their entities declare for it, when they agree on one; {@code event_timestamp} is a time;
   * every other CSV column stays text, as written (DESIGN B2).
   */
  static EntityTable load(
      Connection connection, String name, EntityRows rows, List<ViewPlan> views) {
    String origin = "entity rows";
    List<String> warnings = List.of();
    try {
      if (rows instanceof EntityRows.Columns c) {
        return JavaEntityRows.append(connection, name, c);
      } else if (rows instanceof EntityRows.CsvFile f) {
        origin = "entity rows file " + f.path();
        loadCsv(connection, name, f.path(), keyUses(views), origin);
      } else if (rows instanceof EntityRows.ParquetFile f) {
        origin = "entity rows file " + f.path();
        loadParquet(connection, name, f.path(), origin);
      } else if (rows instanceof EntityRows.Query q) {
        origin = q.origin();
        if (!DuckDbEntityQuery.load(connection, name, q)) {
          warnings = List.of(EntityRows.Query.UNORDERED_WARNING);
        }
      } else if (rows instanceof EntityRows.TimeRange) {
        throw new IllegalStateException("a time range is resolved by TimeRangeRows first");
      }
      return describe(connection, name, origin, warnings);
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot read the " + origin, e);
    }
  }

  /** For each entity column joined on: the keys joined to it, each with its view's label. */
  private static Map<String, Map<JoinKey, String>> keyUses(List<ViewPlan> views) {
    Map<String, Map<JoinKey, String>> uses = new LinkedHashMap<>();
    for (ViewPlan view : views) {
      for (JoinKey key : view.joinKeys()) {
        uses.computeIfAbsent(key.entityColumn(), c -> new LinkedHashMap<>())
            .putIfAbsent(key, view.label());
      }
    }
    return uses;
  }

  private static void requireFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new NotFoundException(
          "entity rows file not found: " + path,
          "Write the file (a header row with the join keys and event_timestamp), or fix the path");
    }
  }

  private static void loadCsv(
      Connection connection,
      String name,
      Path path,
      Map<String, Map<JoinKey, String>> keyUses,
      String origin)
      throws SQLException {
    requireFile(path);
    EntityCsvShape.check(path, origin);
    String raw = name + "_text";
    DuckDbSql.execute(
        connection,
        "CREATE TEMP TABLE "
            + raw
            + " AS SELECT * FROM read_csv("
            + Sql.literal(path.toAbsolutePath().toString())
            + ", header = true, all_varchar = true, allow_quoted_nulls = false, delim = ',',"
            + " quote = '\"', escape = '\"')");
    try {
      List<String> names = columnNames(connection, raw);
      requireTimestampColumn(names, origin);
      checkTimestampText(connection, raw, origin);
      List<String> select = new ArrayList<>();
      select.add("rowid AS " + ROW);
      for (String column : names) {
        String c = Sql.id(column);
        Map<JoinKey, String> uses = keyUses.getOrDefault(column, Map.of());
        Set<ValueType> declared = new HashSet<>();
        uses.keySet().forEach(k -> declared.add(k.type()));
        if (column.equals(TS)) {
          select.add(DuckDbTimeText.toInstant(c) + " AS " + c);
        } else if (declared.size() == 1) {
          Map.Entry<JoinKey, String> use = uses.entrySet().iterator().next();
          select.add(csvKey(connection, raw, c, use.getKey(), use.getValue(), origin) + " AS " + c);
        } else {
          // other columns are text and pass through unchanged (B2): a zip code 007 stays 007
          select.add(c);
        }
      }
      DuckDbSql.execute(
          connection,
          "CREATE TEMP TABLE "
              + name
              + " AS SELECT "
              + String.join(", ", select)
              + " FROM "
              + raw
              + " ORDER BY rowid");
    } finally {
      DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + raw);
    }
  }

  /** A CSV key column in its entity's type: integers and text strictly, others by cast. */
  private static String csvKey(
      Connection connection,
      String raw,
      String column,
      JoinKey key,
      String viewLabel,
      String origin) {
    return switch (key.type()) {
      case INT32, INT64, STRING ->
          DuckDbKeyCoercion.convert(
              connection,
              raw,
              column,
              ColumnType.STRING,
              key,
              viewLabel,
              origin + ": column " + column);
      default -> "CAST(" + column + " AS " + DuckDbKeyCoercion.joinType(key.type()) + ")";
    };
  }

  private static void checkTimestampText(Connection connection, String raw, String origin)
      throws SQLException {
    String c = Sql.id(TS);
    String sql =
        "SELECT rowid, "
            + c
            + " FROM "
            + raw
            + " WHERE "
            + c
            + " IS NULL OR "
            + DuckDbTimeText.toInstant(c)
            + " IS NULL ORDER BY rowid LIMIT 1";
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      if (rs.next()) {
        String value = rs.getString(2);
        throw new InvalidArgumentException(
            origin
                + ", row "
                + (rs.getLong(1) + 1)
                + " after the header: event_timestamp "
                + (value == null ? "is empty" : Echo.of(value) + " is not an ISO-8601 time"),
            "Write times like 2022-05-13 10:59:42+00:00, 2022-05-13T10:59:42.123456 (no offset"
                + " means UTC), 2022-05-13T10:59:42Z or 2022-05-13 (midnight UTC)");
      }
    }
  }

  /** Text times in a Parquet file's event_timestamp are held to the one time parser's forms. */
  private static void checkParquetTimestampText(Connection connection, String scan, String origin)
      throws SQLException {
    String c = Sql.id(TS);
    String sql =
        "SELECT file_row_number, "
            + c
            + " FROM "
            + scan
            + " WHERE "
            + c
            + " IS NOT NULL AND "
            + DuckDbTimeText.toInstant(c)
            + " IS NULL ORDER BY file_row_number LIMIT 1";
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      if (rs.next()) {
        throw new InvalidArgumentException(
            origin
                + ", row "
                + (rs.getLong(1) + 1)
                + ": event_timestamp "
                + Echo.of(rs.getString(2))
                + " is not an ISO-8601 time",
            "Write times like 2022-05-13 10:59:42+00:00, 2022-05-13T10:59:42.123456 (no offset"
                + " means UTC), 2022-05-13T10:59:42Z or 2022-05-13 (midnight UTC), or as"
                + " TIMESTAMP columns");
      }
    }
  }

  private static void loadParquet(Connection connection, String name, Path path, String origin)
      throws SQLException {
    requireFile(path);
    String scan = "read_parquet(" + Sql.literal(path.toAbsolutePath().toString()) + ")";
    Map<String, ColumnType> types;
    try {
      types = columnTypes(connection, "(SELECT * FROM " + scan + ")");
    } catch (SQLException e) {
      throw unreadableParquet(origin, e);
    }
    requireTimestampColumn(List.copyOf(types.keySet()), origin);
    if (types.containsKey("file_row_number")) {
      throw new InvalidArgumentException(
          origin + " has a column named 'file_row_number', which Larder uses to keep row order",
          "Rename that column");
    }
    ColumnType.Family family = types.get(TS).family();
    if (family != ColumnType.Family.TIMESTAMP
        && family != ColumnType.Family.DATE
        && family != ColumnType.Family.STRING) {
      throw new InvalidArgumentException(
          origin + ": event_timestamp is " + types.get(TS) + ", not a timestamp",
          "Write event_timestamp as TIMESTAMP (taken as UTC) or TIMESTAMP WITH TIME ZONE");
    }
    String time = "CAST(" + Sql.id(TS) + " AS TIMESTAMPTZ)";
    if (family == ColumnType.Family.STRING) {
      checkParquetTimestampText(connection, scan, origin);
      time = DuckDbTimeText.toInstant(Sql.id(TS));
    }
    try {
      DuckDbSql.execute(
          connection,
          "CREATE TEMP TABLE "
              + name
              + " AS SELECT file_row_number AS "
              + ROW
              + ", * REPLACE ("
              + time
              + " AS "
              + Sql.id(TS)
              + ") FROM "
              + scan
              + " ORDER BY file_row_number");
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).startsWith("Conversion Error")) {
        throw e; // a value, which the caller reports as such
      }
      throw unreadableParquet(origin, e);
    }
  }

  /**
   * A Parquet file DuckDB cannot read: the user's file, not a failing backend (its message, such as
   * the Thrift decoder's {@code TProtocolException: Invalid data}, says nothing useful to them).
   */
  private static InvalidArgumentException unreadableParquet(String origin, SQLException e) {
    return new InvalidArgumentException(
        origin + " cannot be read as Parquet: it is damaged, or not a Parquet file",
        "Write the entity rows again, as Parquet or as CSV (a header row with the join keys and"
            + " event_timestamp)",
        e);
  }

  /**
   * The columns must include event_timestamp, must not use the reserved prefix, and must be names
   * SQL can hold (no NUL character).
   */
  static void requireTimestampColumn(List<String> names, String origin) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).indexOf('\0') >= 0) {
        throw new InvalidArgumentException(
            origin + ": the name of column " + (i + 1) + " holds a NUL character",
            "Rename that column without control characters");
      }
    }
    for (String column : names) {
      if (column.startsWith("__larder")) {
        throw new InvalidArgumentException(
            origin
                + " has a column named "
                + Echo.of(column)
                + "; names starting __larder are reserved",
            "Rename that column");
      }
    }
    if (!names.contains(TS)) {
      throw new InvalidArgumentException(
          origin
              + ": there is no event_timestamp column"
              + DidYouMean.sentenceEnd(TS, names)
              + " Their columns: "
              + Names.listing(names),
          "Add an event_timestamp column: the time each row is asked about (ISO-8601, UTC when"
              + " no offset is given)");
    }
  }

  private static EntityTable describe(
      Connection connection, String name, String origin, List<String> warnings)
      throws SQLException {
    Map<String, ColumnType> columns = columnTypes(connection, name);
    columns.remove(ROW);
    requireTimestampColumn(List.copyOf(columns.keySet()), origin);
    String ts = Sql.id(TS);
    String sql =
        "SELECT count(*), count("
            + ts
            + "), epoch_us(min("
            + ts
            + ")), epoch_us(max("
            + ts
            + ")), min(CASE WHEN "
            + ts
            + " IS NULL THEN "
            + ROW
            + " END) FROM "
            + name;
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      rs.next();
      long rows = rs.getLong(1);
      if (rs.getLong(2) < rows) {
        throw new InvalidArgumentException(
            origin + ": event_timestamp is empty in row " + rs.getLong(5),
            "Give every entity row the time it is asked about");
      }
      Instant from = rows == 0 ? null : Sql.instant(rs.getLong(3));
      Instant to = rows == 0 ? null : Sql.instant(rs.getLong(4));
      return new EntityTable(name, columns, rows, from, to, origin, warnings);
    }
  }

  static List<String> columnNames(Connection connection, String table) throws SQLException {
    return List.copyOf(columnTypes(connection, table).keySet());
  }

  /** The columns of a table or parenthesised query, in order, with their types. */
  static Map<String, ColumnType> columnTypes(Connection connection, String table)
      throws SQLException {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    try (ResultSet rs = DuckDbSql.query(connection, "DESCRIBE SELECT * FROM " + table)) {
      while (rs.next()) {
        out.put(rs.getString("column_name"), DuckDbTypes.columnType(rs.getString("column_type")));
      }
    }
    return out;
  }

  /** The type of entity column {@code column}, or a not-found error naming the columns. */
  ColumnType require(String column, String needed) {
    ColumnType type = columns.get(column);
    if (type == null) {
      List<String> names = List.copyOf(columns.keySet());
      throw new InvalidArgumentException(
          needed
              + " needs entity column "
              + Echo.of(column)
              + ", which is not in the "
              + origin
              + DidYouMean.sentenceEnd(column, names)
              + " Their columns: "
              + Names.listing(names),
          "Add the column, or map the join key to another column with join_key_map in a feature"
              + " service");
    }
    return type;
  }
}
