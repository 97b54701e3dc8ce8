package dev.larder.core.repo;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a feature view's {@code ttl} is written (DESIGN B4): {@code 0} or absent for unlimited, a
 * number of seconds ({@code 3600}, {@code 1.5}), a number with a unit ({@code 30s}, {@code 90m},
 * {@code 2h}, {@code 7d}), or an ISO-8601 duration ({@code PT1H}, {@code P7D}).
 */
public final class TtlSyntax {
  /** The accepted forms, for error messages. */
  public static final String FORMS =
      "write 0 (or leave ttl out) for unlimited, a number of seconds (3600), 90m, 2h, 7d, or"
          + " ISO-8601 such as PT1H";

  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smhd]?)");

  private TtlSyntax() {}

  /** Parses {@code text}; anything else, or a negative duration, is an error listing the forms. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = NUMBER.matcher(t);
    if (m.matches()) {
      long unit =
          switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 1;
          };
      BigDecimal seconds = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
      BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
      try {
        return Duration.ofSeconds(
            whole.longValueExact(), seconds.subtract(whole).movePointRight(9).longValue());
      } catch (ArithmeticException e) {
        throw new InvalidDefinitionException(
            "ttl " + Echo.of(text) + " is too large; " + FORMS, null, e);
      }
    }
    if (t.startsWith("-")) {
      throw new InvalidDefinitionException("ttl " + Echo.of(text) + " is negative; " + FORMS);
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      Duration d;
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new InvalidDefinitionException(
            "ttl "
                + Echo.of(text)
                + " is not an ISO-8601 duration (months and years are not); "
                + FORMS,
            null,
            e);
      }
      if (d.isNegative()) {
        throw new InvalidDefinitionException("ttl " + Echo.of(text) + " is negative; " + FORMS);
      }
      return d;
    }
    throw new InvalidDefinitionException("ttl " + Echo.of(text) + " is not a duration; " + FORMS);
  }
}
