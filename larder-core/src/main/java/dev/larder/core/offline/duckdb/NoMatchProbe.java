package dev.larder.core.offline.duckdb;

import dev.larder.core.offline.NoMatchDiagnostic;
import dev.larder.core.offline.ViewPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Gathers a {@link NoMatchDiagnostic} for a view in which no entity row found a row. */
final class NoMatchProbe {
  private NoMatchProbe() {}

  static NoMatchDiagnostic probe(
      Connection connection, EntityTable entity, PitQuery.ViewJoin join, boolean createdFilter)
      throws SQLException {
    ViewPlan view = join.scan().view();
    String source = "(" + join.scan().unprunedSelect() + ")";
    List<String> keyColumns = new ArrayList<>();
    List<String> entityRanges = new ArrayList<>();
    List<String> sourceRanges = new ArrayList<>();
    List<String> entityKeys = new ArrayList<>();
    List<String> sourceStats = new ArrayList<>();
    List<String> same = new ArrayList<>();
    for (int k = 0; k < view.joinKeys().size(); k++) {
      String column = Sql.id(view.joinKeys().get(k).entityColumn());
      keyColumns.add(view.joinKeys().get(k).entityColumn());
      entityKeys.add("CAST(min(" + column + ") AS VARCHAR), CAST(max(" + column + ") AS VARCHAR)");
      sourceStats.add("CAST(min(__k" + k + ") AS VARCHAR), CAST(max(__k" + k + ") AS VARCHAR)");
      same.add("s.__k" + k + " = e.k" + k);
    }
    if (!entityKeys.isEmpty()) {
      query(
          connection,
          "SELECT " + String.join(", ", entityKeys) + " FROM " + entity.name(),
          rs -> ranges(rs, keyColumns.size(), entityRanges));
    }
    long[] sourceRows = new long[1];
    Instant[] sourceTimes = new Instant[2];
    sourceStats.add("count(*), epoch_us(min(__ts)), epoch_us(max(__ts))");
    query(
        connection,
        "SELECT " + String.join(", ", sourceStats) + " FROM " + source,
        rs -> {
          int n = keyColumns.size();
          ranges(rs, n, sourceRanges);
          sourceRows[0] = rs.getLong(2 * n + 1);
          if (sourceRows[0] > 0) {
            sourceTimes[0] = Sql.instant(rs.getLong(2 * n + 2));
            sourceTimes[1] = Sql.instant(rs.getLong(2 * n + 3));
          }
        });
    long[] known = {sourceRows[0] > 0 ? entity.rows() : 0};
    if (!same.isEmpty() && sourceRows[0] > 0) {
      List<String> keys = new ArrayList<>();
      for (int k = 0; k < join.entityKeys().size(); k++) {
        keys.add(join.entityKeys().get(k) + " AS k" + k);
      }
      query(
          connection,
          "SELECT count(*) FROM (SELECT "
              + String.join(", ", keys)
              + " FROM "
              + entity.name()
              + ") e WHERE EXISTS (SELECT 1 FROM "
              + source
              + " s WHERE "
              + String.join(" AND ", same)
              + ")",
          rs -> known[0] = rs.getLong(1));
    }
    return new NoMatchDiagnostic(
        view.label(),
        entity.rows(),
        known[0],
        keyColumns,
        entityRanges,
        entity.from(),
        entity.to(),
        join.scan().location(),
        sourceRows[0],
        sourceRanges,
        sourceTimes[0],
        sourceTimes[1],
        view.ttl(),
        createdFilter && view.createdColumn().isPresent());
  }

  private static void ranges(ResultSet rs, int keys, List<String> out) throws SQLException {
    for (int k = 0; k < keys; k++) {
      String min = rs.getString(2 * k + 1);
      String max = rs.getString(2 * k + 2);
      out.add(NoMatchDiagnostic.keyRange(min, max));
    }
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void query(Connection connection, String sql, RowReader reader)
      throws SQLException {
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      if (rs.next()) {
        reader.read(rs);
      }
    }
  }
}
