package dev.larder.core.offline;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a join-key column is compared with a view's key (DESIGN B5.7): both sides are brought to one
 * SQL type per declared {@link ValueType}, by conversions that are exact (integers of any width to
 * BIGINT; integral text to BIGINT, checked value by value; integers to their decimal text).
 * Anything else is an error naming the column, both types and the fix.
 */
final class KeyCoercion {
  /** Text that converts to a BIGINT exactly: optional sign, digits. */
  static final String INTEGRAL = "'[+-]?[0-9]+'";

  private KeyCoercion() {}

  /** The SQL type keys declared as {@code type} are compared in. */
  static String joinType(ValueType type) {
    return switch (type) {
      case INT32, INT64 -> "BIGINT";
      case FLOAT32, FLOAT64 -> "DOUBLE";
      case STRING -> "VARCHAR";
      case BOOL -> "BOOLEAN";
      case BYTES -> "BLOB";
      case UNIX_TIMESTAMP -> "TIMESTAMPTZ";
    };
  }

  /**
   * The SQL expression that converts {@code column} (SQL text) of type {@code from} to the join
   * type of {@code key}; {@code what} names the column in errors ({@code entity column 'x'}).
   *
   * @param table the table or table function the column is in, to check text values one by one
   */
  static String convert(
      Connection connection,
      String table,
      String column,
      ColumnType from,
      JoinKey key,
      String viewLabel,
      String what) {
    String target = joinType(key.type());
    ColumnType.Family family = from.family();
    if (family == ColumnType.Family.NULL) {
      return "CAST(" + column + " AS " + target + ")";
    }
    switch (key.type()) {
      case INT32, INT64 -> {
        if (family == ColumnType.Family.INTEGER) {
          return "CAST(" + column + " AS BIGINT)";
        }
        if (family == ColumnType.Family.STRING) {
          checkIntegral(connection, table, column, key, viewLabel, what);
          return "TRY_CAST(" + column + " AS BIGINT)";
        }
      }
      case STRING -> {
        if (family == ColumnType.Family.STRING) {
          return "CAST(" + column + " AS VARCHAR)";
        }
        if (family == ColumnType.Family.INTEGER) {
          return "CAST(" + column + " AS VARCHAR)";
        }
      }
      case FLOAT32, FLOAT64 -> {
        if (family == ColumnType.Family.FLOATING) {
          return "CAST(" + column + " AS DOUBLE)";
        }
      }
      case BOOL -> {
        if (family == ColumnType.Family.BOOLEAN) {
          return column;
        }
      }
      case BYTES -> {
        if (family == ColumnType.Family.BLOB) {
          return column;
        }
      }
      case UNIX_TIMESTAMP -> {
        if (family == ColumnType.Family.TIMESTAMP || family == ColumnType.Family.DATE) {
          return "CAST(" + column + " AS TIMESTAMPTZ)";
        }
      }
    }
    throw new InvalidArgumentException(
        what
            + " is "
            + from
            + ", but join key '"
            + key.name()
            + "' of entity '"
            + key.entity()
            + "' ("
            + viewLabel
            + ") is "
            + key.type()
            + ", and "
            + from
            + " values do not convert to "
            + key.type()
            + " exactly",
        fix(key));
  }

  private static String fix(JoinKey key) {
    return switch (key.type()) {
      case INT32, INT64 ->
          "Write the column as integers (BIGINT in Parquet; 7, not 7.0, in CSV), or declare the"
              + " entity's value_type to match the data";
      case STRING ->
          "Write the column as text (VARCHAR in Parquet), or declare the entity's value_type to"
              + " match the data";
      default ->
          "Write the column as " + key.type() + ", or declare the entity's value_type to match";
    };
  }

  private static void checkIntegral(
      Connection connection,
      String table,
      String column,
      JoinKey key,
      String viewLabel,
      String what) {
    String sql =
        "SELECT "
            + column
            + " FROM "
            + table
            + " WHERE "
            + column
            + " IS NOT NULL AND NOT (regexp_full_match("
            + column
            + ", "
            + INTEGRAL
            + ") AND TRY_CAST("
            + column
            + " AS BIGINT) IS NOT NULL) LIMIT 1";
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      if (rs.next()) {
        throw new InvalidArgumentException(
            what
                + " holds text such as '"
                + rs.getString(1)
                + "', which is not a 64-bit integer, but join key '"
                + key.name()
                + "' of entity '"
                + key.entity()
                + "' ("
                + viewLabel
                + ") is "
                + key.type(),
            "Keep only integers in the column, or declare the entity's value_type: STRING");
      }
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot check the values of " + what, e);
    }
  }
}
