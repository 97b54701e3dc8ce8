package dev.larder.ml.data;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.sqlite.SQLiteConfig;

/**
 * A sample table (B8 layout) in a SQLite file, opened read-only with its columns checked: the one
 * place that turns a missing database, a missing table or a wrong column into a clear error, for
 * both {@link DirectLoader} and {@link ParquetExporter}.
 *
 * <p>Columns are matched by name, ignoring case as SQLite does: {@code sample_index} (required),
 * {@code event_timestamp} and {@code created_timestamp} (optional), {@code target} (required);
 * every other column is a feature and must be numeric (INTEGER, REAL or NUMERIC affinity).
 */
final class SampleTable implements AutoCloseable {

  /** What a column of the sample table holds. */
  enum Role {
    KEY,
    EVENT_TIMESTAMP,
    CREATED_TIMESTAMP,
    FEATURE,
    TARGET
  }

  /** A column as SQLite declares it, with its role. */
  record Column(String name, String declaredType, Role role) {}

  private final Path db;
  private final Path absolute;
  private final String table;
  private final List<Column> columns;
  private final Connection connection;

  private SampleTable(
      Path db, Path absolute, String table, List<Column> columns, Connection connection) {
    this.db = db;
    this.absolute = absolute;
    this.table = table;
    this.columns = columns;
    this.connection = connection;
  }

  /**
   * Opens {@code table} of the database at {@code db} for reading.
   *
   * @throws NotFoundException when the file or the table does not exist
   * @throws InvalidArgumentException when a required column is missing or a feature is not numeric
   * @throws BackendException when SQLite cannot read the file
   */
  static SampleTable open(Path db, String table) {
    Path absolute = db.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      String hint = "Create it with: larder data generate";
      if (!absolute.equals(SampleDatabase.DEFAULT_PATH.toAbsolutePath().normalize())) {
        hint += " --db " + shellWord(db.toString());
      }
      throw new NotFoundException("Database not found at " + absolute, hint);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Connection connection = null;
    try {
      connection = config.createConnection("jdbc:sqlite:" + absolute);
      String stored = findTable(connection, absolute, table);
      List<Column> columns = readColumns(connection, absolute, stored);
      return new SampleTable(db, absolute, stored, columns, connection);
    } catch (SQLException e) {
      closeAfterFailure(connection, e);
      throw new BackendException(
          "Cannot read the database at " + absolute + ": " + e.getMessage(), null, e);
    } catch (RuntimeException e) {
      closeAfterFailure(connection, e);
      throw e;
    }
  }

  Connection connection() {
    return connection;
  }

  /** The columns in table order. */
  List<Column> columns() {
    return columns;
  }

  /** The feature columns' names in table order. */
  List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (Column column : columns) {
      if (column.role() == Role.FEATURE) {
        names.add(column.name());
      }
    }
    return names;
  }

  /** The (first) column with this role, or {@code null}. */
  Column column(Role role) {
    for (Column column : columns) {
      if (column.role() == role) {
        return column;
      }
    }
    return null;
  }

  /** {@code sqlite:<path as given>#<table>}, for run records. */
  String source() {
    return "sqlite:" + db + "#" + table;
  }

  /** The table name, quoted for SQL. */
  String quotedTable() {
    return quote(table);
  }

  /** {@code ORDER BY} terms putting each sample's rows oldest first, exact ties by rowid. */
  String timeOrder() {
    StringJoiner terms = new StringJoiner(", ");
    for (Role role : List.of(Role.KEY, Role.EVENT_TIMESTAMP, Role.CREATED_TIMESTAMP)) {
      Column column = column(role);
      if (column != null) {
        terms.add(quote(column.name()));
      }
    }
    return terms.add("rowid").toString();
  }

  /** {@code table 'name' in /absolute/path}, for messages. */
  String where() {
    return "table '" + table + "' in " + absolute;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new BackendException("Cannot close the database at " + absolute, null, e);
    }
  }

  private static String findTable(Connection connection, Path absolute, String table)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
      while (rows.next()) {
        String name = rows.getString(1);
        if (name.equalsIgnoreCase(table)) {
          return name;
        }
        tables.add(name);
      }
    }
    throw new NotFoundException(
        "Table '"
            + table
            + "' not found in the database at "
            + absolute
            + (tables.isEmpty()
                ? " (it has no tables)"
                : " (its tables: " + String.join(", ", tables) + ")"),
        tables.isEmpty()
            ? "Create the sample table with: larder data generate --force"
            : "Name one of its tables with --table NAME.");
  }

  private static List<Column> readColumns(Connection connection, Path absolute, String table)
      throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
      while (rows.next()) {
        String name = rows.getString("name");
        String type = rows.getString("type");
        columns.add(new Column(name, type == null ? "" : type, roleOf(name)));
      }
    }
    List<String> names = columns.stream().map(Column::name).toList();
    String where = "table '" + table + "' in " + absolute;
    for (Role required : List.of(Role.KEY, Role.TARGET)) {
      if (columns.stream().noneMatch(c -> c.role() == required)) {
        String name = required == Role.KEY ? SampleDatabase.SAMPLE_INDEX : SampleDatabase.TARGET;
        throw new InvalidArgumentException(
            "The "
                + where
                + " has no column '"
                + name
                + "'; a sample table needs "
                + SampleDatabase.SAMPLE_INDEX
                + ", "
                + SampleDatabase.TARGET
                + " and feature columns (it has: "
                + String.join(", ", names)
                + ")",
            "Generate a sample table with: larder data generate");
      }
    }
    for (Column column : columns) {
      if (column.role() == Role.FEATURE && !numeric(column.declaredType())) {
        throw new InvalidArgumentException(
            "Column '"
                + column.name()
                + "' of "
                + where
                + " has type "
                + (column.declaredType().isEmpty() ? "(none)" : column.declaredType())
                + "; every column other than sample_index, event_timestamp, created_timestamp and"
                + " target is a feature and must be numeric (REAL or INTEGER)",
            "Drop or convert the column, or load a table that holds only sample data.");
      }
    }
    if (columns.stream().noneMatch(c -> c.role() == Role.FEATURE)) {
      throw new InvalidArgumentException(
          "The " + where + " has no feature columns (it has: " + String.join(", ", names) + ")");
    }
    return List.copyOf(columns);
  }

  private static Role roleOf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case SampleDatabase.SAMPLE_INDEX -> Role.KEY;
      case SampleDatabase.EVENT_TIMESTAMP -> Role.EVENT_TIMESTAMP;
      case SampleDatabase.CREATED_TIMESTAMP -> Role.CREATED_TIMESTAMP;
      case SampleDatabase.TARGET -> Role.TARGET;
      default -> Role.FEATURE;
    };
  }

  /** SQLite's type affinity rules: INTEGER, REAL and NUMERIC affinities hold numbers. */
  private static boolean numeric(String declaredType) {
    String type = declaredType.toUpperCase(Locale.ROOT);
    if (type.contains("INT")) {
      return true;
    }
    if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
      return false;
    }
    return !type.isEmpty() && !type.contains("BLOB");
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String shellWord(String text) {
    return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  private static void closeAfterFailure(Connection connection, Exception failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
