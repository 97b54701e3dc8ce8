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
  private IsoTimes() {}

  /** Formats {@code instant} as {@code 2025-03-04T05:06:07Z} (fractions only when non-zero). */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /**
   * Parses {@code text} to an instant, or throws an error naming {@code what} (e.g. {@code
   * --as-of}) and the accepted forms.
   */
  public static Instant parse(String what, String text) {
    return checkRange(what, parseAnyYear(what, text));
  }

  /** The first instant Larder accepts: 0001-01-01T00:00:00Z. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The last instant Larder accepts: 9999-12-31T23:59:59.999999Z. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * {@code instant}, when it lies in the years 0001 to 9999 (what every offline engine and file
   * format stores); otherwise an error naming {@code what}. Instants beyond those years (Java's
   * {@code Instant.MIN} and {@code MAX} reach a billion years) overflow the microsecond arithmetic
   * of windows, ttl and storage.
   */
  public static Instant checkRange(String what, Instant instant) {
    if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
      throw new InvalidArgumentException(
          what + " is " + instant + ", outside the years 0001 to 9999 that Larder stores",
          "Give a time between 0001-01-01 and 9999-12-31");
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
