package dev.larder.core.offline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a point-in-time join (DESIGN B5), one query over the entity table and the views.
 *
 * <p>Each source row is ranked by {@code ORD = (event_ts, created_ts, position)}, compared field by
 * field: created_ts as microseconds with null lowest (±infinity just inside the extremes), position
 * unique and growing through the source ({@link SourceScan}). So "the greatest ORD" is exactly
 * B5.3's pick: the latest event, then the latest creation (null lowest), then the row last in the
 * source.
 *
 * <ul>
 *   <li>Without the created-timestamp filter, the candidates of an entity row at time {@code T} are
 *       the rows of its key with {@code event_ts <= T} (and within the ttl). An ASOF join on {@code
 *       PROBE(T) = (T, max, max) >= ORD} picks, per entity row, the row of its key with the
 *       greatest ORD whose event_ts is at most T: the greatest candidate, if any row is one. The
 *       ttl bound then holds for the pick, or else for no candidate at all (every other row of the
 *       key is older), so it is checked on the pick alone.
 *   <li>With the filter, a row is a candidate at T iff {@code max(event_ts, created_ts) <= T}
 *       (created not null). Per key, rows are ordered by that "visible" time and each carries the
 *       running maximum of ORD over all rows visible no later (peers included); an ASOF join on the
 *       visible time finds the last row visible at T, whose running maximum is the greatest
 *       candidate. The ttl is again checked on the pick, which is then fetched by its position.
 * </ul>
 *
 * Entity rows are joined with LEFT ASOF joins, so each yields exactly one row; NULL keys match
 * nothing. Rows carry {@code __larder_row}, their input position, for ordering the output.
 */
final class PitQuery {
  /** One view of the join: its source scan and the entity-side key expressions. */
  record ViewJoin(SourceScan scan, List<String> entityKeys, boolean createdFilter) {}

  static final String ORD =
      "struct_pack(t := __ts, c := CASE WHEN __cr IS NULL THEN -9223372036854775808 WHEN"
          + " isinf(__cr) THEN (CASE WHEN __cr > TIMESTAMPTZ '1970-01-01' THEN"
          + " 9223372036854775806 ELSE -9223372036854775807 END) ELSE epoch_us(__cr) END, p :="
          + " __pos)";
  private static final String MAX = "9223372036854775807::BIGINT";
  private static final Instant OLDEST = Instant.parse("0001-01-01T00:00:00Z");

  private PitQuery() {}

  /** The column of the result table telling whether entity rows found a row in view {@code i}. */
  static String matchedColumn(int i) {
    return "__larder_m" + i;
  }

  /**
   * The join over the entity table and the views: {@code __larder_row}, the entity columns, a
   * {@link #matchedColumn} per view and the features under their output names, unordered.
   */
  static String select(EntityTable entity, List<ViewJoin> views) {
    String ts = "e." + Sql.id(EntityTable.TS);
    List<String> ctes = new ArrayList<>();
    List<String> entityKeys = new ArrayList<>();
    StringBuilder joins = new StringBuilder();
    for (int i = 0; i < views.size(); i++) {
      ViewJoin join = views.get(i);
      ViewPlan view = join.scan().view();
      ctes.add("src" + i + " AS (" + join.scan().select(earliest(entity, view), entity.to()) + ")");
      List<String> on = new ArrayList<>();
      for (int k = 0; k < join.entityKeys().size(); k++) {
        String column = "__larder_k" + i + "_" + k;
        entityKeys.add(join.entityKeys().get(k) + " AS " + column);
        on.add("e." + column + " = " + (join.createdFilter() ? "q" : "p") + i + ".__k" + k);
      }
      if (join.createdFilter()) {
        List<String> partition = new ArrayList<>();
        for (int k = 0; k < join.entityKeys().size(); k++) {
          partition.add("__k" + k);
        }
        String over =
            (partition.isEmpty() ? "" : "PARTITION BY " + String.join(", ", partition) + " ")
                + "ORDER BY greatest(__ts, __cr)";
        ctes.add(
            "vis"
                + i
                + " AS (SELECT "
                + (partition.isEmpty() ? "" : String.join(", ", partition) + ", ")
                + "greatest(__ts, __cr) AS __vis, max("
                + ORD
                + ") OVER ("
                + over
                + ") AS __best FROM src"
                + i
                + " WHERE __cr IS NOT NULL)");
        on.add(ts + " >= q" + i + ".__vis");
        joins
            .append(" ASOF LEFT JOIN vis")
            .append(i)
            .append(" q")
            .append(i)
            .append(" ON ")
            .append(String.join(" AND ", on))
            .append(" LEFT JOIN src")
            .append(i)
            .append(" p")
            .append(i)
            .append(" ON p")
            .append(i)
            .append(".__pos = struct_extract(q")
            .append(i)
            .append(".__best, 'p')");
      } else {
        ctes.add("ord" + i + " AS (SELECT *, " + ORD + " AS __ord FROM src" + i + ")");
        on.add(
            "struct_pack(t := " + ts + ", c := " + MAX + ", p := " + MAX + ") >= p" + i + ".__ord");
        joins
            .append(" ASOF LEFT JOIN ord")
            .append(i)
            .append(" p")
            .append(i)
            .append(" ON ")
            .append(String.join(" AND ", on));
      }
    }
    List<String> select = new ArrayList<>();
    select.add("e." + EntityTable.ROW);
    entity.columns().keySet().forEach(c -> select.add("e." + Sql.id(c)));
    for (int i = 0; i < views.size(); i++) {
      ViewPlan view = views.get(i).scan().view();
      String matched = matched(i, view, ts);
      select.add(matched + " AS " + matchedColumn(i));
      List<RequestedFeature> features = view.features();
      for (int f = 0; f < features.size(); f++) {
        select.add(
            "CASE WHEN "
                + matched
                + " THEN p"
                + i
                + ".__v"
                + f
                + " END AS "
                + Sql.id(features.get(f).outputName()));
      }
    }
    String entityRows =
        entityKeys.isEmpty()
            ? entity.name()
            : "(SELECT *, " + String.join(", ", entityKeys) + " FROM " + entity.name() + ")";
    return "WITH "
        + String.join(", ", ctes)
        + " SELECT "
        + String.join(", ", select)
        + " FROM "
        + entityRows
        + " e"
        + joins;
  }

  private static String matched(int i, ViewPlan view, String ts) {
    String found = "(p" + i + ".__ts IS NOT NULL";
    Duration ttl = view.ttl();
    if (ttl.isZero()) {
      return found + ")";
    }
    long micros = ttlMicros(ttl);
    return found + " AND epoch_us(" + ts + ") - epoch_us(p" + i + ".__ts) <= " + micros + ")";
  }

  /**
   * The ttl in whole microseconds, rounded down: times are whole microseconds, so a difference is
   * within the ttl iff it is within this (at most the BIGINT range).
   */
  static long ttlMicros(Duration ttl) {
    try {
      long micros = Math.multiplyExact(ttl.getSeconds(), 1_000_000L);
      return Math.addExact(micros, ttl.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The earliest event time any entity row can use in {@code view}, or null when unbounded. */
  private static Instant earliest(EntityTable entity, ViewPlan view) {
    if (view.ttl().isZero() || entity.from() == null) {
      return null;
    }
    try {
      Instant earliest = entity.from().minus(view.ttl());
      return earliest.isBefore(OLDEST) ? null : earliest;
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }
}
