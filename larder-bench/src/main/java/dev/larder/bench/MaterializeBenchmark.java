package dev.larder.bench;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.SqliteKeyFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Materialization into an empty online store (DESIGN Targets), as a user runs it: {@code bin/larder
 * materialize START END} over a Parquet source of 10M entity rows × 20 DOUBLE features + an INT
 * target, the whole command as a child process with {@code LARDER_JAVA_OPTS=-Xmx512m}: entity rows
 * per second (wall time of the command, JVM start included) and peak resident memory.
 *
 * <p>Two baselines from the same run, in this JVM: (a) the latest-per-key query alone, in plain
 * DuckDB SQL ({@code QUALIFY row_number()} per key, ordered by key as Larder asks), read through
 * JDBC with typed getters; (b) a bare sqlite-jdbc batch INSERT of as many pre-encoded rows (keys of
 * Larder's format in key order, 187-byte value blobs as Larder's encoding makes of 20 doubles and
 * an int) into an empty WITHOUT ROWID table with the store's PRAGMAs (its page size, WAL with a
 * checkpoint at 4,000 pages, {@code synchronous = NORMAL}, a 64 MB cache), as many rows a
 * transaction as Larder's batches, one row a statement.
 *
 * <p>The store is checked afterwards: {@value MaterializeData#ROWS} rows in the view's table, and a
 * few keys read back through the feature store equal to their Parquet rows.
 */
final class MaterializeBenchmark {
  static final String JAVA_OPTS = "-Xmx512m";

  private static final Path TIME = Path.of("/usr/bin/time");

  /** Rows a transaction of the SQLite baseline: as many as Larder's. */
  private static final int BATCH = Materializer.DEFAULT_BATCH_SIZE;

  private static final long[] SPOT_KEYS = {0, 1, 4_999_999, 9_999_999, 123_456, 7_654_321, 31_337};
  private static final String TARGET = ">= 500k rows/s; 10M rows with -Xmx512m (exit 0)";

  private final Path home;
  private final MaterializeData data;
  private final List<String> notes = new ArrayList<>();

  MaterializeBenchmark(Path home, Path scratch) {
    this.home = home;
    this.data = MaterializeData.in(scratch);
  }

  /** Lines to print under the table: times, memory, checks. */
  List<String> notes() {
    return notes;
  }

  /** Generates (or reuses) the data, runs the command and both baselines, checks the store. */
  List<BenchMain.Row> run() throws IOException, SQLException, InterruptedException {
    long start = System.nanoTime();
    boolean generated = data.prepare();
    note(
        "data in %s (%s, %.0f s)",
        data.dir(), generated ? "generated now" : "cached", (System.nanoTime() - start) / 1e9);
    deleteStore(data.onlineStore());
    try (FeatureStore store = FeatureStore.open(data.repo())) {
      store.apply();
    }
    Path launcher = home.resolve("bin/larder");
    // Builds the CLI jar if it is stale, outside the timing.
    PitJoinBenchmark.Command.Result version =
        PitJoinBenchmark.Command.run(data.dir(), Map.of(), null, launcher.toString(), "--version");
    if (version.exit() != 0) {
      throw new IllegalStateException(
          launcher + " --version exited " + version.exit() + ": " + version.stderrTail());
    }

    PitJoinBenchmark.Command.Result larder = runLarder(launcher);
    double query = duckDbBaseline();
    double insert = sqliteBaseline();

    String name = "materialize 10M x 21 into empty SQLite";
    String duckdb = String.format(Locale.ROOT, "DuckDB latest-per-key %,.0f rows/s", query);
    String sqlite = String.format(Locale.ROOT, "bare SQLite INSERT %,.0f rows/s", insert);
    boolean oom = larder.stderrTail().stream().anyMatch(l -> l.contains("OutOfMemoryError"));
    if (larder.exit() != 0) {
      note(
          "larder materialize FAILED with exit %d after %.1f s, peak RSS %s%s; stderr:",
          larder.exit(), larder.seconds(), mib(larder.peakRssKib()), oom ? " (out of heap)" : "");
      larder.stderrTail().forEach(line -> notes.add("    " + line));
      String failed = "FAILED (exit " + larder.exit() + ")";
      return List.of(
          new BenchMain.Row(name, failed, duckdb, Double.NaN, TARGET),
          new BenchMain.Row(name, failed, sqlite, Double.NaN, TARGET));
    }
    double rate = MaterializeData.ROWS / larder.seconds();
    note(
        "larder: %,d entity rows in %.1f s (whole command, JVM start included) = %,.0f rows/s;"
            + " exit 0 with %s; peak RSS %s (DuckDB's memory lies outside the heap)%s",
        MaterializeData.ROWS,
        larder.seconds(),
        rate,
        JAVA_OPTS,
        mib(larder.peakRssKib()),
        larder.rssPolled() ? " [RSS polled from /proc: a lower bound]" : "");
    larder.stdout().forEach(line -> note("larder said: %s", line));
    note(
        "baselines in this JVM, without a JVM start: (a) DuckDB %,.0f rows/s, (b) SQLite %,.0f"
            + " rows/s; larder / (a) = %.2f, larder / (b) = %.2f",
        query, insert, rate / query, rate / insert);
    verify();
    String figure = String.format(Locale.ROOT, "%,.0f rows/s", rate);
    return List.of(
        new BenchMain.Row(name, figure, duckdb, rate / query, TARGET),
        new BenchMain.Row(name, figure, sqlite, rate / insert, TARGET));
  }

  private PitJoinBenchmark.Command.Result runLarder(Path launcher)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    boolean timed = Files.isExecutable(TIME);
    Path timeReport = data.dir().resolve("time-v.txt");
    if (timed) {
      command.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
    }
    command.addAll(
        List.of(
            launcher.toString(),
            "--repo",
            data.repo().toString(),
            "materialize",
            MaterializeData.START.toString(),
            MaterializeData.END.toString()));
    System.err.printf(
        Locale.ROOT,
        "materialize: LARDER_JAVA_OPTS=%s bin/larder --repo %s materialize %s %s%n",
        JAVA_OPTS,
        data.repo(),
        MaterializeData.START,
        MaterializeData.END);
    PitJoinBenchmark.Command.Result result =
        PitJoinBenchmark.Command.run(
            data.dir(),
            Map.of("LARDER_JAVA_OPTS", JAVA_OPTS),
            timed ? timeReport : null,
            command.toArray(String[]::new));
    System.err.printf(
        Locale.ROOT,
        "materialize: larder exited %d after %.1f s%n",
        result.exit(),
        result.seconds());
    return result;
  }

  /** Baseline (a): the latest row per key in plain DuckDB SQL, ordered by key, read via JDBC. */
  private double duckDbBaseline() throws SQLException {
    System.err.println("materialize: DuckDB latest-per-key baseline…");
    List<String> columns = new ArrayList<>(List.of(MaterializeData.JOIN_KEY));
    columns.add("epoch_us(event_timestamp)");
    columns.add("epoch_us(created_timestamp)");
    columns.addAll(MaterializeData.featureNames());
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM read_parquet("
            + PitJoinData.literal(data.samples())
            + ") WHERE event_timestamp BETWEEN make_timestamptz("
            + micros(MaterializeData.START)
            + ") AND make_timestamptz("
            + micros(MaterializeData.END)
            + ") QUALIFY row_number() OVER (PARTITION BY "
            + MaterializeData.JOIN_KEY
            + " ORDER BY event_timestamp DESC, created_timestamp DESC NULLS LAST) = 1"
            + " ORDER BY "
            + MaterializeData.JOIN_KEY;
    Properties streaming = new Properties();
    streaming.setProperty("jdbc_stream_results", "true");
    long rows = 0;
    double sink = 0;
    long begin = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:", streaming);
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        int last = columns.size();
        while (rs.next()) {
          rows++;
          sink += rs.getLong(1) + rs.getLong(2) + rs.getLong(3);
          for (int i = 4; i < last; i++) {
            sink += rs.getDouble(i);
          }
          sink += rs.getInt(last);
        }
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    if (rows != MaterializeData.ROWS || Double.isNaN(sink)) {
      throw new IllegalStateException("the DuckDB baseline read " + rows + " rows");
    }
    return rows / seconds;
  }

  /** Baseline (b): a bare batch INSERT of as many pre-encoded rows, with the store's PRAGMAs. */
  private double sqliteBaseline() throws SQLException, IOException {
    System.err.println("materialize: bare SQLite INSERT baseline…");
    int pageSize;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.onlineStore());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA page_size")) {
      pageSize = rs.getInt(1);
    }
    SqliteKeyFormat format =
        new SqliteKeyFormat(
            List.of(new OnlineViewSchema.KeyField(MaterializeData.JOIN_KEY, ValueType.INT64)));
    // The values of BATCH rows, encoded once as Larder encodes 20 doubles and an int; a key is
    // Larder's key bytes with the last 8 (the order-preserving INT64) rewritten per row.
    byte[][] values = new byte[BATCH][];
    Random random = new Random(42);
    for (int i = 0; i < BATCH; i++) {
      ByteBuffer b = ByteBuffer.allocate(187).order(ByteOrder.LITTLE_ENDIAN);
      b.put((byte) 1).putInt(0x1234_5678);
      for (int f = 0; f < MaterializeData.FEATURES; f++) {
        b.put((byte) 2).putDouble(random.nextInt(2_000_001) / 1e6 - 1);
      }
      b.put((byte) 1).put((byte) (random.nextBoolean() ? 2 : 0));
      values[i] = b.array();
    }
    byte[] template = format.encode(0L);
    Path file = data.dir().resolve("bare-sqlite.db");
    deleteStore(file);
    long begin = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA page_size = " + pageSize);
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
        s.execute("PRAGMA cache_size = -65536");
        s.execute("PRAGMA wal_autocheckpoint = 4000"); // as SqliteOnlineWriter sets it
        s.execute(
            "CREATE TABLE t (entity_key BLOB NOT NULL PRIMARY KEY, event_ts INTEGER NOT NULL,"
                + " created_ts INTEGER, feature_values BLOB NOT NULL) WITHOUT ROWID");
      }
      try (Statement s = c.createStatement();
          PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
        long base = micros(MaterializeData.START);
        for (long from = 0; from < MaterializeData.ROWS; from += BATCH) {
          s.execute("BEGIN IMMEDIATE");
          for (int i = 0; i < BATCH; i++) {
            long key = from + i;
            byte[] k = template.clone();
            ByteBuffer.wrap(k, k.length - 8, 8).putLong(key ^ Long.MIN_VALUE);
            insert.setBytes(1, k);
            insert.setLong(2, base + key);
            insert.setLong(3, base + key + 60_000_000L);
            insert.setBytes(4, values[i]);
            insert.addBatch();
          }
          insert.executeBatch();
          s.execute("COMMIT");
        }
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    note(
        "bare SQLite: %,d rows in %.1f s; page_size %d, WAL (checkpoint at 4,000 pages), synchronous"
            + " NORMAL, cache 64 MB, %,d rows a transaction, one row a statement, close (last"
            + " checkpoint) included",
        MaterializeData.ROWS, seconds, pageSize, BATCH);
    deleteStore(file);
    return MaterializeData.ROWS / seconds;
  }

  /** Counts the store's rows and compares a few keys' online values with their Parquet rows. */
  private void verify() throws SQLException {
    long stored;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.onlineStore());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + MaterializeData.table())) {
      stored = rs.getLong(1);
    }
    note(
        "%s: the online store holds %,d rows of %s (expected %,d)",
        verdict(stored == MaterializeData.ROWS),
        stored,
        MaterializeData.VIEW,
        MaterializeData.ROWS);

    List<String> features = MaterializeData.featureNames();
    List<Object> keys = new ArrayList<>();
    for (long k : SPOT_KEYS) {
      keys.add(k);
    }
    OnlineFeatures online;
    try (FeatureStore store = FeatureStore.open(data.repo())) {
      List<String> refs = features.stream().map(f -> MaterializeData.VIEW + ":" + f).toList();
      online =
          store.getOnlineFeatures(
              FeatureSelection.of(refs.toArray(String[]::new)),
              Map.of(MaterializeData.JOIN_KEY, keys));
    }
    int differ = 0;
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      for (int r = 0; r < SPOT_KEYS.length; r++) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT epoch_us(event_timestamp), "
                    + String.join(", ", features)
                    + " FROM read_parquet("
                    + PitJoinData.literal(data.samples())
                    + ") WHERE "
                    + MaterializeData.JOIN_KEY
                    + " = "
                    + SPOT_KEYS[r])) {
          rs.next();
          boolean same = micros(online.eventTimestamps(features.get(0)).get(r)) == rs.getLong(1);
          for (int f = 0; f < features.size(); f++) {
            String name = features.get(f);
            Object expected;
            if (f < MaterializeData.FEATURES) {
              expected = rs.getDouble(f + 2);
            } else {
              expected = rs.getLong(f + 2); // an Int32 feature reads back as a Long
            }
            same &= online.statuses(name).get(r) == FeatureStatus.PRESENT;
            same &= expected.equals(online.values(name).get(r));
          }
          differ += same ? 0 : 1;
        }
      }
    }
    note(
        "%s: %d keys read back through the feature store (sample_index %s) against their Parquet"
            + " rows (event time, 21 values): %d differ",
        verdict(differ == 0), SPOT_KEYS.length, Arrays.toString(SPOT_KEYS), differ);
  }

  /** Deletes a SQLite file and its WAL and shared-memory files. */
  private static void deleteStore(Path file) throws IOException {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private static String verdict(boolean passed) {
    return passed ? "check ok" : "CHECK FAILED";
  }

  private void note(String format, Object... args) {
    notes.add(String.format(Locale.ROOT, format, args));
  }

  private static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib / 1024);
  }
}
