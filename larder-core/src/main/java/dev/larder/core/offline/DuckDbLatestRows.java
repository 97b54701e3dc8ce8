package dev.larder.core.offline;

import dev.larder.core.model.ColumnType;
import dev.larder.core.source.SourceSchemas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The DuckDB cursor of a {@link LatestRequest}. Per key, the greatest {@code ORD} (see {@link
 * PitQuery}) among rows in the time range is found by a grouped {@code max}, and that row is
 * fetched back by its unique position; the rows are sorted by key (see {@link LatestRows}) and
 * stream from DuckDB as the caller reads them.
 */
final class DuckDbLatestRows implements LatestRows {
  private final Connection connection;
  private final ViewPlan view;
  private final String sql;
  private final ResultSet rs;
  private final List<ResultColumn> columns;
  private final String tempTable;
  private final Runnable onClose;
  private boolean closed;

  private DuckDbLatestRows(
      Connection connection,
      ViewPlan view,
      String sql,
      ResultSet rs,
      List<ResultColumn> columns,
      String tempTable,
      Runnable onClose) {
    this.connection = connection;
    this.view = view;
    this.sql = sql;
    this.rs = rs;
    this.columns = columns;
    this.tempTable = tempTable;
    this.onClose = onClose;
  }

  static LatestRows open(
      Connection connection,
      SourceSchemas schemas,
      LatestRequest request,
      String prefix,
      Runnable onClose) {
    ViewPlan view = request.view();
    String tempTable = prefix + "_src0";
    try {
      SourceScan scan = SourceScan.open(connection, schemas, view, tempTable);
      List<String> keys = new ArrayList<>();
      List<ResultColumn> columns = new ArrayList<>();
      for (int k = 0; k < view.joinKeys().size(); k++) {
        keys.add("__k" + k);
        String type = KeyCoercion.joinType(view.joinKeys().get(k).type());
        columns.add(ResultColumn.of("__k" + k, new ColumnType(type)));
      }
      columns.add(ResultColumn.of("__ts", new ColumnType("TIMESTAMPTZ")));
      columns.add(ResultColumn.of("__cr", new ColumnType("TIMESTAMPTZ")));
      for (int f = 0; f < view.features().size(); f++) {
        String type = SourceScan.sqlType(view.features().get(f).dtype());
        columns.add(ResultColumn.of("__v" + f, new ColumnType(type)));
      }
      String group =
          keys.isEmpty() ? " HAVING count(*) > 0" : " GROUP BY " + String.join(", ", keys);
      String latest =
          "WITH src AS ("
              + scan.select(request.start(), request.end())
              + "), best AS (SELECT "
              + (keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
              + "max("
              + PitQuery.ord("")
              + ") AS __best FROM src"
              + group
              + ") SELECT p.* FROM best b JOIN src p ON p.__pos = struct_extract(b.__best, 'p')";
      List<String> select = new ArrayList<>();
      columns.forEach(c -> select.add(c.select()));
      List<Integer> byName = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        byName.add(k);
      }
      byName.sort(Comparator.comparing(k -> view.joinKeys().get(k).name()));
      String order =
          byName.isEmpty()
              ? ""
              : " ORDER BY " + String.join(", ", byName.stream().map(k -> "__k" + k).toList());
      String sql = "SELECT " + String.join(", ", select) + " FROM (" + latest + ")" + order;
      ResultSet rs = DuckDbSql.query(connection, sql);
      return new DuckDbLatestRows(connection, view, sql, rs, columns, tempTable, onClose);
    } catch (SQLException e) {
      dropQuietly(connection, tempTable, e);
      throw DuckDbOfflineEngine.failure("cannot read the latest rows of " + view.label(), e);
    } catch (RuntimeException e) {
      dropQuietly(connection, tempTable, e);
      throw e;
    }
  }

  @Override
  public ViewPlan view() {
    return view;
  }

  @Override
  public boolean next() {
    try {
      return rs.next();
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure(
          "cannot read the latest rows of " + view.label(),
          DuckDbSql.explained(connection, sql, e));
    }
  }

  @Override
  public Object key(int i) {
    return read(Objects.checkIndex(i, view.joinKeys().size()));
  }

  @Override
  public Object value(int i) {
    return read(view.joinKeys().size() + 2 + Objects.checkIndex(i, view.features().size()));
  }

  @Override
  public Instant eventTimestamp() {
    return (Instant) read(view.joinKeys().size());
  }

  @Override
  public Instant createdTimestamp() {
    return (Instant) read(view.joinKeys().size() + 1);
  }

  private Object read(int column) {
    try {
      return columns.get(column).value(rs, column + 1);
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot read the latest rows of " + view.label(), e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rs.close();
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot close the latest rows of " + view.label(), e);
    } finally {
      onClose.run();
      try {
        DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + tempTable);
      } catch (SQLException e) {
        throw DuckDbOfflineEngine.failure("cannot drop temporary table " + tempTable, e);
      }
    }
  }

  private static void dropQuietly(Connection connection, String table, Exception failure) {
    try {
      DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
