package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueText;
import dev.larder.core.model.ValueType;
import dev.larder.core.time.IsoTimes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a join-key column is compared with a view's key (DESIGN B5.7): both sides are brought to one
 * SQL type per declared {@link ValueType}, by conversions that are exact (integers of any width to
 * BIGINT; integral text to BIGINT, checked value by value; integers to their decimal text).
 * Anything else is an error naming the column, both types and the fix ({@link #typeMismatch},
 * {@link #notIntegral}, which every engine uses for the same text). The DuckDB engine's SQL for it
 * is {@code DuckDbKeyCoercion}.
 *
 * <p>{@link #value} applies the same rules to one value held in Java, for online reads and pushes.
 */
public final class KeyCoercion {
  private static final Pattern INTEGRAL_TEXT = Pattern.compile("[+-]?[0-9]+");

  private KeyCoercion() {}

  /**
   * {@code value} in the Java type of {@code key}'s join type, by the same exact conversions as
   * {@link #convert}: {@link Long} for INT32 and INT64 keys (from any Java integer, or integral
   * text), {@link String} for STRING keys (from text, or an integer's decimal text), {@link Double}
   * for FLOAT32 and FLOAT64 keys (from a {@code float} or {@code double}), {@link Boolean}, {@code
   * byte[]}, and {@link Instant} for UNIX_TIMESTAMP keys (from {@code java.time} values, a local
   * date-time taken as UTC, or what {@link IsoTimes#parse(String, Object)} takes: ISO-8601 text and
   * numbers of seconds since 1970, as JSON carries them). {@code null} stays {@code null}.
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
        if (value instanceof String || value instanceof Number) {
          return IsoTimes.parse(what.get(), value).truncatedTo(ChronoUnit.MICROS);
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

  /** The hint of a key-type error (DESIGN B5.7), the same from every engine. */
  public static String fix(JoinKey key) {
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

  /**
   * The error for a key column of type {@code from} that does not convert exactly to {@code key}'s
   * declared type (DESIGN B5.7), the same from every engine; {@code what} names the column ({@code
   * entity column 'x'}), {@code viewLabel} the view.
   */
  public static InvalidArgumentException typeMismatch(
      String what, ColumnType from, JoinKey key, String viewLabel) {
    return new InvalidArgumentException(
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

  /**
   * The error for a text key column holding {@code sample}, which is not a 64-bit integer, joined
   * to an integer key (DESIGN B5.7), the same from every engine.
   */
  public static InvalidArgumentException notIntegral(
      String what, String sample, JoinKey key, String viewLabel) {
    return new InvalidArgumentException(
        what
            + " holds text such as "
            + Echo.of(sample)
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
}
