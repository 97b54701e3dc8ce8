package dev.larder.core.offline.duckdb;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Writes entity rows held in Java into a DuckDB table through DuckDB's appender. */
final class JavaEntityRows {
  private JavaEntityRows() {}

  /**
   * Appends {@code rows} to a new table {@code table}; the columns' types and the time range come
   * from the rows themselves, with no query.
   */
  static EntityTable append(Connection connection, String table, EntityRows.Columns rows)
      throws SQLException {
    EntityTable.requireTimestampColumn(
        rows.columns().stream().map(FrameColumn::name).toList(), "entity rows");
    List<String> columns = new ArrayList<>();
    columns.add(EntityTable.ROW + " BIGINT");
    Map<String, ColumnType> types = new LinkedHashMap<>();
    FrameColumn timestamps = null;
    for (FrameColumn c : rows.columns()) {
      if (c.name().equals(EntityTable.TS) && c.kind() != FrameColumn.Kind.TIMESTAMP) {
        throw new InvalidArgumentException(
            "entity column event_timestamp holds " + c.kind() + " values, not timestamps",
            "Add it with EntityRows.builder().timestamps(\"event_timestamp\", instants)");
      }
      ColumnType type = columnType(c);
      columns.add(Sql.id(c.name()) + " " + DuckDbTypes.sqlType(type));
      types.put(c.name(), type);
      if (c.name().equals(EntityTable.TS)) {
        timestamps = c;
      }
    }
    int n = rows.rowCount();
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (int row = 0; row < n; row++) {
      if (timestamps.isNull(row)) {
        throw new InvalidArgumentException(
            "entity rows: event_timestamp is empty in row " + row,
            "Give every entity row the time it is asked about");
      }
      from = Math.min(from, timestamps.getEpochMicros(row));
      to = Math.max(to, timestamps.getEpochMicros(row));
    }
    DuckDbSql.execute(
        connection, "CREATE TEMP TABLE " + table + " (" + String.join(", ", columns) + ")");
    try (DuckDBAppender appender =
        connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
      for (int row = 0; row < n; row++) {
        appender.beginRow();
        appender.append((long) row);
        for (FrameColumn c : rows.columns()) {
          appendValue(appender, c, row);
        }
        appender.endRow();
      }
    }
    return new EntityTable(
        table,
        types,
        n,
        n == 0 ? null : Sql.instant(from),
        n == 0 ? null : Sql.instant(to),
        "entity rows",
        List.of());
  }

  private static ColumnType columnType(FrameColumn column) {
    return switch (column.kind()) {
      case LONG -> ColumnType.INT64;
      case DOUBLE -> ColumnType.FLOAT64;
      case STRING -> ColumnType.STRING;
      case BOOLEAN -> ColumnType.BOOL;
      case TIMESTAMP -> ColumnType.TIMESTAMP_TZ;
      case BYTES -> ColumnType.BYTES;
      case LIST ->
          throw new InvalidArgumentException(
              "entity column "
                  + Echo.of(column.name())
                  + " holds lists, which entity rows cannot hold",
              "Give entity rows scalar columns only");
    };
  }

  private static void appendValue(DuckDBAppender appender, FrameColumn c, int row)
      throws SQLException {
    if (c.isNull(row)) {
      appender.appendNull();
      return;
    }
    switch (c.kind()) {
      case LONG -> appender.append(c.getLong(row));
      case DOUBLE -> appender.append(c.getDouble(row));
      case STRING -> appender.append(c.getString(row));
      case BOOLEAN -> appender.append(c.getBoolean(row));
      case TIMESTAMP -> appender.appendEpochMicros(c.getEpochMicros(row));
      case BYTES -> appender.append(c.getBytes(row));
      case LIST -> throw new IllegalStateException("lists are rejected before appending");
    }
  }
}
