package dev.larder.core.offline.duckdb;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.offline.FrameColumn;
import java.time.Instant;

/** SQL text for DuckDB: quoted identifiers and literals. */
public final class Sql {
  private Sql() {}

  /** {@code name} as a quoted identifier. */
  public static String id(String name) {
    requireNoNul(name);
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code text} as a string literal. */
  public static String literal(String text) {
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
  public static String timestamp(Instant instant) {
    return "make_timestamptz(" + micros(instant) + ")";
  }

  /**
   * Microseconds since the epoch, rounded towards the past (DuckDB keeps timestamps in
   * microseconds).
   */
  public static long micros(Instant instant) {
    return FrameColumn.epochMicros(instant);
  }

  /** The instant {@code micros} microseconds after the epoch. */
  public static Instant instant(long micros) {
    return FrameColumn.instant(micros);
  }
}
