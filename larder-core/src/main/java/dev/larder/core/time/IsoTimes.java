package dev.larder.core.time;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ValueText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as users write them (DESIGN B1): ISO-8601 dates ({@code 2025-11-01}), local date-times
 * ({@code 2025-11-01T12:00:00}, taken as UTC), and date-times with {@code Z} or an offset ({@code
 * +02:00}, converted to UTC). The JVM's time zone never matters.
 */
public final class IsoTimes {
  /**
   * The earliest time taken, 0001-01-01T00:00:00Z; with {@link #AFTER_LATEST}, the years 1 to 9999
   * of ISO-8601's four-digit years (and of Feast's Python datetimes). Times far outside them do not
   * fit the microseconds since 1970 that the stores keep.
   */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The first time not taken, 10000-01-01T00:00:00Z. */
  public static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private IsoTimes() {}

  /** Formats {@code instant} as {@code 2025-03-04T05:06:07Z} (fractions only when non-zero). */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /**
   * Parses {@code text} to an instant in the years 0001 to 9999, or throws an error naming {@code
   * what} (e.g. {@code --as-of}) and the accepted forms.
   */
  public static Instant parse(String what, String text) {
    return checkRange(what, parseAnyYear(what, text));
  }

  /**
   * {@code instant}, when it lies in the years 0001 to 9999 (what every offline engine and file
   * format stores); otherwise an error naming {@code what}. Instants beyond those years (Java's
   * {@code Instant.MIN} and {@code MAX} reach a billion years) overflow the microsecond arithmetic
   * of windows, ttl and storage.
   */
  public static Instant checkRange(String what, Instant instant) {
    if (instant != null && (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST))) {
      throw new InvalidArgumentException(
          what + " is " + instant + ", outside the years 0001 to 9999",
          "Give a time from 0001-01-01 to 9999-12-31 (UTC), as Feast and Python's datetime take");
    }
    return instant;
  }

  /**
   * The one parser of times that users and Feast's clients send, on every surface (CLI options,
   * HTTP bodies, pushed and written columns): ISO-8601 text with {@code T} or a space between date
   * and time, seconds and fractions (to the nanosecond) optional, an offset optional ({@code Z},
   * {@code +00:00}, {@code +0000}, {@code +00}; none means UTC, as Feast takes naive times), or a
   * date alone (midnight UTC); and numbers, taken as seconds since 1970 (fractions kept), as JSON
   * carries Feast's {@code UnixTimestamp} values. Anything else is an error naming {@code what} and
   * showing accepted forms.
   */
  public static Instant parse(String what, Object value) {
    if (value instanceof Number n) {
      return checkRange(what, epochSeconds(what, n));
    }
    if (value instanceof String s) {
      return parse(what, s);
    }
    throw invalid(what, value);
  }

  /**
   * The shape of the text times that {@link #parse(String, Object)} takes, as a regular expression
   * that Java and RE2 (DuckDB's {@code regexp_full_match}) read alike, so that the offline engine
   * takes the same texts in entity files. Groups: year, month, day, hour, minute, second, fraction,
   * offset.
   */
  public static final String TEXT_PATTERN =
      "([+-]?\\d{4,9})-(\\d{2})-(\\d{2})"
          + "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
          + " ?([Zz]|UTC|[+-]\\d{2}(?::?\\d{2})?)?)?";

  private static final Pattern ISO = Pattern.compile(TEXT_PATTERN);

  private static Instant parseAnyYear(String what, String text) {
    String value = text == null ? "" : text.strip();
    Matcher m = ISO.matcher(value);
    if (!m.matches()) {
      throw invalid(what, text);
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      if (m.group(4) == null) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      String fraction = m.group(7) == null ? "" : m.group(7);
      LocalTime time =
          LocalTime.of(
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)));
      return LocalDateTime.of(date, time).toInstant(offset(m.group(8)));
    } catch (DateTimeException e) {
      throw new InvalidArgumentException(
          what + " is not an ISO-8601 time: " + Echo.of(text) + " (" + e.getMessage() + ")",
          ACCEPTED,
          e);
    }
  }

  private static ZoneOffset offset(String text) {
    if (text == null || text.equalsIgnoreCase("Z") || text.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    String digits = text.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = text.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  private static Instant epochSeconds(String what, Number n) {
    try {
      if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
        return Instant.ofEpochSecond(n.longValue());
      }
      BigDecimal seconds =
          n instanceof BigDecimal b
              ? b
              : n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.toString());
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      long nanos =
          seconds
              .subtract(whole)
              .movePointRight(9)
              .setScale(0, RoundingMode.HALF_EVEN)
              .longValueExact();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
      throw new InvalidArgumentException(
          what + " is " + n + " seconds since 1970, outside the years 0001 to 9999",
          "Give a time from 0001-01-01 to 9999-12-31 (UTC), as Feast and Python's datetime take",
          e);
    }
  }

  /** Accepted forms, for error messages. */
  private static final String ACCEPTED =
      "Give an ISO-8601 time such as 2022-05-13 10:59:42+00:00, 2022-05-13T10:59:42.123456"
          + " (no offset means UTC), 2022-05-13T10:59:42Z or 2022-05-13 (midnight UTC); in JSON,"
          + " also a number of seconds since 1970 such as 1652439582";

  private static InvalidArgumentException invalid(String what, Object value) {
    String shown = value instanceof String s ? Echo.of(s) : ValueText.describe(value);
    return new InvalidArgumentException(what + " is not an ISO-8601 time: " + shown, ACCEPTED);
  }
}
