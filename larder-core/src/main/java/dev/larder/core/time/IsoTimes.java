package dev.larder.core.time;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

  private static Instant parseAnyYear(String what, String text) {
    String value = text == null ? "" : text.strip();
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (value.endsWith("Z") || value.endsWith("z")) {
        return OffsetDateTime.parse(value.substring(0, value.length() - 1) + "Z").toInstant();
      }
      if (hasOffset(value)) {
        return OffsetDateTime.parse(value).toInstant();
      }
      return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new InvalidArgumentException(
          what + " is not an ISO-8601 time: " + Echo.of(text),
          "Use 2025-11-01, 2025-11-01T12:00:00 (UTC), 2025-11-01T12:00:00Z or"
              + " 2025-11-01T12:00:00+02:00",
          e);
    }
  }

  private static boolean hasOffset(String value) {
    int t = value.indexOf('T');
    if (t < 0) {
      t = value.indexOf(' ');
    }
    if (t < 0) {
      return false;
    }
    String time = value.substring(t + 1);
    return time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
  }
}
