package dev.larder.core.offline.duckdb;

import dev.larder.core.time.IsoTimes;

/**
 * Text times in DuckDB SQL, taken exactly as {@link IsoTimes#parse(String, Object)} takes them (one
 * parser on every surface): the text must match {@link IsoTimes#TEXT_PATTERN}, and is then written
 * in the spelling DuckDB's cast reads (upper case {@code T} and {@code Z}, a dot before the
 * fraction, {@code Z} for {@code UTC}, no space before the offset). DuckDB alone would refuse
 * {@code 2022-05-13t10:59:42z} and take {@code 2022/05/13} or {@code 10:59:42 PST}.
 */
final class DuckDbTimeText {
  private DuckDbTimeText() {}

  /**
   * A SQL expression of type {@code TIMESTAMPTZ} for the text column {@code column} (an SQL
   * expression): {@code NULL} when the text is {@code NULL} or not a time that {@link IsoTimes}
   * takes.
   */
  static String toInstant(String column) {
    String text = "trim(" + column + ")";
    String spelled =
        "regexp_replace(regexp_replace(replace(upper("
            + text
            + "), ',', '.'), ' ?UTC$', 'Z'), ' ([Z+-])', '\\1')";
    return "(CASE WHEN regexp_full_match("
        + text
        + ", "
        + Sql.literal(IsoTimes.TEXT_PATTERN)
        + ") THEN TRY_CAST("
        + spelled
        + " AS TIMESTAMPTZ) END)";
  }
}
