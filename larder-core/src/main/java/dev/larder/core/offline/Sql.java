package dev.larder.core.offline;

import java.time.Instant;

/** SQL text for DuckDB: quoted identifiers and literals. */
final class Sql {
  private Sql() {}

  /** {@code name} as a quoted identifier. */
  static String id(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code text} as a string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
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
