package dev.larder.core.offline.duckdb;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.KeyCoercion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The DuckDB SQL of {@link KeyCoercion}'s rules (DESIGN B5.7): both sides of a join key are brought
 * to one SQL type per declared type by exact conversions (integers of any width to BIGINT; integral
 * text to BIGINT, checked value by value; integers to their decimal text); anything else is {@link
 * KeyCoercion#typeMismatch}.
 */
final class DuckDbKeyCoercion {
  /** Text that converts to a BIGINT exactly: optional sign, digits. */
  static final String INTEGRAL = "'[+-]?[0-9]+'";

  private DuckDbKeyCoercion() {}

  /** The SQL type keys declared as {@code type} are compared in. */
  static String joinType(ValueType type) {
    return DuckDbTypes.sqlType(ColumnType.joinType(type));
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
    throw KeyCoercion.typeMismatch(what, from, key, viewLabel);
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
        throw KeyCoercion.notIntegral(what, rs.getString(1), key, viewLabel);
      }
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot check the values of " + what, e);
    }
  }
}
