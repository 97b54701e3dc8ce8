package dev.larder.core.offline.duckdb;

import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.ViewPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The point-in-time join of a small request as one statement: each view's source rows are read with
 * their features and carried through the join that picks the winner (the same strategies and ORD as
 * {@link PitQuery}, whose class comment says why they are exact), so a request costs one statement
 * instead of a pick and a fetch per view. Chosen below {@link
 * DuckDbSettings#lateMaterializationCells()}, where reading every feature of every candidate costs
 * less than the narrow-first plan's extra statements.
 */
final class SingleStatementPit {
  private SingleStatementPit() {}

  /**
   * The join over the entity table and the views: {@code __larder_row}, the entity columns, a
   * {@link PitQuery#matchedColumn} per view and the features under their output names, unordered.
   */
  static String select(EntityTable entity, List<PitQuery.ViewJoin> views) {
    String ts = "e." + Sql.id(EntityTable.TS);
    List<String> ctes = new ArrayList<>();
    List<String> entityKeys = new ArrayList<>();
    StringBuilder joins = new StringBuilder();
    for (int i = 0; i < views.size(); i++) {
      PitQuery.ViewJoin join = views.get(i);
      ViewPlan view = join.scan().view();
      ctes.add(
          "src"
              + i
              + " AS ("
              + join.scan().select(PitQuery.earliest(entity, view), entity.to())
              + ")");
      List<String> keys = new ArrayList<>();
      List<String> equal = new ArrayList<>();
      for (int k = 0; k < join.entityKeys().size(); k++) {
        String column = "__larder_k" + i + "_" + k;
        entityKeys.add(join.entityKeys().get(k) + " AS " + column);
        keys.add("__k" + k);
        equal.add("e." + column + " = %s.__k" + k);
      }
      String fetch = " LEFT JOIN src%1$d p%1$d ON p%1$d.__pos = struct_extract(q%1$d.__best, 'p')";
      switch (join.strategy()) {
        case DIRECT -> {
          List<String> on = new ArrayList<>(PitQuery.fill(equal, "s"));
          on.add("s.__ts <= " + ts);
          if (!view.ttl().isZero()) {
            on.add(PitQuery.withinTtl(ts, "s.__ts", view));
          }
          if (join.createdFilter()) {
            on.add("s.__cr IS NOT NULL AND s.__cr <= " + ts);
          }
          ctes.add(
              "pick"
                  + i
                  + " AS (SELECT e."
                  + EntityTable.ROW
                  + " AS __row, max("
                  + PitQuery.ord("s.")
                  + ") AS __best FROM ent e JOIN src"
                  + i
                  + " s ON "
                  + String.join(" AND ", on)
                  + " GROUP BY e."
                  + EntityTable.ROW
                  + ")");
          joins.append(
              String.format(
                  " LEFT JOIN pick%1$d q%1$d ON q%1$d.__row = e." + EntityTable.ROW + fetch, i));
        }
        case ASOF -> {
          ctes.add(
              "ord" + i + " AS (SELECT *, " + PitQuery.ord("") + " AS __ord FROM src" + i + ")");
          List<String> on = new ArrayList<>(PitQuery.fill(equal, "p" + i));
          on.add(
              "struct_pack(t := "
                  + ts
                  + ", c := "
                  + PitQuery.MAX
                  + ", p := "
                  + PitQuery.MAX
                  + ") >= p"
                  + i
                  + ".__ord");
          joins.append(" ASOF LEFT JOIN ord" + i + " p" + i + " ON " + String.join(" AND ", on));
        }
        case VISIBLE_ASOF -> {
          String partition = keys.isEmpty() ? "" : "PARTITION BY " + String.join(", ", keys) + " ";
          ctes.add(
              "vis"
                  + i
                  + " AS (SELECT "
                  + (keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
                  + "greatest(__ts, __cr) AS __vis, max("
                  + PitQuery.ord("")
                  + ") OVER ("
                  + partition
                  + "ORDER BY greatest(__ts, __cr)) AS __best FROM src"
                  + i
                  + " WHERE __cr IS NOT NULL)");
          List<String> on = new ArrayList<>(PitQuery.fill(equal, "q" + i));
          on.add(ts + " >= q" + i + ".__vis");
          joins.append(
              String.format(
                  " ASOF LEFT JOIN vis%1$d q%1$d ON " + String.join(" AND ", on) + fetch, i));
        }
        default -> throw new IllegalStateException(join.strategy().toString());
      }
    }
    List<String> select = new ArrayList<>();
    select.add("e." + EntityTable.ROW);
    entity.columns().keySet().forEach(c -> select.add("e." + Sql.id(c)));
    for (int i = 0; i < views.size(); i++) {
      ViewPlan view = views.get(i).scan().view();
      String matched = "(p" + i + ".__ts IS NOT NULL";
      matched +=
          (view.ttl().isZero() ? "" : " AND " + PitQuery.withinTtl(ts, "p" + i + ".__ts", view))
              + ")";
      select.add(matched + " AS " + PitQuery.matchedColumn(i));
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
    ctes.add(
        0,
        "ent AS ("
            + (entityKeys.isEmpty()
                ? "SELECT * FROM " + entity.name()
                : "SELECT *, " + String.join(", ", entityKeys) + " FROM " + entity.name())
            + ")");
    return "WITH "
        + String.join(", ", ctes)
        + " SELECT "
        + String.join(", ", select)
        + " FROM ent e"
        + joins;
  }
}
