package dev.larder.core.offline;

import dev.larder.core.InvalidArgumentException;
import java.time.Instant;

/** SQL text for DuckDB: quoted identifiers and literals. */
final class Sql {
  private Sql() {}

  /** {@code name} as a quoted identifier. */
  static String id(String name) {
    requireNoNul(name);
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code text} as a string literal. */
  static String literal(String text) {
    requireNoNul(text);
    return "'" + text.replace("'", "''") + "'";
  }

  /** DuckDB's parser ends a query at a NUL character, so no quoting can carry one. */
  private static void requireNoNul(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new InvalidArgumentException(
          "a name or text holds a NUL character, which SQL cannot carry",
          "Remove the control characters from it");
    }
  }

  /** {@code instant} as a {@code TIMESTAMPTZ} literal, exact to the microsecond. */
  static String timestamp(Instant instant) {
    return "make_timestamptz(" + micros(instant) + ")";
  }

  /**
   * Microseconds since the epoch, rounded towards the past (DuckDB keeps timestamps in
   * microseconds).
   */
  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant {@code micros} microseconds after the epoch. */
  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
        .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
