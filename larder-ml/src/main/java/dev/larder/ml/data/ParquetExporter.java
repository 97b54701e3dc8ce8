package dev.larder.ml.data;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The guide's {@code export_to_parquet}: writes every row of a sample table (all snapshots) to a
 * Parquet file that a file source of the feature store can read ({@code larder data export}).
 *
 * <p>Columns keep their names and order; types map to what Feast expects: {@code sample_index} and
 * {@code target} (SQLite INTEGER, 64-bit) → BIGINT (Feast Int64), {@code event_timestamp} and
 * {@code created_timestamp} (UTC text) → TIMESTAMP WITH TIME ZONE in microseconds, features →
 * DOUBLE (Float64). NULL features, targets and created times stay NULL. Rows are written in table
 * (rowid) order, so "last in the file" means what "last inserted" meant in SQLite.
 *
 * <p>Rows stream from SQLite into an in-memory DuckDB table through DuckDB's appender, one row at a
 * time (the table is never held as Java objects; DuckDB holds it in native memory, columnar, until
 * it writes the file). The file is then read back and checked (row count, column names and types)
 * before it is moved over {@code out}, so a failed export keeps the previous file. The result does
 * not depend on the JVM's or DuckDB's time zone: times are parsed from their UTC text, appended as
 * epoch microseconds, and the DuckDB session is set to UTC.
 */
public final class ParquetExporter {
  /** The folder of the default output, relative to the working directory. */
  public static final Path DEFAULT_DIRECTORY = Path.of("data");

  private static final String TIMESTAMP_TYPE = "TIMESTAMP WITH TIME ZONE";
  private static final String BAD_ROW_HINT =
      "Fix or delete that row, or make a fresh table with: larder data generate --force";

  private ParquetExporter() {}

  /** {@code data/<table>.parquet}, relative to the working directory. */
  public static Path defaultOutput(String table) {
    return DEFAULT_DIRECTORY.resolve(table + ".parquet");
  }

  /** Exports table {@value SampleDatabase#TABLE} of the default database to its default file. */
  public static ExportResult export() {
    return export(SampleDatabase.DEFAULT_PATH, SampleDatabase.TABLE);
  }

  /** Exports {@code table} of the database at {@code db} to {@link #defaultOutput}. */
  public static ExportResult export(Path db, String table) {
    return export(db, table, defaultOutput(table));
  }

  /**
   * Exports every row of {@code table} in the database at {@code db} to the Parquet file {@code
   * out}, replacing it atomically; parent directories are created.
   *
   * @throws NotFoundException when the database file or the table does not exist
   * @throws InvalidArgumentException when a column is missing or of the wrong type, or a value does
   *     not fit its column
   * @throws BackendException when SQLite, DuckDB or the file system fails, or the written file does
   *     not read back as expected
   */
  public static ExportResult export(Path db, String table, Path out) {
    Path target = out.toAbsolutePath().normalize();
    try (SampleTable sample = SampleTable.open(db, table);
        ReplacementFile file = ReplacementFile.beside(target)) {
      long rows = write(sample, file.temporary());
      List<String> columns = verify(sample, file.temporary(), rows);
      file.replaceTarget();
      return new ExportResult(target, rows, columns);
    } catch (SQLException e) {
      throw new BackendException(
          "Cannot export table '"
              + table
              + "' of "
              + db.toAbsolutePath()
              + " to "
              + target
              + ": "
              + e.getMessage(),
          null,
          e);
    }
  }

  /** Streams the table into DuckDB and writes the Parquet file; returns the rows written. */
  private static long write(SampleTable sample, Path file) throws SQLException {
    SampleRowChecks checks = new SampleRowChecks(sample);
    List<SampleTable.Column> columns = sample.columns();
    StringJoiner select = new StringJoiner(", ", "SELECT rowid, ", "");
    StringJoiner create = new StringJoiner(", ", "CREATE TABLE export (", ")");
    for (SampleTable.Column column : columns) {
      select.add(SampleTable.quote(column.name()));
      create.add(SampleTable.quote(column.name()) + " " + duckDbType(column.role()));
    }
    select.add(checks.flagExpression(true));
    int keyColumn = columns.indexOf(sample.column(SampleTable.Role.KEY)) + 2;
    int flagColumn = columns.size() + 2;

    long rows = 0;
    try (Connection duck = openDuckDb()) {
      try (Statement statement = duck.createStatement()) {
        statement.execute(create.toString());
      }
      try (PreparedStatement query =
              sample
                  .connection()
                  .prepareStatement(select + " FROM " + sample.quotedTable() + " ORDER BY rowid");
          ResultSet result = query.executeQuery();
          DuckDBAppender appender = duck.unwrap(DuckDBConnection.class).createAppender("export")) {
        while (result.next()) {
          long rowid = result.getLong(1);
          if (result.getInt(flagColumn) != 0) {
            throw checks.errorForRow(rowid, true, BAD_ROW_HINT);
          }
          appender.beginRow();
          for (int i = 0; i < columns.size(); i++) {
            SampleTable.Column column = columns.get(i);
            int index = i + 2;
            switch (column.role()) {
              case KEY, TARGET -> {
                long value = result.getLong(index);
                if (result.wasNull()) {
                  appender.appendNull();
                } else {
                  appender.append(value);
                }
              }
              case FEATURE -> {
                double value = result.getDouble(index);
                // NULL, text and blobs read as 0 too; only then is the value looked at closer.
                Object zero = value == 0.0 ? result.getObject(index) : null;
                if (value != 0.0 || zero instanceof Number) {
                  appender.append(value);
                } else if (zero == null) {
                  appender.appendNull();
                } else {
                  throw checks.errorForRow(rowid, true, BAD_ROW_HINT);
                }
              }
              case EVENT_TIMESTAMP, CREATED_TIMESTAMP -> {
                String text = result.getString(index);
                if (text == null) {
                  appender.appendNull();
                } else {
                  appender.appendEpochMicros(
                      epochMicros(checks, rowid, result.getString(keyColumn), column, text));
                }
              }
            }
          }
          appender.endRow();
          rows++;
        }
      }
      try (Statement statement = duck.createStatement()) {
        statement.execute("COPY export TO " + literal(file) + " (FORMAT PARQUET)");
      }
    }
    return rows;
  }

  /** Reads the file back: the row count and every column's name and type must be as written. */
  private static List<String> verify(SampleTable sample, Path file, long rows) throws SQLException {
    List<String> expected = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (SampleTable.Column column : sample.columns()) {
      expected.add(column.name() + " " + duckDbType(column.role()));
    }
    long count;
    List<String> names = new ArrayList<>();
    try (Connection duck = openDuckDb();
        Statement statement = duck.createStatement()) {
      try (ResultSet result =
          statement.executeQuery(
              "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                  + literal(file)
                  + "))")) {
        while (result.next()) {
          names.add(result.getString(1));
          found.add(result.getString(1) + " " + result.getString(2));
        }
      }
      try (ResultSet result =
          statement.executeQuery("SELECT count(*) FROM read_parquet(" + literal(file) + ")")) {
        result.next();
        count = result.getLong(1);
      }
    }
    if (count != rows || !found.equals(expected)) {
      throw new BackendException(
          "The Parquet file written for "
              + sample.where()
              + " does not read back as written: expected "
              + rows
              + " rows with columns "
              + expected
              + ", found "
              + count
              + " rows with columns "
              + found,
          "The previous file, if any, was kept. Run the export again; if it fails again, report"
              + " it with this message.");
    }
    return names;
  }

  private static long epochMicros(
      SampleRowChecks checks, long rowid, String key, SampleTable.Column column, String text) {
    try {
      return ChronoUnit.MICROS.between(Instant.EPOCH, TimestampText.parse(text));
    } catch (DateTimeParseException e) {
      throw checks.invalidValue(rowid, key, column, "'" + text + "'", BAD_ROW_HINT, e);
    }
  }

  private static String duckDbType(SampleTable.Role role) {
    return switch (role) {
      case KEY, TARGET -> "BIGINT";
      case EVENT_TIMESTAMP, CREATED_TIMESTAMP -> TIMESTAMP_TYPE;
      case FEATURE -> "DOUBLE";
    };
  }

  private static Connection openDuckDb() throws SQLException {
    Connection duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = duck.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      try {
        duck.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return duck;
  }

  private static String literal(Path file) {
    return "'" + file.toString().replace("'", "''") + "'";
  }
}
