package dev.larder.core.offline.duckdb;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.ErrorCode;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.NoMatchDiagnostic;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * One historical retrieval on a DuckDB connection: loads the entity rows and prepares each view's
 * source. A large request (its sources' cells, rows × requested features, at least {@link
 * DuckDbSettings#lateMaterializationCells()}) decides each view's winners on narrow columns into a
 * small table (entity row, source position; {@link PitQuery#pick}), whose sizes are the match
 * counts, then fetches the winners' features; with several views, each view does both on a
 * connection of its own, side by side ({@link #runViews}). A small request runs the join as one
 * statement ({@link SingleStatementPit}), into a temporary result table when it is written to a
 * file. Either reads the result straight into Java or streams it, in input order, to a file ({@code
 * COPY} for Parquet, so rows never pass through Java). {@link #close()} drops the tables it made.
 */
final class Retrieval implements AutoCloseable {
  private final Connection connection;
  private final HistoricalRequest request;
  private final String prefix;
  private final List<PitQuery.ViewJoin> joins = new ArrayList<>();
  private EntityTable entity;
  private RetrievalSummary summary;

  /**
   * Whether winners are decided on narrow columns first ({@link PitQuery}); otherwise the join runs
   * as one statement ({@link SingleStatementPit}).
   */
  private boolean late;

  /** The single-statement plan's result table, written by {@link #write}; null until then. */
  private String result;

  /**
   * Whether the views run side by side, each on a connection of its own ({@link #runViews}): a late
   * plan with several views, none of which reads a CSV source (whose rows sit in a temporary table
   * only this connection sees).
   */
  private boolean parallel;

  /** The entity rows in a table every connection sees, for {@link #runViews}; null until then. */
  private EntityTable sharedEntity;

  /** DuckDB's threads as {@code offline_store} sets them; null for DuckDB's default. */
  private final Integer threads;

  /** Whether {@link #runViews} changed DuckDB's threads, which {@link #close} restores. */
  private boolean threadsChanged;

  private Retrieval(
      Connection connection, HistoricalRequest request, String prefix, Integer threads) {
    this.connection = connection;
    this.request = request;
    this.prefix = prefix;
    this.threads = threads;
  }

  /**
   * Loads the entity rows and prepares the views of {@code request}, choosing each view's join
   * strategy; temporary names start with {@code prefix}.
   */
  static Retrieval run(
      Connection connection,
      SourceSchemas schemas,
      HistoricalRequest request,
      String prefix,
      long directJoinLimit,
      long lateMaterializationCells,
      Integer threads,
      Map<String, SourceScan.Counted> rowCounts) {
    Retrieval retrieval = new Retrieval(connection, request, prefix, threads);
    try {
      retrieval.execute(schemas, directJoinLimit, lateMaterializationCells, rowCounts);
      return retrieval;
    } catch (RuntimeException e) {
      try {
        retrieval.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void execute(
      SourceSchemas schemas,
      long directJoinLimit,
      long lateMaterializationCells,
      Map<String, SourceScan.Counted> rowCounts) {
    List<ViewPlan> views = request.plan().views();
    List<SourceScan> scans = new ArrayList<>();
    List<List<String>> entityKeys = new ArrayList<>();
    List<Long> sourceRows = new ArrayList<>();
    long cells = 0;
    entity = EntityTable.load(connection, prefix + "_entity", request.entityRows(), views);
    request.plan().checkOutputNames(List.copyOf(entity.columns().keySet()));
    for (int i = 0; i < views.size(); i++) {
      ViewPlan view = views.get(i);
      SourceScan scan =
          SourceScan.open(
              connection,
              schemas,
              view,
              prefix + "_src" + i,
              PitQuery.earliest(entity, view),
              entity.to());
      List<String> keys = new ArrayList<>();
      for (JoinKey key : view.joinKeys()) {
        String column = key.entityColumn();
        ColumnType type =
            entity.require(column, view.label() + " (join key " + Echo.of(key.name()) + ")");
        keys.add(
            DuckDbKeyCoercion.convert(
                connection,
                entity.name(),
                Sql.id(column),
                type,
                key,
                view.label(),
                "entity column " + Echo.of(column)));
      }
      long rows = rowCount(scan, rowCounts);
      scans.add(scan);
      entityKeys.add(keys);
      sourceRows.add(rows);
      cells = saturatedAdd(cells, saturatedMultiply(rows, Math.max(1, view.features().size())));
    }
    late = entity.rows() > 0 && cells >= lateMaterializationCells;
    for (int i = 0; i < views.size(); i++) {
      SourceScan scan = scans.get(i);
      ViewPlan view = views.get(i);
      boolean filter = request.filterByCreatedTimestamp() && view.createdColumn().isPresent();
      joins.add(
          new PitQuery.ViewJoin(
              scan,
              entityKeys.get(i),
              filter,
              strategy(sourceRows.get(i), filter, directJoinLimit),
              late ? keyBounds(view, entityKeys.get(i)) : List.of()));
    }
    parallel = late && joins.size() > 1 && joins.stream().noneMatch(j -> j.scan().temporary());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The entity rows' range of each integer or string join key of {@code view}, as conditions on the
   * source's key columns ({@code __k0 BETWEEN lo AND hi}): no row outside it can match, and DuckDB
   * skips the row groups and files whose statistics lie outside it. A key whose entity values are
   * all null matches nothing ({@code BETWEEN NULL AND NULL} keeps no row). Other key types (floats,
   * booleans, bytes) get no bound.
   */
  private List<String> keyBounds(ViewPlan view, List<String> entityKeys) {
    List<String> bounds = new ArrayList<>();
    List<String> aggregates = new ArrayList<>();
    List<Integer> bounded = new ArrayList<>();
    for (int k = 0; k < entityKeys.size(); k++) {
      ValueType type = view.joinKeys().get(k).type();
      if (type == ValueType.INT32 || type == ValueType.INT64 || type == ValueType.STRING) {
        aggregates.add("min(" + entityKeys.get(k) + "), max(" + entityKeys.get(k) + ")");
        bounded.add(k);
      }
    }
    if (bounded.isEmpty() || entity.rows() == 0) {
      return bounds;
    }
    String sql = "SELECT " + String.join(", ", aggregates) + " FROM " + entity.name();
    try (ResultSet rs = DuckDbSql.query(connection, sql)) {
      rs.next();
      for (int b = 0; b < bounded.size(); b++) {
        int k = bounded.get(b);
        boolean text = view.joinKeys().get(k).type() == ValueType.STRING;
        String lo = rs.getString(2 * b + 1);
        String hi = rs.getString(2 * b + 2);
        bounds.add("__k" + k + " BETWEEN " + bound(lo, text) + " AND " + bound(hi, text));
      }
      return bounds;
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot read the entity rows' key range", e);
    }
  }

  private static String bound(String value, boolean text) {
    if (value == null) {
      return "NULL";
    }
    return text ? Sql.literal(value) : value;
  }

  private long rowCount(SourceScan scan, Map<String, SourceScan.Counted> rowCounts) {
    try {
      return scan.rowCount(connection, rowCounts);
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot count the rows of " + scan.location(), e);
    }
  }

  private PitQuery.Strategy strategy(long sourceRows, boolean filter, long directJoinLimit) {
    boolean small =
        entity.rows() == 0
            || sourceRows == 0
            || sourceRows <= directJoinLimit / Math.max(1, entity.rows());
    if (small) {
      return PitQuery.Strategy.DIRECT;
    }
    return filter ? PitQuery.Strategy.VISIBLE_ASOF : PitQuery.Strategy.ASOF;
  }

  /**
   * The single-statement plan: runs the join into a temporary result table and returns each view's
   * match count.
   */
  private List<Long> materialize() throws SQLException {
    result = prefix + "_result";
    DuckDbSql.execute(
        connection,
        "CREATE TEMP TABLE " + result + " AS " + SingleStatementPit.select(entity, joins));
    List<String> counts = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) {
      counts.add("count_if(" + PitQuery.matchedColumn(i) + ")");
    }
    List<Long> matched = new ArrayList<>();
    if (counts.isEmpty()) {
      return matched;
    }
    try (ResultSet rs =
        DuckDbSql.query(connection, "SELECT " + String.join(", ", counts) + " FROM " + result)) {
      rs.next();
      for (int i = 0; i < joins.size(); i++) {
        matched.add(rs.getLong(i + 1));
      }
    }
    return matched;
  }

  /**
   * The joined rows: {@link #write}'s result table, or the plan's query; in input order with
   * parallel views, otherwise unordered.
   */
  private String joined() throws SQLException {
    if (result != null) {
      return "SELECT * FROM " + result;
    }
    if (!late) {
      return SingleStatementPit.select(entity, joins);
    }
    if (parallel) {
      List<String> tables = new ArrayList<>();
      for (int i = 0; i < joins.size(); i++) {
        tables.add(featureTable(i));
      }
      return PitQuery.positional(sharedEntity, joins, tables);
    }
    return PitQuery.select(entity, joins, fetched());
  }

  /**
   * Runs the first part of the plan: the single statement into its result table, or each view's
   * winners (and, with parallel views, their features); returns each view's match count.
   */
  private List<Long> decide() throws SQLException {
    if (!late) {
      return materialize();
    }
    return parallel ? runViews() : pick();
  }

  /** Decides each view's winners on this connection, one view after another. */
  private List<Long> pick() throws SQLException {
    List<Long> matched = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) {
      matched.add(pickInto(connection, entity, i, "CREATE TEMP TABLE "));
    }
    return matched;
  }

  /**
   * Decides view {@code i}'s winners into its pick table ({@link PitQuery#pick}, or for the ASOF
   * strategy {@link PitQuery#latest} then {@link PitQuery#tieBreak}) on {@code on}, from the entity
   * rows in {@code rows}; {@code create} starts the table's {@code CREATE}. Returns their count.
   */
  private long pickInto(Connection on, EntityTable rows, int i, String create) throws SQLException {
    PitQuery.ViewJoin join = joins.get(i);
    String table = pickTable(i);
    if (join.strategy() == PitQuery.Strategy.ASOF) {
      String latest = prefix + "_latest" + i;
      DuckDbSql.execute(on, "CREATE TEMP TABLE " + latest + " AS " + PitQuery.latest(rows, join));
      DuckDbSql.execute(
          on,
          create
              + table
              + " AS "
              + PitQuery.tieBreak(rows, join, latest)
              + "; DROP TABLE "
              + latest);
    } else {
      DuckDbSql.execute(on, create + table + " AS " + PitQuery.pick(rows, join, i));
    }
    try (ResultSet rs = DuckDbSql.query(on, "SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Parallel views: each view's winners and then its features, in entity row order ({@link
   * PitQuery#fetchInRowOrder}), into tables of its own, the views side by side on as many
   * connections as there are cores (at most one per view), each taking the next view when done with
   * one; {@link #joined} then lines the tables up. Unless {@code offline_store} sets DuckDB's
   * threads, each connection gets an equal share of the cores (one each on 2 cores): a scan of one
   * of the benchmark's files splits into two row groups at most, and on 10 views × 100 features two
   * views with one thread each took 0.75× the time of one view after another with two. Returns each
   * view's match count.
   */
  private List<Long> runViews() throws SQLException {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    int lanes = Math.min(joins.size(), cores);
    String name = prefix + "_entity_shared";
    DuckDbSql.execute(
        connection,
        "CREATE TABLE "
            + name
            + " AS SELECT * FROM "
            + entity.name()
            + " ORDER BY "
            + EntityTable.ROW);
    sharedEntity = entity.named(name);
    if (threads == null) {
      DuckDbSql.execute(connection, "SET threads = " + Math.max(1, cores / lanes));
      threadsChanged = true;
    }
    long[] matched = new long[joins.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    List<Connection> others = new ArrayList<>();
    ExecutorService pool = null;
    List<Future<?>> running = new ArrayList<>();
    Exception failure = null;
    try {
      for (int lane = 1; lane < lanes; lane++) {
        Connection other = connection.unwrap(DuckDBConnection.class).duplicate();
        others.add(other);
        DuckDbSql.execute(other, "SET TimeZone = 'UTC'");
      }
      if (!others.isEmpty()) {
        pool =
            Executors.newFixedThreadPool(
                others.size(),
                r -> {
                  Thread t = new Thread(r, "larder-duckdb-view");
                  t.setDaemon(true);
                  return t;
                });
        for (Connection other : others) {
          running.add(pool.submit(() -> lane(other, next, failed, matched)));
        }
      }
      try {
        lane(connection, next, failed, matched);
      } catch (SQLException | RuntimeException e) {
        failure = e;
      }
      for (Future<?> f : running) {
        failure = awaited(f, failure);
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
      for (Connection other : others) {
        try {
          other.close();
        } catch (SQLException e) {
          // the database itself closes with the engine
        }
      }
    }
    if (failure instanceof SQLException e) {
      throw e;
    }
    if (failure != null) {
      throw (RuntimeException) failure;
    }
    List<Long> counts = new ArrayList<>();
    for (long m : matched) {
      counts.add(m);
    }
    return counts;
  }

  /** One connection's share of {@link #runViews}: views until none is left or one failed. */
  private Void lane(Connection on, AtomicInteger next, AtomicBoolean failed, long[] matched)
      throws SQLException {
    try {
      for (int i = next.getAndIncrement();
          i < joins.size() && !failed.get();
          i = next.getAndIncrement()) {
        matched[i] = pickInto(on, sharedEntity, i, "CREATE TABLE ");
        DuckDbSql.execute(
            on,
            "CREATE TABLE "
                + featureTable(i)
                + " AS "
                + PitQuery.fetchInRowOrder(sharedEntity, joins.get(i), fetchRelation(on, i, 1)));
        DuckDbSql.execute(on, "DROP TABLE IF EXISTS " + rawTable(i));
      }
      return null;
    } catch (SQLException | RuntimeException e) {
      failed.set(true);
      throw e;
    }
  }

  /**
   * Waits for {@code f}; returns {@code failure}, or its failure (an {@link SQLException} or a
   * {@link RuntimeException}), with any other suppressed.
   */
  private static Exception awaited(Future<?> f, Exception failure) throws SQLException {
    try {
      f.get();
      return failure;
    } catch (ExecutionException e) {
      Exception cause =
          e.getCause() instanceof SQLException || e.getCause() instanceof RuntimeException
              ? (Exception) e.getCause()
              : new SQLException(e.getCause());
      if (failure == null) {
        return cause;
      }
      failure.addSuppressed(cause);
      return failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while joining the views", e);
    }
  }

  private String pickTable(int i) {
    return prefix + "_pick" + i;
  }

  /** The temporary table {@link ParquetWinners} fills with view {@code i}'s winners' features. */
  private String rawTable(int i) {
    return prefix + "_raw" + i;
  }

  /**
   * View {@code i}'s winners' features ({@code __row}, {@code __v…}) as a relation on {@code on}:
   * read from its Parquet files by {@link ParquetWinners} with {@code threads} threads into {@link
   * #rawTable}, or, when those are files it does not read, {@link PitQuery#fetch}'s query. Only
   * side-by-side views take the reader ({@link #lane}): there a view has one core, and on 10 views
   * × 100 features its fetch took 0.1–0.2 s against DuckDB's 0.7–1.9 s. A view fetched alone keeps
   * DuckDB's scan, which uses every core, while the appender the reader fills its table through
   * runs on one thread: on 1M winners × 20 features the reader's plan took 7.6 s, DuckDB's 6.75 s
   * (whole command, alternating).
   */
  private String fetchRelation(Connection on, int i, int threads) throws SQLException {
    if (ParquetWinners.fetch(on, joins.get(i), pickTable(i), rawTable(i), threads)) {
      return rawTable(i);
    }
    return "(" + PitQuery.fetch(joins.get(i), pickTable(i)) + ")";
  }

  private String featureTable(int i) {
    return prefix + "_feat" + i;
  }

  /**
   * Each view's fetched features as a relation for {@link PitQuery#select}, one view after another
   * (a plan that is not parallel). One view streams from its source into the output in the final
   * statement; with several, each view's winners' features are first staged in a table of their
   * own, so the final statement only joins small tables on the entity row and never holds every
   * view's source scan and hash tables at once (which outgrew the memory budget on 10 views × 100
   * features).
   */
  private List<String> fetched() throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) {
      String fetch = PitQuery.fetch(joins.get(i), pickTable(i));
      if (joins.size() == 1) {
        out.add("(" + fetch + ")");
      } else {
        DuckDbSql.execute(connection, "CREATE TEMP TABLE " + featureTable(i) + " AS " + fetch);
        out.add(featureTable(i));
      }
    }
    return out;
  }

  private RetrievalSummary summary(long rows, List<Long> matched) throws SQLException {
    List<NoMatchDiagnostic> noMatches = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) {
      if (rows > 0 && matched.get(i) == 0) {
        noMatches.add(
            NoMatchProbe.probe(
                connection, entity, joins.get(i), request.filterByCreatedTimestamp()));
      }
    }
    return new RetrievalSummary(rows, matched, noMatches, entity.warnings());
  }

  /** The summary of a result written by {@link #write}. */
  RetrievalSummary summary() {
    return summary;
  }

  /**
   * The output columns with their types: the entity columns as loaded, then the features in their
   * declared types.
   */
  private List<ResultColumn> outputColumns() {
    Map<String, ColumnType> columns = new LinkedHashMap<>(entity.columns());
    for (ViewPlan view : request.plan().views()) {
      for (RequestedFeature f : view.features()) {
        columns.put(f.outputName(), ColumnType.of(f.dtype()));
      }
    }
    return ResultColumn.of(columns);
  }

  /**
   * The result in Java, read straight from the join in input order; matches are counted as the rows
   * go by.
   */
  TrainingFrame frame() {
    if (entity.rows() > Integer.MAX_VALUE - 8) {
      throw new InvalidArgumentException(
          entity.rows() + " rows do not fit in a training frame",
          "Write the result to a Parquet file instead");
    }
    int rows = (int) entity.rows();
    List<ResultColumn> columns = outputColumns();
    List<String> select = new ArrayList<>();
    columns.forEach(c -> select.add(c.select()));
    for (int i = 0; i < joins.size(); i++) {
      select.add(PitQuery.matchedColumn(i));
    }
    List<FrameColumn.Builder> builders = new ArrayList<>();
    columns.forEach(c -> builders.add(FrameColumn.builder(c.name(), c.kind(), rows)));
    List<BitSet> matched = new ArrayList<>();
    joins.forEach(j -> matched.add(new BitSet(rows)));
    String sql;
    try {
      if (late) {
        decide();
      }
      sql = inOrder(select);
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("the point-in-time join failed", e);
    }
    try {
      try (ResultSet rs = DuckDbSql.query(connection, sql)) {
        int row = 0;
        while (next(rs, sql)) {
          for (int c = 0; c < columns.size(); c++) {
            columns.get(c).read(rs, c + 1, builders.get(c));
          }
          for (int i = 0; i < joins.size(); i++) {
            matched.get(i).set(row, rs.getBoolean(columns.size() + i + 1));
          }
          row++;
        }
      }
      List<Long> counts = matched.stream().map(b -> (long) b.cardinality()).toList();
      RetrievalSummary summary = summary(rows, counts);
      TrainingFrame.Builder frame = TrainingFrame.builder(request.plan());
      builders.forEach(b -> frame.column(b.build()));
      for (int i = 0; i < matched.size(); i++) {
        frame.matchedRows(i, matched.get(i));
      }
      List<Integer> without = frame.viewsWithoutMatches();
      for (int i = 0; i < without.size(); i++) {
        frame.noMatch(without.get(i), summary.noMatches().get(i));
      }
      entity.warnings().forEach(frame::entityWarning);
      return frame.build();
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("the point-in-time join failed", e);
    }
  }

  /** Writes the result to {@code output} (.csv or .parquet), replacing it only when complete. */
  void write(Path output) {
    boolean csv = output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    Path target = output.toAbsolutePath().normalize();
    Path temp = target.resolveSibling("." + target.getFileName() + "." + prefix + ".tmp");
    try {
      summary = summary(entity.rows(), decide());
      Files.createDirectories(target.getParent());
      List<ResultColumn> columns = outputColumns();
      if (csv) {
        writeCsv(columns, temp);
      } else {
        List<String> select = new ArrayList<>();
        columns.forEach(c -> select.add(Sql.id(c.name())));
        DuckDbSql.execute(
            connection,
            "COPY ("
                + inOrder(select)
                + ") TO "
                + Sql.literal(temp.toString())
                + " (FORMAT PARQUET)");
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot join and write " + target, e);
    } catch (AccessDeniedException e) {
      throw new LarderException(
          ErrorCode.PERMISSION_DENIED,
          "cannot write " + target + ": permission denied",
          "Choose an output path you may write to",
          e);
    } catch (IOException e) {
      throw new BackendException("cannot write " + target + ": " + e.getMessage(), null, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // the temporary file is left behind; the result itself is complete or absent
      }
    }
  }

  private void writeCsv(List<ResultColumn> columns, Path temp) throws SQLException, IOException {
    List<String> select = new ArrayList<>();
    columns.forEach(c -> select.add(c.select()));
    try (ResultSet rs = DuckDbSql.query(connection, inOrder(select));
        Writer out =
            new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
      CsvResultWriter.write(rs, columns, out);
    }
  }

  private boolean next(ResultSet rs, String sql) throws SQLException {
    try {
      return rs.next();
    } catch (SQLException e) {
      throw DuckDbSql.explained(connection, sql, e);
    }
  }

  /** The {@code select} columns of the joined rows, in input order. */
  private String inOrder(List<String> select) throws SQLException {
    String rows = "SELECT " + String.join(", ", select) + " FROM (" + joined() + ")";
    return parallel ? rows : rows + " ORDER BY " + EntityTable.ROW;
  }

  /**
   * Drops the tables, including any a failed step left, and gives DuckDB back the threads {@link
   * #runViews} changed.
   */
  @Override
  public void close() {
    List<String> tables = new ArrayList<>(List.of(prefix + "_result", prefix + "_entity"));
    tables.add(prefix + "_entity_text");
    tables.add(prefix + "_entity_shared");
    for (int i = 0; i < request.plan().views().size(); i++) {
      tables.add(prefix + "_src" + i);
      tables.add(prefix + "_latest" + i);
      tables.add(rawTable(i));
      tables.add(pickTable(i));
      tables.add(featureTable(i));
    }
    StringBuilder drop = new StringBuilder();
    if (threadsChanged) {
      drop.append("RESET threads; ");
    }
    tables.forEach(t -> drop.append("DROP TABLE IF EXISTS ").append(t).append("; "));
    try {
      DuckDbSql.execute(connection, drop.toString());
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot drop temporary tables", e);
    }
  }
}
