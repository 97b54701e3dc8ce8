package dev.larder.core.offline.duckdb;

import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.ViewPlan;
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
 * source. Each view is joined in one of three ways, all picking the candidate with the greatest
 * ORD:
 *
 * <ul>
 *   <li><b>direct</b> (small joins): a hash join of entity rows with the source rows of their key
 *       under every condition of B5.1 and B5.2 ({@code event_ts <= T}, the ttl, the created
 *       filter), then {@code max(ORD)} per entity row. This is B5 word for word; it forms every
 *       (entity row, candidate) pair, so it is used only when entity rows × source rows is small.
 *   <li><b>ASOF</b> (no created filter): the candidates of an entity row at time {@code T} are the
 *       rows of its key with {@code event_ts <= T} (and within the ttl). An ASOF join on {@code
 *       PROBE(T) = (T, max, max) >= ORD} picks, per entity row, the row of its key with the
 *       greatest ORD whose event_ts is at most T: the greatest candidate, if any row is one. The
 *       ttl bound then holds for the pick, or else for no candidate at all (every other row of the
 *       key is older), so it is checked on the pick alone.
 *   <li><b>visible-time ASOF</b> (created filter): a row is a candidate at T iff {@code
 *       max(event_ts, created_ts) <= T} (created not null). Per key, rows are ordered by that
 *       "visible" time and each carries the running maximum of ORD over all rows visible no later
 *       (peers included); an ASOF join on the visible time finds the last row visible at T, whose
 *       running maximum is the greatest candidate. The ttl is again checked on the pick.
 * </ul>
 *
 * The two ASOF forms never form pairs: their cost grows with the inputs, not their product. Entity
 * rows are joined with LEFT joins, so each yields exactly one row; NULL keys match nothing. Rows
 * carry {@code __larder_row}, their input position, for ordering the output.
 */
final class PitQuery {
  /** How a view is joined; see the class comment. */
  enum Strategy {
    DIRECT,
    ASOF,
    VISIBLE_ASOF
  }

  /**
   * One view of the join.
   *
   * @param scan its source rows
   * @param entityKeys the entity-side key expressions, converted to the join types
   * @param createdFilter whether candidates must be created by the entity row's time
   * @param strategy how it is joined
   * @param keyBounds conditions on the source's key columns ({@code __k0 BETWEEN lo AND hi}) that
   *     every row some entity row can match meets: the entity rows' key range, which prunes the
   *     source's row groups and files by their statistics
   */
  record ViewJoin(
      SourceScan scan,
      List<String> entityKeys,
      boolean createdFilter,
      Strategy strategy,
      List<String> keyBounds) {}

  static final String MAX = "9223372036854775807::BIGINT";
  private static final Instant OLDEST = Instant.parse("0001-01-01T00:00:00Z");

  private PitQuery() {}

  /** ORD of the source row whose columns are prefixed by {@code q} ({@code "s."} or empty). */
  static String ord(String q) {
    return "struct_pack(t := " + q + "__ts, " + tieBreakFields(q) + ")";
  }

  /** ORD less the event time: {@code (c, p)}, which orders rows of equal event time. */
  private static String tieBreak(String q) {
    return "struct_pack(" + tieBreakFields(q) + ")";
  }

  private static String tieBreakFields(String q) {
    return "c := CASE WHEN "
        + q
        + "__cr IS NULL THEN -9223372036854775808 WHEN isinf("
        + q
        + "__cr) THEN (CASE WHEN "
        + q
        + "__cr > TIMESTAMPTZ '1970-01-01' THEN 9223372036854775806 ELSE -9223372036854775807"
        + " END) ELSE epoch_us("
        + q
        + "__cr) END, p := "
        + q
        + "__pos";
  }

  /** The column of the result telling whether entity rows found a row in view {@code i}. */
  static String matchedColumn(int i) {
    return "__larder_m" + i;
  }

  /**
   * The winners of view {@code i}, decided on narrow columns only (keys, event and created time,
   * position; no feature is read): {@code __row} (the entity row) and {@code __pos} (the picked
   * source row), one row per entity row that found a candidate within the ttl, unordered. The
   * features are fetched for these positions alone by {@link #select}. The ASOF strategy's pick is
   * not one statement but two, {@link #latest} and {@link #tieBreak}.
   */
  static String pick(EntityTable entity, ViewJoin join, int i) {
    String ts = "e." + Sql.id(EntityTable.TS);
    ViewPlan view = join.scan().view();
    String src = join.scan().narrowSelect(earliest(entity, view), entity.to(), join.keyBounds());
    List<String> equal = new ArrayList<>();
    List<String> entityKeys = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < join.entityKeys().size(); k++) {
      entityKeys.add(join.entityKeys().get(k) + " AS __ek" + k);
      keys.add("__k" + k);
      equal.add("e.__ek" + k + " = %s.__k" + k);
    }
    String ent =
        "(SELECT "
            + EntityTable.ROW
            + ", "
            + Sql.id(EntityTable.TS)
            + (entityKeys.isEmpty() ? "" : ", " + String.join(", ", entityKeys))
            + " FROM "
            + entity.name()
            + ")";
    String best;
    String from;
    switch (join.strategy()) {
      case DIRECT -> {
        List<String> on = new ArrayList<>(fill(equal, "s"));
        on.add("s.__ts <= " + ts);
        if (!view.ttl().isZero()) {
          on.add(withinTtl(ts, "s.__ts", view));
        }
        if (join.createdFilter()) {
          on.add("s.__cr IS NOT NULL AND s.__cr <= " + ts);
        }
        return "SELECT e."
            + EntityTable.ROW
            + " AS __row, struct_extract(max("
            + ord("s.")
            + "), 'p') AS __pos FROM "
            + ent
            + " e JOIN ("
            + src
            + ") s ON "
            + String.join(" AND ", on)
            + " GROUP BY e."
            + EntityTable.ROW;
      }
      case ASOF -> throw new IllegalStateException("the ASOF strategy picks in two steps");
      case VISIBLE_ASOF -> {
        String partition = keys.isEmpty() ? "" : "PARTITION BY " + String.join(", ", keys) + " ";
        List<String> on = new ArrayList<>(fill(equal, "p"));
        on.add(ts + " >= p.__vis");
        from =
            " ASOF JOIN (SELECT "
                + (keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
                + "greatest(__ts, __cr) AS __vis, max("
                + ord("")
                + ") OVER ("
                + partition
                + "ORDER BY greatest(__ts, __cr)) AS __best FROM ("
                + src
                + ") WHERE __cr IS NOT NULL) p ON "
                + String.join(" AND ", on);
        best = "p.__best";
      }
      default -> throw new IllegalStateException(join.strategy().toString());
    }
    String where =
        view.ttl().isZero()
            ? ""
            : " WHERE " + withinTtl(ts, "struct_extract(" + best + ", 't')", view);
    return "SELECT e."
        + EntityTable.ROW
        + " AS __row, struct_extract("
        + best
        + ", 'p') AS __pos FROM "
        + ent
        + " e"
        + from
        + where;
  }

  /**
   * The first step of the ASOF strategy's pick, which takes two statements, each ordering rows by
   * one value (an ASOF join on the struct ORD sorted about twice as slowly as one on the event time
   * alone, on 10M source rows): each entity row's latest source event time at or before its own,
   * {@code __t}, with the ttl checked, by an ASOF join on the event time; {@code __row}, the entity
   * keys {@code __ek…} and {@code __t}. {@link #tieBreak} then picks among the rows at that time.
   */
  static String latest(EntityTable entity, ViewJoin join) {
    if (join.strategy() != Strategy.ASOF) {
      throw new IllegalStateException("only the ASOF strategy picks in two steps");
    }
    String ts = "e." + Sql.id(EntityTable.TS);
    ViewPlan view = join.scan().view();
    String src = join.scan().narrowSelect(earliest(entity, view), entity.to(), join.keyBounds());
    List<String> entityColumns = new ArrayList<>(List.of(EntityTable.ROW, Sql.id(EntityTable.TS)));
    List<String> select = new ArrayList<>(List.of("e." + EntityTable.ROW + " AS __row"));
    List<String> on = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < join.entityKeys().size(); k++) {
      entityColumns.add(join.entityKeys().get(k) + " AS __ek" + k);
      select.add("e.__ek" + k);
      on.add("e.__ek" + k + " = p.__k" + k);
      keys.add("__k" + k);
    }
    select.add("p.__ts AS __t");
    on.add(ts + " >= p.__ts");
    keys.add("__ts");
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT "
        + String.join(", ", entityColumns)
        + " FROM "
        + entity.name()
        + ") e ASOF JOIN (SELECT "
        + String.join(", ", keys)
        + " FROM ("
        + src
        + ")) p ON "
        + String.join(" AND ", on)
        + (view.ttl().isZero() ? "" : " WHERE " + withinTtl(ts, "p.__ts", view));
  }

  /**
   * The second step of the ASOF strategy's pick, over {@code latest} (a table made by {@link
   * #latest}): among the source rows of each entity row's keys at exactly its {@code __t} (almost
   * always one), the greatest {@code (created, position)}, by an equi-join on the keys and the
   * time; {@link #pick}'s columns. That is the greatest ORD among the row's candidates: a candidate
   * with a greater ORD would have an event time later than {@code __t}, or the same time and a
   * greater tie-break.
   */
  static String tieBreak(EntityTable entity, ViewJoin join, String latest) {
    ViewPlan view = join.scan().view();
    String src = join.scan().narrowSelect(earliest(entity, view), entity.to(), join.keyBounds());
    List<String> same = new ArrayList<>();
    for (int k = 0; k < join.entityKeys().size(); k++) {
      same.add("s.__k" + k + " = l.__ek" + k);
    }
    same.add("s.__ts = l.__t");
    return "SELECT l.__row, struct_extract(max("
        + tieBreak("s.")
        + "), 'p') AS __pos FROM "
        + latest
        + " l JOIN ("
        + src
        + ") s ON "
        + String.join(" AND ", same)
        + " GROUP BY l.__row";
  }

  /**
   * The features of view {@code join}'s winners ({@code picks}, a table made by {@link #pick}):
   * {@code __row} and the features {@code __v…}, read for the winners alone by a hash join of the
   * winners (the build side) with the source's position and feature columns.
   */
  static String fetch(ViewJoin join, String picks) {
    List<String> values = new ArrayList<>();
    for (int f = 0; f < join.scan().view().features().size(); f++) {
      values.add("s.__v" + f);
    }
    return "SELECT q.__row"
        + (values.isEmpty() ? "" : ", " + String.join(", ", values))
        + " FROM "
        + picks
        + " q JOIN ("
        + join.scan().fetchSelect()
        + ") s ON s.__pos = q.__pos";
  }

  /**
   * The result over the entity table and each view's fetched features ({@code fetched}: per view a
   * relation of {@link #fetch}'s columns, a table or a parenthesized query): {@code __larder_row},
   * the entity columns, a {@link #matchedColumn} per view and the features under their output
   * names, unordered.
   */
  static String select(EntityTable entity, List<ViewJoin> views, List<String> fetched) {
    List<String> select = new ArrayList<>();
    select.add("e." + EntityTable.ROW);
    entity.columns().keySet().forEach(c -> select.add("e." + Sql.id(c)));
    StringBuilder joins = new StringBuilder();
    for (int i = 0; i < views.size(); i++) {
      List<RequestedFeature> features = views.get(i).scan().view().features();
      joins.append(
          String.format(
              " LEFT JOIN %2$s v%1$d ON v%1$d.__row = e." + EntityTable.ROW, i, fetched.get(i)));
      select.add("(v" + i + ".__row IS NOT NULL) AS " + matchedColumn(i));
      for (int f = 0; f < features.size(); f++) {
        select.add("v" + i + ".__v" + f + " AS " + Sql.id(features.get(f).outputName()));
      }
    }
    return "SELECT " + String.join(", ", select) + " FROM " + entity.name() + " e" + joins;
  }

  /**
   * View {@code join}'s features for every row of {@code rows}, in row order: {@code __row}, {@code
   * __m} (whether the row found a winner) and the features {@code __v…}, null without a winner;
   * {@code fetched} (the winners' {@code __row} and features, as {@link #fetch} gives them: a table
   * or a parenthesized query) joined to the entity rows and sorted, so that {@link #positional} can
   * line the views up side by side.
   */
  static String fetchInRowOrder(EntityTable rows, ViewJoin join, String fetched) {
    List<String> select = new ArrayList<>();
    select.add("e." + EntityTable.ROW + " AS __row");
    select.add("(f.__row IS NOT NULL) AS __m");
    for (int f = 0; f < join.scan().view().features().size(); f++) {
      select.add("f.__v" + f);
    }
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT "
        + EntityTable.ROW
        + " FROM "
        + rows.name()
        + ") e LEFT JOIN "
        + fetched
        + " f ON f.__row = e."
        + EntityTable.ROW
        + " ORDER BY e."
        + EntityTable.ROW;
  }

  /**
   * {@link #select}'s columns, in input order, from {@code entity} (a table stored in row order)
   * and each view's {@link #fetchInRowOrder} table ({@code tables}), paired row by row by a
   * POSITIONAL JOIN instead of joined on the entity row and sorted: on 10 views × 100 features that
   * join and sort took as long again as writing the output. Every table is stored in row order
   * (inserted from an {@code ORDER BY}, and scans keep insertion order), which each row checks: a
   * view's row that is not the entity row beside it stops the statement with an error.
   */
  static String positional(EntityTable entity, List<ViewJoin> views, List<String> tables) {
    List<String> select = new ArrayList<>();
    select.add("e." + EntityTable.ROW);
    entity.columns().keySet().forEach(c -> select.add("e." + Sql.id(c)));
    StringBuilder from = new StringBuilder(entity.name()).append(" e");
    List<String> aligned = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      List<RequestedFeature> features = views.get(i).scan().view().features();
      from.append(" POSITIONAL JOIN ").append(tables.get(i)).append(" v").append(i);
      select.add("v" + i + ".__m AS " + matchedColumn(i));
      for (int f = 0; f < features.size(); f++) {
        select.add("v" + i + ".__v" + f + " AS " + Sql.id(features.get(f).outputName()));
      }
      aligned.add(
          "(v"
              + i
              + ".__row = e."
              + EntityTable.ROW
              + " OR error('the features of view "
              + i
              + " are out of line with the entity rows; this is a bug in Larder'))");
    }
    return "SELECT "
        + String.join(", ", select)
        + " FROM "
        + from
        + " WHERE "
        + String.join(" AND ", aligned);
  }

  static List<String> fill(List<String> templates, String alias) {
    return templates.stream().map(t -> String.format(t, alias)).toList();
  }

  static String withinTtl(String ts, String sourceTs, ViewPlan view) {
    return "epoch_us(" + ts + ") - epoch_us(" + sourceTs + ") <= " + ttlMicros(view.ttl());
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
  static Instant earliest(EntityTable entity, ViewPlan view) {
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
