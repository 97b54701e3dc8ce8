package dev.larder.ml.data;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.data.SampleTable.Column;
import dev.larder.ml.data.SampleTable.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The checks on the values of a {@link SampleTable}'s rows, shared by {@link DirectLoader} and
 * {@link ParquetExporter}: a cheap flag computed by SQLite while scanning, and, for a flagged row,
 * the error that names the sample, the column, the value found and what was expected.
 */
final class SampleRowChecks {
  /** {@link TimestampText#SHAPE_GLOB} as a regular expression. */
  private static final Pattern TIMESTAMP_SHAPE = Pattern.compile("....-..-..T..:..:..Z");

  private final SampleTable table;
  private final List<Column> columns;

  SampleRowChecks(SampleTable table) {
    this.table = table;
    this.columns = table.columns();
  }

  /**
   * A SQL expression that is 0 for a well-formed row. Bit 1 is set when the key is not an integer
   * or a timestamp does not have the shape of {@link TimestampText#EXAMPLE} (a NULL created time
   * passes); bit 2 when the target is not an integer ({@code allowNull} lets NULL pass).
   *
   * <p>Features are not checked here, for speed: readers check them with {@link #holdsNumber} on
   * the rare values that read as 0.
   */
  String flagExpression(boolean allowNull) {
    StringJoiner rowChecks = new StringJoiner(" AND ");
    String targetCheck = "";
    for (Column column : columns) {
      String name = SampleTable.quote(column.name());
      switch (column.role()) {
        case KEY -> rowChecks.add("typeof(" + name + ") = 'integer'");
        case EVENT_TIMESTAMP -> rowChecks.add(name + " GLOB '" + TimestampText.SHAPE_GLOB + "'");
        case CREATED_TIMESTAMP ->
            rowChecks.add(
                "(" + name + " IS NULL OR " + name + " GLOB '" + TimestampText.SHAPE_GLOB + "')");
        case TARGET ->
            targetCheck =
                "typeof(" + name + ") IN ('integer'" + (allowNull ? ", 'null'" : "") + ")";
        case FEATURE -> {}
      }
    }
    return "(CASE WHEN "
        + rowChecks
        + " THEN 0 ELSE 1 END) + (CASE WHEN "
        + targetCheck
        + " THEN 0 ELSE 2 END)";
  }

  /**
   * Whether a value that read as 0 really is a number: SQLite reads NULL, text and blobs as 0 too.
   */
  static boolean holdsNumber(ResultSet row, int index) throws SQLException {
    return row.getObject(index) instanceof Number;
  }

  /**
   * The error for the row with this rowid, which {@link #flagExpression} marked: names the sample,
   * the column, the value found and what was expected.
   */
  RuntimeException errorForRow(long rowid, boolean allowNull, String hint) throws SQLException {
    StringJoiner select =
        new StringJoiner(", ", "SELECT ", " FROM " + table.quotedTable() + " WHERE rowid = ?");
    for (Column column : columns) {
      select
          .add("typeof(" + SampleTable.quote(column.name()) + ")")
          .add("quote(" + SampleTable.quote(column.name()) + ")");
    }
    try (PreparedStatement statement = table.connection().prepareStatement(select.toString())) {
      statement.setLong(1, rowid);
      try (ResultSet row = statement.executeQuery()) {
        if (row.next()) {
          String sample = row.getString(2 * columns.indexOf(table.column(Role.KEY)) + 2);
          for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String value = row.getString(2 * i + 2);
            if (!acceptable(column.role(), row.getString(2 * i + 1), value, allowNull)) {
              return invalidValue(rowid, sample, column, value, hint, null);
            }
          }
        }
      }
    }
    return new BackendException(
        "Row " + rowid + " of " + table.where() + " changed while it was being read",
        "Run the command again when nothing else writes to the database.");
  }

  /** The error for a value that does not fit its column; {@code value} is SQL-quoted. */
  RuntimeException invalidValue(
      long rowid, String sample, Column column, String value, String hint, Throwable cause) {
    String expected =
        switch (column.role()) {
          case KEY -> "an integer";
          case EVENT_TIMESTAMP, CREATED_TIMESTAMP -> "a UTC time like " + TimestampText.EXAMPLE;
          case FEATURE -> "a number";
          case TARGET -> "an integer class label (32-bit)";
        };
    String subject =
        column.role() == Role.KEY ? "Row " + rowid : "Sample " + sample + " (row " + rowid + ")";
    return new InvalidArgumentException(
        subject
            + " of "
            + table.where()
            + " has "
            + value
            + " in column '"
            + column.name()
            + "'; expected "
            + expected,
        hint,
        cause);
  }

  private static boolean acceptable(Role role, String type, String quoted, boolean allowNull) {
    if ("null".equals(type)) {
      return role == Role.CREATED_TIMESTAMP
          || (allowNull && (role == Role.FEATURE || role == Role.TARGET));
    }
    return switch (role) {
      case KEY -> "integer".equals(type);
      case TARGET -> "integer".equals(type) && fitsInt(quoted);
      case EVENT_TIMESTAMP, CREATED_TIMESTAMP ->
          "text".equals(type) && TIMESTAMP_SHAPE.matcher(unquote(quoted)).matches();
      case FEATURE -> "real".equals(type) || "integer".equals(type);
    };
  }

  private static boolean fitsInt(String integer) {
    long value = Long.parseLong(integer);
    return value == (int) value;
  }

  /** The text of a SQL string literal made by {@code SampleTable.quote()}. */
  private static String unquote(String literal) {
    return literal.substring(1, literal.length() - 1).replace("''", "'");
  }
}
