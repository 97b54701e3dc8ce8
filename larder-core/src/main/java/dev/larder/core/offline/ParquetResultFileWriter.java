package dev.larder.core.offline;

import dev.larder.core.BackendException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.offline.duckdb.DuckDbTempDirectory;
import dev.larder.core.offline.duckdb.DuckDbTypes;
import dev.larder.core.offline.duckdb.Sql;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A {@link ResultFileWriter} of Parquet (DESIGN B2): timestamps as TIMESTAMP WITH TIME ZONE (UTC,
 * microseconds), features in their declared types, entity columns in theirs — the same schema,
 * types and values as the DuckDB engine's own {@code COPY … (FORMAT PARQUET)}, because it is
 * written the same way: rows are appended to a table of an in-process DuckDB used only as a Parquet
 * library (in a temporary folder it may spill to, so large results need little heap), and {@link
 * #commit()} copies that table to the file.
 */
public final class ParquetResultFileWriter extends ResultFileWriter {
  private static final String TABLE = "result";

  private final Path spill;
  private final Connection connection;
  private final DuckDBAppender appender;
  private final List<Stage> stages = new ArrayList<>();

  /** How a column is held in the table before the copy. */
  private enum Stage {
    LONG("BIGINT"),
    DOUBLE("DOUBLE"),
    TEXT("VARCHAR"),
    BOOLEAN("BOOLEAN"),
    BLOB("BLOB"),
    TIMESTAMP("TIMESTAMPTZ"),
    LONG_LIST("BIGINT[]"),
    DOUBLE_LIST("DOUBLE[]"),
    TEXT_LIST("VARCHAR[]"),
    BOOLEAN_LIST("BOOLEAN[]"),
    TIMESTAMP_LIST("TIMESTAMPTZ[]");

    final String sql;

    Stage(String sql) {
      this.sql = sql;
    }
  }

  /** Opens a writer of {@code output}; prefer {@link ResultFileWriter#open}. */
  public ParquetResultFileWriter(Path output, List<OutputColumn> columns) {
    super(output, columns);
    Path dir = null;
    Connection c = null;
    try {
      dir = DuckDbTempDirectory.create(Path.of(System.getProperty("java.io.tmpdir")));
      c = DriverManager.getConnection("jdbc:duckdb:");
      List<String> defs = new ArrayList<>();
      for (int i = 0; i < columns().size(); i++) {
        Stage stage = stage(columns().get(i).type());
        stages.add(stage);
        defs.add("c" + i + " " + stage.sql);
      }
      try (Statement s = c.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET preserve_insertion_order = true");
        s.execute("SET temp_directory = " + Sql.literal(dir.toString()));
        s.execute("CREATE TABLE " + TABLE + " (" + String.join(", ", defs) + ")");
      }
      this.appender = c.unwrap(DuckDBConnection.class).createAppender("main", TABLE);
      this.connection = c;
      this.spill = dir;
    } catch (SQLException | IOException | RuntimeException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (dir != null) {
        DuckDbTempDirectory.delete(dir);
      }
      throw new BackendException(
          "cannot start the Parquet writer of " + output() + ": " + e.getMessage(), null, e);
    }
  }

  private static Stage stage(ColumnType type) {
    return switch (type.family()) {
      case INTEGER -> FrameColumn.Kind.of(type) == FrameColumn.Kind.LONG ? Stage.LONG : Stage.TEXT;
      case FLOATING ->
          type.name().toUpperCase(Locale.ROOT).startsWith("DECIMAL") ? Stage.TEXT : Stage.DOUBLE;
      case BOOLEAN -> Stage.BOOLEAN;
      case BLOB -> Stage.BLOB;
      case TIMESTAMP -> Stage.TIMESTAMP;
      case LIST ->
          switch (stage(type.elementType())) {
            case LONG -> Stage.LONG_LIST;
            case DOUBLE -> Stage.DOUBLE_LIST;
            case BOOLEAN -> Stage.BOOLEAN_LIST;
            case TIMESTAMP -> Stage.TIMESTAMP_LIST;
            default -> Stage.TEXT_LIST;
          };
      case NULL -> Stage.LONG;
      case STRING, MAP, JSON, DATE, OTHER -> Stage.TEXT;
    };
  }

  @Override
  void write(List<?> values) throws IOException {
    try {
      appender.beginRow();
      for (int i = 0; i < values.size(); i++) {
        append(columns().get(i), stages.get(i), values.get(i));
      }
      appender.endRow();
    } catch (SQLException e) {
      throw new BackendException(
          "cannot write row " + rowCount() + " of " + output() + ": " + e.getMessage(), null, e);
    }
  }

  private void append(OutputColumn column, Stage stage, Object raw) throws SQLException {
    if (stage == Stage.TEXT && raw instanceof BigDecimal d) {
      appender.append(d.toPlainString());
      return;
    }
    Object v = normalized(column, raw);
    if (v == null) {
      appender.appendNull();
      return;
    }
    switch (stage) {
      case LONG -> appender.append((long) (Long) v);
      case DOUBLE -> appender.append((double) (Double) v);
      case TEXT ->
          appender.append(
              v instanceof Double d ? BigDecimal.valueOf(d).toPlainString() : v.toString());
      case BOOLEAN -> appender.append((boolean) (Boolean) v);
      case BLOB -> appender.append((byte[]) v);
      case TIMESTAMP -> appender.appendEpochMicros(Sql.micros((Instant) v));
      case TIMESTAMP_LIST -> {
        List<Object> times = new ArrayList<>();
        for (Object e : (List<?>) v) {
          times.add(e == null ? null : ((Instant) e).atOffset(ZoneOffset.UTC));
        }
        appender.append(times);
      }
      case TEXT_LIST -> {
        List<Object> texts = new ArrayList<>();
        for (Object e : (List<?>) v) {
          texts.add(e == null ? null : e.toString());
        }
        appender.append(texts);
      }
      case LONG_LIST, DOUBLE_LIST, BOOLEAN_LIST -> appender.append((List<?>) v);
    }
  }

  @Override
  void finish() throws IOException {
    List<String> select = new ArrayList<>();
    for (int i = 0; i < columns().size(); i++) {
      OutputColumn column = columns().get(i);
      select.add(
          "CAST(c"
              + i
              + " AS "
              + DuckDbTypes.sqlType(column.type())
              + ") AS "
              + Sql.id(column.name()));
    }
    try {
      appender.close();
      try (Statement s = connection.createStatement()) {
        s.execute(
            "COPY (SELECT "
                + String.join(", ", select)
                + " FROM "
                + TABLE
                + " ORDER BY rowid) TO "
                + Sql.literal(temp().toString())
                + " (FORMAT PARQUET)");
      }
    } catch (SQLException e) {
      throw new BackendException(
          "cannot write " + output() + ": " + e.getMessage().lines().findFirst().orElse(""),
          null,
          e);
    }
  }

  @Override
  void release() {
    try {
      appender.close();
    } catch (SQLException e) {
      // closing after a failure or after the copy
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // the in-memory database goes with its connection
    } finally {
      DuckDbTempDirectory.delete(spill);
    }
  }
}
