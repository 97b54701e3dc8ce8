package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueText;
import dev.larder.core.model.ValueType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a join-key column is compared with a view's key (DESIGN B5.7): both sides are brought to one
 * SQL type per declared {@link ValueType}, by conversions that are exact (integers of any width to
 * BIGINT; integral text to BIGINT, checked value by value; integers to their decimal text).
 * Anything else is an error naming the column, both types and the fix.
 *
 * <p>{@link #value} applies the same rules to one value held in Java, for online reads and pushes.
 */
public final class KeyCoercion {
  /** Text that converts to a BIGINT exactly: optional sign, digits. */
  static final String INTEGRAL = "'[+-]?[0-9]+'";

  private static final Pattern INTEGRAL_TEXT = Pattern.compile("[+-]?[0-9]+");

  private KeyCoercion() {}

  /**
   * {@code value} in the Java type of {@code key}'s join type, by the same exact conversions as
   * {@link #convert}: {@link Long} for INT32 and INT64 keys (from any Java integer, or integral
   * text), {@link String} for STRING keys (from text, or an integer's decimal text), {@link Double}
   * for FLOAT32 and FLOAT64 keys (from a {@code float} or {@code double}), {@link Boolean}, {@code
   * byte[]}, and {@link Instant} for UNIX_TIMESTAMP keys (from {@code java.time} values; a local
   * date-time is taken as UTC). {@code null} stays {@code null}.
   *
   * @param what names the value in errors, e.g. {@code entity column 'driver_id' (row 3)}; called
   *     only to build an error
   * @throws InvalidArgumentException naming {@code what}, both types and the fix, when no exact
   *     conversion exists
   */
  public static Object value(Object value, JoinKey key, Supplier<String> what) {
    if (value == null) {
      return null;
    }
    switch (key.type()) {
      case INT32, INT64 -> {
        if (value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger b && b.bitLength() < 64) {
          return b.longValue();
        }
        if (value instanceof String s) {
          if (INTEGRAL_TEXT.matcher(s).matches()) {
            try {
              return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
              // out of the 64-bit range: reported below
            }
          }
          throw new InvalidArgumentException(
              what.get()
                  + " holds text "
                  + Echo.of(s)
                  + ", which is not a 64-bit integer, but join key "
                  + Echo.of(key.name())
                  + " of entity "
                  + Echo.of(key.entity())
                  + " is "
                  + key.type(),
              "Give integers for it, or declare the entity's value_type: STRING");
        }
      }
      case STRING -> {
        if (value instanceof String) {
          return value;
        }
        if (value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte
            || value instanceof java.math.BigInteger) {
          return value.toString();
        }
      }
      case FLOAT32, FLOAT64 -> {
        if (value instanceof Double || value instanceof Float) {
          return ((Number) value).doubleValue();
        }
      }
      case BOOL -> {
        if (value instanceof Boolean) {
          return value;
        }
      }
      case BYTES -> {
        if (value instanceof byte[]) {
          return value;
        }
      }
      case UNIX_TIMESTAMP -> {
        if (value instanceof Instant) {
          return value;
        }
        if (value instanceof OffsetDateTime t) {
          return t.toInstant();
        }
        if (value instanceof ZonedDateTime t) {
          return t.toInstant();
        }
        if (value instanceof LocalDateTime t) {
          return t.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
          return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
      }
    }
    throw new InvalidArgumentException(
        what.get()
            + " is "
            + ValueText.describe(value)
            + ", but join key "
            + Echo.of(key.name())
            + " of entity "
            + Echo.of(key.entity())
            + " is "
            + key.type()
            + ", and such values do not convert to "
            + key.type()
            + " exactly",
        fix(key));
  }

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
    throw new InvalidArgumentException(
        what
            + " is "
            + from
            + ", but join key "
            + Echo.of(key.name())
            + " of entity "
            + Echo.of(key.entity())
            + " ("
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
          "Write the column as integers (INT64 in Parquet; 7, not 7.0, in CSV), or declare the"
              + " entity's value_type to match the data";
      case STRING ->
          "Write the column as text (STRING in Parquet), or declare the entity's value_type to"
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
                + " holds text such as "
                + Echo.of(rs.getString(1))
                + ", which is not a 64-bit integer, but join key "
                + Echo.of(key.name())
                + " of entity "
                + Echo.of(key.entity())
                + " ("
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
