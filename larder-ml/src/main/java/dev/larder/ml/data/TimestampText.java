package dev.larder.ml.data;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The text form of times in the sample database (B8): {@code 2025-03-04T05:06:07Z}, UTC, whole
 * seconds. In this fixed form text order is time order, which is what lets direct loading sort
 * snapshots with SQLite's text comparison.
 */
final class TimestampText {
  /**
   * A SQLite {@code GLOB} pattern for the shape of the fixed form (where the separators stand). It
   * catches every other common form (a space for the {@code T}, fractions, offsets, dates alone) at
   * a fraction of the cost of checking each digit, which {@link #parse} does.
   */
  static final String SHAPE_GLOB = "????-??-??T??:??:??Z";

  /** An example of the form, for error messages. */
  static final String EXAMPLE = "2025-03-04T05:06:07Z";

  private TimestampText() {}

  /** The text of an instant; sub-second parts must be zero. */
  static String format(Instant instant) {
    if (instant.getNano() != 0) {
      throw new IllegalArgumentException("not a whole second: " + instant);
    }
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /**
   * The instant a timestamp text names.
   *
   * @throws DateTimeParseException when the text is not in the fixed form or names no real time
   */
  static Instant parse(String text) {
    if (text.length() != EXAMPLE.length() || text.charAt(text.length() - 1) != 'Z') {
      throw new DateTimeParseException("expected the form " + EXAMPLE, text, 0);
    }
    Instant instant = Instant.parse(text);
    if (!instant.truncatedTo(ChronoUnit.SECONDS).equals(instant)) {
      throw new DateTimeParseException("expected whole seconds", text, 0);
    }
    return instant;
  }
}
