package dev.larder.core.offline.duckdb;

import dev.larder.core.Activity;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import dev.larder.core.offline.RequestedFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Fetches a view's winners' features straight from its Parquet files ({@link ParquetRowFetch}) into
 * a temporary table, instead of a DuckDB scan of every row joined with the winners on the row
 * position. The winners are read in position order and split, by whole row groups, into batches of
 * at most {@value #BATCH_CELLS} values, which {@code threads} threads read into reused arrays while
 * the calling thread appends them to the table through DuckDB's appender; so the heap holds the
 * winners' positions and entity rows (12 bytes each) and a few batches, whatever the number of
 * features.
 */
final class ParquetWinners {
  /** The values a batch holds at most (unless one row group's winners alone hold more). */
  static final int BATCH_CELLS = 2_000_000;

  private static final Set<FeatureType> READ =
      Set.of(ScalarType.FLOAT64, ScalarType.FLOAT32, ScalarType.INT64, ScalarType.INT32);

  private final PitQuery.ViewJoin join;
  private final List<Path> files;
  private final List<String> columns = new ArrayList<>();
  private final List<FeatureType> dtypes = new ArrayList<>();
  private long[] positions;
  private int[] entityRows;

  private final int batchCells;

  private ParquetWinners(PitQuery.ViewJoin join, int batchCells) {
    this.join = join;
    this.batchCells = batchCells;
    this.files = join.scan().files();
    for (RequestedFeature f : join.scan().view().features()) {
      columns.add(f.sourceColumn());
      dtypes.add(f.dtype());
    }
  }

  /** One row group's winners: {@code positions[from..to)}, in file {@code file}. */
  private record Unit(int file, int group, long groupStart, int from, int to) {}

  /**
   * Fills temporary table {@code table} on {@code on} with {@code __row} and the features {@code
   * __v…} of the winners in {@code picks}; returns false, leaving no table, when a source file or a
   * feature column is one {@link ParquetRowFetch} does not read (or a file cannot be read: DuckDB's
   * fetch then reports it).
   */
  static boolean fetch(
      Connection on, PitQuery.ViewJoin join, String picks, String table, int threads)
      throws SQLException {
    return fetch(on, join, picks, table, threads, BATCH_CELLS);
  }

  /** {@link #fetch} with batches of at most {@code batchCells} values (tests use small ones). */
  static boolean fetch(
      Connection on,
      PitQuery.ViewJoin join,
      String picks,
      String table,
      int threads,
      int batchCells)
      throws SQLException {
    ParquetWinners fetch = new ParquetWinners(join, batchCells);
    if (fetch.files.isEmpty()
        || fetch.columns.isEmpty()
        || !fetch.dtypes.stream().allMatch(READ::contains)) {
      return false;
    }
    long began = Activity.start();
    if (!fetch.readWinners(on, picks)) {
      return false;
    }
    List<Unit> units;
    try {
      units = fetch.units();
    } catch (IOException | ParquetRowFetch.Unsupported e) {
      Activity.log(ParquetWinners.class, "Parquet fetch not used: {}", e.getMessage());
      return false;
    }
    DuckDbSql.execute(on, "CREATE TEMP TABLE " + table + " (" + fetch.columnsSql() + ")");
    try {
      fetch.run(on, table, units, Math.max(1, threads));
    } catch (IOException | ParquetRowFetch.Unsupported e) {
      DuckDbSql.execute(on, "DROP TABLE IF EXISTS " + table);
      Activity.log(ParquetWinners.class, "Parquet fetch not used: {}", e.getMessage());
      return false;
    } catch (SQLException | RuntimeException e) {
      DuckDbSql.execute(on, "DROP TABLE IF EXISTS " + table);
      throw e;
    }
    if (Activity.enabled()) {
      Activity.log(
          ParquetWinners.class,
          "Parquet fetch of {} winners x {} features ({}): {}",
          fetch.positions.length,
          fetch.columns.size(),
          Activity.since(began),
          table);
    }
    return true;
  }

  private String columnsSql() {
    List<String> out = new ArrayList<>(List.of("__row BIGINT"));
    for (int c = 0; c < dtypes.size(); c++) {
      out.add("__v" + c + " " + SourceScan.sqlType(dtypes.get(c)));
    }
    return String.join(", ", out);
  }

  /** Reads the winners in position order; false when an entity row number exceeds an int. */
  private boolean readWinners(Connection on, String picks) throws SQLException {
    long count;
    try (ResultSet rs = DuckDbSql.query(on, "SELECT count(*) FROM " + picks)) {
      rs.next();
      count = rs.getLong(1);
    }
    positions = new long[Math.toIntExact(count)];
    entityRows = new int[positions.length];
    int i = 0;
    try (ResultSet rs =
        DuckDbSql.query(on, "SELECT __pos, __row FROM " + picks + " ORDER BY __pos")) {
      while (rs.next()) {
        positions[i] = rs.getLong(1);
        long row = rs.getLong(2);
        if (row > Integer.MAX_VALUE) {
          return false;
        }
        entityRows[i] = (int) row;
        i++;
      }
    }
    if (i != positions.length) {
      throw new SQLException("the winners changed while they were read");
    }
    return true;
  }

  /** The row groups holding winners, in position order; each file is opened once to plan it. */
  private List<Unit> units() throws IOException, ParquetRowFetch.Unsupported {
    List<Unit> units = new ArrayList<>();
    int i = 0;
    while (i < positions.length) {
      long fileIndex = positions[i] / SourceScan.FILE_STRIDE;
      if (fileIndex < 0 || fileIndex >= files.size()) {
        throw new ParquetRowFetch.Unsupported("a position beyond the source's files");
      }
      int file = (int) fileIndex;
      int end = i;
      while (end < positions.length && positions[end] / SourceScan.FILE_STRIDE == file) {
        end++;
      }
      long[] starts;
      try (ParquetRowFetch reader = ParquetRowFetch.open(files.get(file), columns, dtypes)) {
        starts = reader.rowGroupStarts();
      }
      long base = file * SourceScan.FILE_STRIDE;
      for (int g = 0; g + 1 < starts.length && i < end; g++) {
        int to = i;
        while (to < end && positions[to] - base < starts[g + 1]) {
          to++;
        }
        if (to > i) {
          units.add(new Unit(file, g, starts[g], i, to));
        }
        i = to;
      }
      if (i < end) {
        throw new ParquetRowFetch.Unsupported("a position beyond its file's rows");
      }
    }
    return units;
  }

  /** Batches of whole units, each at most {@link #batchCells} values unless one unit is more. */
  private List<List<Unit>> batches(List<Unit> units) {
    List<List<Unit>> batches = new ArrayList<>();
    List<Unit> current = new ArrayList<>();
    long cells = 0;
    for (Unit u : units) {
      long more = (long) (u.to() - u.from()) * columns.size();
      if (!current.isEmpty() && cells + more > batchCells) {
        batches.add(current);
        current = new ArrayList<>();
        cells = 0;
      }
      current.add(u);
      cells += more;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  /** One batch's arrays, reused from batch to batch. */
  private static final class Buffers {
    final ParquetRowFetch.Column[] out;
    final long[] rows;
    int from;
    int length;

    Buffers(int columns, int size) {
      out = new ParquetRowFetch.Column[columns];
      for (int c = 0; c < columns; c++) {
        out[c] = new ParquetRowFetch.Column(new long[size], new boolean[size]);
      }
      rows = new long[size];
    }
  }

  /**
   * What a reader hands the appending thread: a filled batch, or its failure, or (neither) that it
   * has stopped.
   */
  private record Handed(Buffers filled, Exception failure) {}

  /**
   * Reads the batches and appends them. DuckDB's appender is used by one thread only, and it is the
   * slower half (about 10M values a second): with more than one thread, {@code threads} readers
   * fill batches into a few reused sets of arrays while this thread appends each as it comes, so
   * reading and appending overlap and the heap holds at most {@code threads + 1} batches.
   */
  private void run(Connection on, String table, List<Unit> units, int threads)
      throws SQLException, IOException, ParquetRowFetch.Unsupported {
    List<List<Unit>> batches = batches(units);
    int size = 0;
    for (List<Unit> batch : batches) {
      size = Math.max(size, batch.get(batch.size() - 1).to() - batch.get(0).from());
    }
    try (DuckDBAppender appender =
        on.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
      int readers = Math.min(threads, batches.size());
      if (readers <= 1) {
        Buffers buffers = new Buffers(columns.size(), size);
        Map<Integer, ParquetRowFetch> open = new HashMap<>();
        try {
          for (List<Unit> batch : batches) {
            read(batch, buffers, open);
            append(appender, buffers);
          }
        } finally {
          closeAll(open);
        }
        return;
      }
      readAlongside(appender, batches, size, readers);
    }
  }

  private void readAlongside(
      DuckDBAppender appender, List<List<Unit>> batches, int size, int readers)
      throws SQLException, IOException, ParquetRowFetch.Unsupported {
    AtomicInteger next = new AtomicInteger();
    BlockingQueue<Buffers> free = new ArrayBlockingQueue<>(readers + 1);
    for (int i = 0; i <= readers; i++) {
      free.add(new Buffers(columns.size(), size));
    }
    BlockingQueue<Handed> handed = new ArrayBlockingQueue<>(2 * readers + 2);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            readers,
            r -> {
              Thread t = new Thread(r, "larder-parquet-fetch");
              t.setDaemon(true);
              return t;
            });
    Exception failure = null;
    try {
      for (int r = 0; r < readers; r++) {
        pool.execute(() -> readBatches(batches, next, free, handed));
      }
      int stopped = 0;
      while (stopped < readers) {
        Handed h = handed.take();
        if (h.failure() != null) {
          next.set(batches.size());
          if (failure == null) {
            failure = h.failure();
          } else {
            failure.addSuppressed(h.failure());
          }
        } else if (h.filled() == null) {
          stopped++;
        } else {
          if (failure == null) {
            try {
              append(appender, h.filled());
            } catch (SQLException | RuntimeException e) {
              failure = e;
              next.set(batches.size());
            }
          }
          free.put(h.filled());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      next.set(batches.size());
      pool.shutdownNow();
      throw new SQLException("interrupted while reading features", e);
    } finally {
      pool.shutdown();
    }
    rethrow(failure);
  }

  /** One reader thread: fills batches until none is left or one failed, then says it stopped. */
  private void readBatches(
      List<List<Unit>> batches,
      AtomicInteger next,
      BlockingQueue<Buffers> free,
      BlockingQueue<Handed> handed) {
    Map<Integer, ParquetRowFetch> open = new HashMap<>();
    try {
      for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
        Buffers buffers = free.take();
        try {
          read(batches.get(b), buffers, open);
        } catch (IOException | ParquetRowFetch.Unsupported | RuntimeException e) {
          free.put(buffers);
          handed.put(new Handed(null, e));
          break;
        }
        handed.put(new Handed(buffers, null));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        closeAll(open);
      } catch (IOException e) {
        // read-only files; nothing was left half-done
      }
      try {
        handed.put(new Handed(null, null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeAll(Map<Integer, ParquetRowFetch> open) throws IOException {
    for (ParquetRowFetch reader : open.values()) {
      reader.close();
    }
  }

  private static void rethrow(Exception failure)
      throws SQLException, IOException, ParquetRowFetch.Unsupported {
    if (failure == null) {
      return;
    }
    if (failure instanceof SQLException e) {
      throw e;
    }
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof ParquetRowFetch.Unsupported e) {
      throw e;
    }
    throw (RuntimeException) failure;
  }

  /** Reads {@code batch}'s values into {@code buffers}, opening files into {@code open}. */
  private void read(List<Unit> batch, Buffers buffers, Map<Integer, ParquetRowFetch> open)
      throws IOException, ParquetRowFetch.Unsupported {
    int from = batch.get(0).from();
    int to = batch.get(batch.size() - 1).to();
    buffers.from = from;
    buffers.length = to - from;
    for (ParquetRowFetch.Column column : buffers.out) {
      Arrays.fill(column.nulls(), 0, to - from, false);
    }
    for (Unit u : batch) {
      long base = u.file() * SourceScan.FILE_STRIDE;
      for (int i = u.from(); i < u.to(); i++) {
        buffers.rows[i - from] = positions[i] - base;
      }
      ParquetRowFetch reader = open.get(u.file());
      if (reader == null) {
        reader = ParquetRowFetch.open(files.get(u.file()), columns, dtypes);
        open.put(u.file(), reader);
      }
      reader.read(
          u.group(), u.groupStart(), buffers.rows, u.from() - from, u.to() - from, buffers.out);
    }
  }

  private void append(DuckDBAppender appender, Buffers buffers) throws SQLException {
    int from = buffers.from;
    int n = buffers.length;
    ParquetRowFetch.Column[] out = buffers.out;
    for (int i = 0; i < n; i++) {
      appender.beginRow();
      appender.append((long) entityRows[from + i]);
      for (int c = 0; c < out.length; c++) {
        if (out[c].nulls()[i]) {
          appender.appendNull();
          continue;
        }
        long v = out[c].values()[i];
        FeatureType dtype = dtypes.get(c);
        if (dtype == ScalarType.FLOAT64) {
          appender.append(Double.longBitsToDouble(v));
        } else if (dtype == ScalarType.FLOAT32) {
          appender.append(Float.intBitsToFloat((int) v));
        } else if (dtype == ScalarType.INT64) {
          appender.append(v);
        } else {
          appender.append((int) v);
        }
      }
      appender.endRow();
    }
  }
}
