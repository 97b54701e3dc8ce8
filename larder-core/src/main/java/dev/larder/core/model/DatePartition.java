package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a file source's partition folders are named after its event time, as Feast's {@code
 * date_partition_column} and {@code date_partition_column_format} say: the rows of a folder {@code
 * <column>=<value>} (at any depth under the source directory, e.g. {@code date=2025-01-03/part-0
 * .parquet}) all have event times within the period {@code value} names in UTC, a day for {@code
 * %Y-%m-%d}. The engine then skips the folders whose period no entity row can use.
 *
 * @param column the folder name's column, e.g. {@code date}
 * @param format how the value is written: strftime fields {@code %Y %m %d %H %M %S} from the year
 *     down (no gaps, so the value names one period), {@code %%}, and literal text; default {@link
 *     #DEFAULT_FORMAT}
 */
public record DatePartition(String column, String format) {
  /** Feast's default format. */
  public static final String DEFAULT_FORMAT = "%Y-%m-%d";

  private static final String FIELDS = "YmdHMS";
  private static final ChronoUnit[] UNITS = {
    ChronoUnit.YEARS,
    ChronoUnit.MONTHS,
    ChronoUnit.DAYS,
    ChronoUnit.HOURS,
    ChronoUnit.MINUTES,
    ChronoUnit.SECONDS
  };

  public DatePartition {
    Names.require("date_partition_column", column);
    if (format == null || format.isBlank()) {
      format = DEFAULT_FORMAT;
    }
    parse(format);
  }

  /**
   * The period of {@code value} (a start, inclusive, and an end, exclusive), or null if it is not
   * one.
   */
  public Period period(String value) {
    Parsed parsed = parse(format);
    Matcher m = parsed.pattern().matcher(value);
    if (!m.matches()) {
      return null;
    }
    int[] fields = {0, 1, 1, 0, 0, 0};
    for (int i = 0; i < parsed.fields().size(); i++) {
      fields[FIELDS.indexOf(parsed.fields().get(i))] = Integer.parseInt(m.group(i + 1));
    }
    try {
      LocalDateTime start =
          LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
      LocalDateTime end = start.plus(1, UNITS[parsed.fields().size() - 1]);
      return new Period(start.toInstant(ZoneOffset.UTC), end.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A partition's period.
   *
   * @param start its first instant
   * @param end the first instant after it
   */
  public record Period(Instant start, Instant end) {
    /**
     * Whether a row of this period can lie within {@code [earliest, latest]} (either may be null
     * for unbounded).
     */
    public boolean overlaps(Instant earliest, Instant latest) {
      return (latest == null || !start.isAfter(latest))
          && (earliest == null || end.isAfter(earliest));
    }
  }

  private record Parsed(Pattern pattern, List<Character> fields) {}

  private static Parsed parse(String format) {
    StringBuilder regex = new StringBuilder();
    List<Character> fields = new ArrayList<>();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '/' || c == '=') {
        throw invalid(format, "it names one folder's value, so it cannot hold " + Echo.of("" + c));
      }
      if (c != '%') {
        regex.append(Pattern.quote(String.valueOf(c)));
        continue;
      }
      if (i + 1 == format.length()) {
        throw invalid(format, "it ends with a lone %");
      }
      char f = format.charAt(++i);
      if (f == '%') {
        regex.append('%');
        continue;
      }
      if (FIELDS.indexOf(f) < 0) {
        throw invalid(format, "%" + f + " is not one of %Y %m %d %H %M %S %%");
      }
      if (fields.contains(f)) {
        throw invalid(format, "%" + f + " appears twice");
      }
      fields.add(f);
      regex.append(f == 'Y' ? "(\\d{4})" : "(\\d{2})");
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i) != FIELDS.charAt(i)) {
        throw invalid(
            format,
            "its fields must run from %Y down without gaps (%Y, %m, %d, %H, %M, %S), so that a"
                + " value names one period");
      }
    }
    if (fields.isEmpty()) {
      throw invalid(format, "it has no date field");
    }
    return new Parsed(Pattern.compile(regex.toString()), fields);
  }

  private static InvalidDefinitionException invalid(String format, String why) {
    return new InvalidDefinitionException(
        "date_partition_column_format " + Echo.of(format) + " is not usable: " + why,
        "Give a strftime format of the folder value such as %Y-%m-%d (date=2025-01-03) or %Y%m%d"
            + " (dt=20250103)");
  }
}
