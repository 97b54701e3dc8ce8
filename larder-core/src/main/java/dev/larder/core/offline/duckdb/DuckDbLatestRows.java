package dev.larder.core.offline.duckdb;

import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DuckDB cursor of a {@link LatestRequest}, in one of two plans, both sorted by key (see {@link
 * LatestRows}) and streaming from DuckDB as the caller reads them:
 *
 * <ul>
 *   <li><b>grouped</b>: per key, the greatest {@code ORD} (see {@link PitQuery}) among rows in the
 *       time range is found by a grouped {@code max}, and that row is fetched back by its unique
 *       position; only the latest rows are sorted and sent.
 *   <li><b>sorted scan</b>, for a source of fewer than {@value #SORTED_SCAN_MIN_ROWS} rows, or when
 *       a key's rows are few (at most {@value #SORTED_SCAN_ROWS_PER_KEY} rows per key on average,
 *       by {@code approx_count_distinct}, as when each key has one row in the range): every row in
 *       the range, sorted by key and then {@code ORD} descending, so that a key's first row is its
 *       latest and the cursor skips the rest. It spares the aggregation, the second scan and the
 *       join, about half of DuckDB's time on 10M distinct keys, and sends few rows more. Used only
 *       for key types whose Java values are equal exactly when DuckDB's are (not for float keys).
 * </ul>
 */
final class DuckDbLatestRows implements LatestRows {
  /** The most rows per key, on average, for which the sorted scan is chosen. */
  static final double SORTED_SCAN_ROWS_PER_KEY = 1.25;

  /**
   * Sources with fewer rows than this take the sorted scan without the probe that picks a plan:
   * sending all their rows costs less than the grouped plan, and less than the probe. The system
   * property {@value #SORTED_SCAN_MIN_ROWS_PROPERTY} overrides it (tests set 0 so that the probe
   * picks the plan on small data).
   */
  static final long SORTED_SCAN_MIN_ROWS = 100_000;

  /** The system property that overrides {@link #SORTED_SCAN_MIN_ROWS}. */
  static final String SORTED_SCAN_MIN_ROWS_PROPERTY = "larder.sortedScanMinRows";

  /** How the rows are found; see the class comment. */
  enum Plan {
    GROUPED,
    SORTED_SCAN
  }

  private final Connection connection;
  private final ViewPlan view;
  private final String sql;
  private final ResultSet rs;
  private final List<ResultColumn> columns;
  private final String tempTable;
  private final Runnable onClose;
  private final Plan plan;

  /** The current row's keys, read once by {@link #next}, and the previous row's. */
  private Object[] keys;

  private Object[] previousKeys;

  /** Whether a row was read, so that {@link #previousKeys} holds one. */
  private boolean started;

  private boolean closed;

  private DuckDbLatestRows(
      Connection connection,
      ViewPlan view,
      String sql,
      ResultSet rs,
      List<ResultColumn> columns,
      String tempTable,
      Runnable onClose,
      Plan plan) {
    this.connection = connection;
    this.view = view;
    this.sql = sql;
    this.rs = rs;
    this.columns = columns;
    this.tempTable = tempTable;
    this.onClose = onClose;
    this.plan = plan;
    this.keys = new Object[view.joinKeys().size()];
    this.previousKeys = new Object[keys.length];
  }

  static LatestRows open(
      Connection connection,
      SourceSchemas schemas,
      LatestRequest request,
      String prefix,
      Map<String, SourceScan.Counted> rowCounts,
      PreparedStatements statements,
      Runnable onClose) {
    ViewPlan view = request.view();
    String tempTable = prefix + "_src0";
    try {
      SourceScan scan = SourceScan.open(connection, schemas, view, tempTable, null, null);
      List<String> keys = new ArrayList<>();
      List<ResultColumn> columns = new ArrayList<>();
      for (int k = 0; k < view.joinKeys().size(); k++) {
        keys.add("__k" + k);
        columns.add(ResultColumn.of("__k" + k, ColumnType.joinType(view.joinKeys().get(k).type())));
      }
      columns.add(ResultColumn.of("__ts", ColumnType.TIMESTAMP_TZ));
      columns.add(ResultColumn.of("__cr", ColumnType.TIMESTAMP_TZ));
      for (int f = 0; f < view.features().size(); f++) {
        columns.add(ResultColumn.ofFeature("__v" + f, view.features().get(f).dtype()));
      }
      String src = scan.select(request.start(), request.end());
      List<String> select = new ArrayList<>();
      columns.forEach(c -> select.add(c.select()));
      List<Integer> byName = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        byName.add(k);
      }
      byName.sort(Comparator.comparing(k -> view.joinKeys().get(k).name()));
      List<String> order = byName.stream().map(k -> "__k" + k).toList();
      Plan plan = choosePlan(connection, view, src, keys, scan.rowCount(connection, rowCounts));
      String sql = latestSql(plan, select, keys, order, src);
      ResultSet rs;
      if (scan.temporary()) {
        rs = DuckDbSql.query(connection, sql);
      } else {
        // A file source: the same query with the time bounds as parameters, prepared once per
        // query text and file state (names, sizes, modification times), so DuckDB plans it once.
        String parameterized = latestSql(plan, select, keys, order, scan.parameterizedSelect());
        PreparedStatement statement =
            statements.get(parameterized, parameterized + "\n" + scan.cacheKey());
        statement.setLong(1, Sql.micros(request.end()));
        statement.setLong(2, Sql.micros(request.start()));
        try {
          rs = statement.executeQuery();
        } catch (SQLException e) {
          throw DuckDbSql.explained(connection, sql, e);
        }
      }
      return new DuckDbLatestRows(
          connection, view, sql, rs, columns, scan.temporary() ? tempTable : null, onClose, plan);
    } catch (SQLException e) {
      dropQuietly(connection, tempTable, e);
      throw DuckDbOfflineEngine.failure("cannot read the latest rows of " + view.label(), e);
    } catch (RuntimeException e) {
      dropQuietly(connection, tempTable, e);
      throw e;
    }
  }

  /** The query of {@code plan} over the rows of {@code src}. */
  private static String latestSql(
      Plan plan, List<String> select, List<String> keys, List<String> order, String src) {
    if (plan == Plan.SORTED_SCAN) {
      return "SELECT "
          + String.join(", ", select)
          + " FROM ("
          + src
          + ") ORDER BY "
          + String.join(", ", order)
          + ", "
          + PitQuery.ord("")
          + " DESC";
    }
    String group = keys.isEmpty() ? " HAVING count(*) > 0" : " GROUP BY " + String.join(", ", keys);
    String latest =
        "WITH src AS ("
            + src
            + "), best AS (SELECT "
            + (keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
            + "max("
            + PitQuery.ord("")
            + ") AS __best FROM src"
            + group
            + ") SELECT p.* FROM best b JOIN src p ON p.__pos = struct_extract(b.__best, 'p')";
    return "SELECT "
        + String.join(", ", select)
        + " FROM ("
        + latest
        + ")"
        + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order));
  }

  /**
   * The sorted scan for keys whose Java values compare as DuckDB's do, when the source is small
   * (under {@link #SORTED_SCAN_MIN_ROWS} rows: sending its every row costs less than the grouped
   * plan's aggregation, second scan and join, about 4.5 against 7.5 ms on 1,000 rows), or when a
   * probe of its keys and times finds few rows per key; else the grouped plan.
   */
  private static Plan choosePlan(
      Connection connection, ViewPlan view, String src, List<String> keys, long sourceRows)
      throws SQLException {
    if (keys.isEmpty()
        || view.joinKeys().stream()
            .anyMatch(k -> k.type() == ValueType.FLOAT32 || k.type() == ValueType.FLOAT64)) {
      return Plan.GROUPED;
    }
    if (sourceRows < Long.getLong(SORTED_SCAN_MIN_ROWS_PROPERTY, SORTED_SCAN_MIN_ROWS)) {
      return Plan.SORTED_SCAN;
    }
    String key = keys.size() == 1 ? keys.get(0) : "row(" + String.join(", ", keys) + ")";
    try (ResultSet rs =
        DuckDbSql.query(
            connection, "SELECT count(*), approx_count_distinct(" + key + ") FROM (" + src + ")")) {
      rs.next();
      long rows = rs.getLong(1);
      long distinct = rs.getLong(2);
      return rows > 0 && rows <= SORTED_SCAN_ROWS_PER_KEY * distinct
          ? Plan.SORTED_SCAN
          : Plan.GROUPED;
    }
  }

  /** The plan chosen, for tests. */
  Plan plan() {
    return plan;
  }

  @Override
  public ViewPlan view() {
    return view;
  }

  @Override
  public boolean next() {
    try {
      while (rs.next()) {
        Object[] current = previousKeys;
        for (int k = 0; k < current.length; k++) {
          current[k] = read(k);
        }
        previousKeys = keys;
        keys = current;
        boolean older = plan == Plan.SORTED_SCAN && started && sameKeys(keys, previousKeys);
        started = true;
        if (!older) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure(
          "cannot read the latest rows of " + view.label(),
          DuckDbSql.explained(connection, sql, e));
    }
  }

  @Override
  public Object key(int i) {
    return keys[Objects.checkIndex(i, keys.length)];
  }

  @Override
  public Object value(int i) {
    return read(view.joinKeys().size() + 2 + Objects.checkIndex(i, view.features().size()));
  }

  @Override
  public void values(ValueSink sink) {
    int first = view.joinKeys().size() + 2;
    try {
      for (int c = first; c < columns.size(); c++) {
        columns.get(c).send(rs, c + 1, sink);
      }
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot read the latest rows of " + view.label(), e);
    }
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

  /** Whether two rows' keys are equal, as DuckDB compares the sorted scan's keys. */
  private static boolean sameKeys(Object[] current, Object[] previous) {
    for (int k = 0; k < current.length; k++) {
      Object a = current[k];
      Object b = previous[k];
      boolean same =
          a instanceof byte[] x && b instanceof byte[] y
              ? Arrays.equals(x, y)
              : Objects.equals(a, b);
      if (!same) {
        return false;
      }
    }
    return true;
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
      try {
        if (tempTable != null) {
          try {
            DuckDbSql.execute(connection, "DROP TABLE IF EXISTS " + tempTable);
          } catch (SQLException e) {
            throw DuckDbOfflineEngine.failure("cannot drop temporary table " + tempTable, e);
          }
        }
      } finally {
        onClose.run(); // last: a request waiting for the engine may use the connection at once
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
