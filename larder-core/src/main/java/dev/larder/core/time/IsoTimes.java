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
