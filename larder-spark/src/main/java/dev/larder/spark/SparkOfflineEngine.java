package dev.larder.spark;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.offline.DistributedMaterialization;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineWriter;
import dev.larder.core.offline.OneRequestAtATime;
import dev.larder.core.offline.PushedRows;
import dev.larder.core.offline.ResultFileWriter;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TimeRangeRows;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.source.SourceSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The offline engine on Apache Spark (DESIGN A, B5, B6, B9): {@code offline_store: {type: spark,
 * spark_conf: {spark.master: …}}}. Sources are read where they lie (Parquet files or directories,
 * CSV files; local paths relative to the repository, or {@code hdfs://}, {@code s3a://} URIs); a
 * request becomes Spark SQL whose rows stay on the executors until they stream, in input order, to
 * the driver ({@code toLocalIterator}: one partition at a time, never the whole result). See {@link
 * SparkRetrieval} for why the join picks exactly B5's rows.
 *
 * <p>Entity rows are read by Larder's own rules (DESIGN B2, through the DuckDB engine's reader, so
 * that they mean the same on every engine) and handed to Spark with their positions. The session
 * runs in UTC with case-sensitive column names and ANSI casts (a value that does not convert is an
 * error, as in DuckDB). Pushed rows are appended to local Parquet directories as the DuckDB engine
 * appends them.
 *
 * <p>Spark runs with the thread context class loader set to this class's loader (the plugin's),
 * which Spark uses for its data sources and local executors. One request runs at a time; a {@link
 * LatestRows} cursor holds the engine until it is closed, as in the DuckDB engine.
 */
public final class SparkOfflineEngine
    implements OfflineEngine, OfflineWriter, DistributedMaterialization {
  /** Settings every session gets: Larder's semantics depend on them. */
  static final Map<String, String> FIXED =
      Map.of(
          "spark.sql.session.timeZone", "UTC",
          "spark.sql.caseSensitive", "true",
          "spark.sql.ansi.enabled", "true",
          "spark.sql.datetime.java8API.enabled", "true",
          "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  /**
   * How many open engines use each session: {@code getOrCreate} hands every engine of this JVM the
   * one active session (a feature store's engine and the one {@code apply} opens to check sources,
   * say), so the session stops only when the last engine that started it closes.
   */
  private static final Map<SparkSession, Integer> USERS = new java.util.IdentityHashMap<>();

  private final Path repo;
  private final SparkSession spark;
  private final boolean ownsSession;
  private final String stagingLocation;
  private DuckDbOfflineEngine local;

  /** Deletes what the request in progress staged ({@link #stage}). */
  private final List<Runnable> staged = new ArrayList<>();

  /** Where the request in progress staged entity rows, as Spark reads them. */
  private final List<String> stagedLocations = new ArrayList<>();

  /** One request at a time; an open {@link LatestRows} cursor holds the engine. */
  private final OneRequestAtATime turns = new OneRequestAtATime(this);

  SparkOfflineEngine(Path repo, SparkSession spark, boolean ownsSession) {
    this(repo, spark, ownsSession, null);
  }

  SparkOfflineEngine(Path repo, SparkSession spark, boolean ownsSession, String stagingLocation) {
    this.repo = repo.toAbsolutePath().normalize();
    this.spark = spark;
    this.ownsSession = ownsSession;
    this.stagingLocation = stagingLocation;
  }

  /** Starts a Spark session with {@code settings} for the repository at {@code repo}. */
  public static SparkOfflineEngine open(Path repo, SparkSettings settings) {
    Map<String, String> conf = new LinkedHashMap<>(settings.sparkConf());
    String master = conf.get("spark.master");
    if (master == null) {
      master = System.getProperty("spark.master");
    }
    if (master == null || master.isBlank()) {
      throw new InvalidDefinitionException(
          "offline_store of type spark has no spark.master in spark_conf",
          "Add spark_conf: {spark.master: \"local[*]\"} to run Spark in this process, or"
              + " spark://HOST:7077 for a standalone cluster");
    }
    checkReachable(master);
    ExecutorJars.ship(conf, master);
    if (master.startsWith("local")) {
      // In local mode the executor is this process: a task out of memory fails the job (an
      // error, exit 3) instead of Spark ending the process with its own exit code 52.
      conf.putIfAbsent("spark.executor.killOnFatalError.depth", "0");
    }
    String chosen = master;
    SparkSession session =
        withPluginLoader(
            () -> {
              try {
                SparkSession.Builder builder =
                    SparkSession.builder()
                        .appName("larder")
                        .master(chosen)
                        .config("spark.ui.enabled", "false")
                        .config("spark.ui.showConsoleProgress", "false");
                conf.forEach(builder::config);
                FIXED.forEach(builder::config);
                SparkSession s = builder.getOrCreate();
                FIXED.forEach((k, v) -> s.conf().set(k, v));
                return s;
              } catch (RuntimeException | ExceptionInInitializerError e) {
                throw new BackendException(
                    "cannot start Spark with spark.master "
                        + Echo.of(chosen)
                        + ": "
                        + SparkFailures.firstLine(e),
                    "Check offline_store.spark_conf in feature_store.yaml (spark.master,"
                        + " spark.driver.memory, …)",
                    e);
              }
            });
    if (session.sparkContext().isStopped()) {
      throw new BackendException(
          "Spark stopped as it started (spark.master " + Echo.of(master) + ")",
          "Check that the Spark master is running and reachable, or fix spark.master in"
              + " offline_store.spark_conf");
    }
    synchronized (USERS) {
      USERS.merge(session, 1, Integer::sum);
    }
    return new SparkOfflineEngine(repo, session, true, settings.stagingLocation());
  }

  /**
   * A {@code spark://host:port} master (or several, comma-separated) must accept connections before
   * Spark is started: Spark itself would retry in the background for minutes, and jobs would wait
   * for executors that never come.
   */
  static void checkReachable(String master) {
    if (!master.startsWith("spark://")) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      URI uri = URI.create("spark://" + hostPort.strip());
      String host = uri.getHost();
      int port = uri.getPort() < 0 ? 7077 : uri.getPort();
      if (host == null) {
        throw new InvalidDefinitionException(
            "spark.master " + Echo.of(master) + " is not spark://HOST:PORT",
            "Write spark.master as spark://HOST:7077 (or local[*]) in offline_store.spark_conf");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 5_000);
        return;
      } catch (IOException e) {
        failures.add(host + ":" + port + " (" + e.getMessage() + ")");
      }
    }
    throw new BackendException(
        "cannot reach the Spark master at " + master + ": " + String.join(", ", failures),
        "Start the Spark master, or fix spark.master in offline_store.spark_conf of"
            + " feature_store.yaml");
  }

  /** Runs {@code work} with the thread context class loader set to the plugin's loader. */
  static <T> T withPluginLoader(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(SparkOfflineEngine.class.getClassLoader());
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Runs {@code work} on Spark: with the plugin's class loader, Spark's failures translated. */
  private <T> T onSpark(String what, Supplier<T> work) {
    return withPluginLoader(
        () -> {
          try {
            return work.get();
          } catch (Exception | OutOfMemoryError e) {
            // Spark throws its checked SparkException undeclared
            for (String location : stagedLocations) {
              if (SparkFailures.isMissing(e, location)) {
                throw new BackendException(
                    what
                        + ": the Spark executors cannot read the entity rows staged at "
                        + location,
                    "Set offline_store.staging_location in feature_store.yaml to a folder every"
                        + " executor can read (hdfs://…, s3a://…, or a shared mount), or give"
                        + " the entity rows as a query with --entity-sql",
                    e);
              }
            }
            throw SparkFailures.translate(what, e);
          }
        });
  }

  /** The session, for tests. */
  SparkSession session() {
    return spark;
  }

  @Override
  public synchronized SourceSchema describeSource(DataSource source) {
    turns.ready();
    BatchSource file = source.batchSource();
    boolean csv = file instanceof FileSource f && f.format() == FileFormat.CSV;
    return onSpark(
        "cannot read the data of " + file.label(),
        () -> {
          SourceRows data = SourceRows.read(spark, repo, file);
          List<SourceSchema.Column> columns = new ArrayList<>();
          if (csv) {
            CsvTypes.detect(data)
                .forEach((name, type) -> columns.add(new SourceSchema.Column(name, type)));
          } else {
            data.types()
                .forEach(
                    (name, type) ->
                        columns.add(new SourceSchema.Column(name, SparkTypes.columnType(type))));
          }
          // a Spark table or query has typed columns, as Parquet has
          return new SourceSchema(
              data.location(), csv ? FileFormat.CSV : FileFormat.PARQUET, columns);
        });
  }

  @Override
  public synchronized Optional<String> firstNonTimestamp(DataSource source, String column) {
    turns.ready();
    BatchSource file = source.batchSource();
    return onSpark(
        "cannot read column " + Echo.of(column) + " of " + file.label(),
        () -> CsvTypes.firstNonTimestamp(SourceRows.read(spark, repo, file), column));
  }

  @Override
  public synchronized TrainingFrame getHistoricalFeatures(HistoricalRequest asked) {
    HistoricalRequest request = TimeRangeRows.resolve(this, asked);
    turns.ready();
    try {
      return trainingFrame(request);
    } finally {
      dropStagedEntityRows();
    }
  }

  private TrainingFrame trainingFrame(HistoricalRequest request) {
    List<String> warnings = new ArrayList<>();
    SparkEntities entities = entities(request, warnings);
    if (entities.count() > Integer.MAX_VALUE - 8) {
      throw new InvalidArgumentException(
          entities.count() + " rows do not fit in a training frame",
          "Write the result to a Parquet file instead");
    }
    return onSpark(
        "the point-in-time join failed",
        () -> {
          SparkRetrieval retrieval = SparkRetrieval.prepare(spark, repo, request, entities);
          TrainingFrame.Builder frame = TrainingFrame.builder(request.plan());
          List<ColumnReader> readers = retrieval.readers();
          readers.forEach(c -> frame.declare(c.name(), c.kind()));
          Object[] values = new Object[readers.size()];
          boolean[] matched = new boolean[retrieval.views()];
          Iterator<Row> it = retrieval.rows();
          while (it.hasNext()) {
            Row r = it.next();
            read(readers, r, values, matched);
            frame.addRow(Arrays.asList(values), matched);
          }
          for (int view : frame.viewsWithoutMatches()) {
            frame.noMatch(view, retrieval.probe(view));
          }
          warnings.forEach(frame::entityWarning);
          return frame.build();
        });
  }

  /**
   * Writes the result as a directory of Parquet part files written by the executors (DESIGN B9: an
   * output path without a suffix); the directory is replaced.
   */
  private RetrievalSummary writeParts(HistoricalRequest asked, Path output) {
    HistoricalRequest request = TimeRangeRows.resolve(this, asked);
    turns.ready();
    try {
      return joinAndWriteParts(request, output);
    } finally {
      dropStagedEntityRows();
    }
  }

  private RetrievalSummary joinAndWriteParts(HistoricalRequest request, Path output) {
    List<String> warnings = new ArrayList<>();
    SparkEntities entities = entities(request, warnings);
    Path target = output.toAbsolutePath().normalize();
    return onSpark(
        "cannot join and write " + target,
        () -> {
          SparkRetrieval retrieval = SparkRetrieval.prepare(spark, repo, request, entities);
          RetrievalSummary counted = retrieval.writeParts(target.toUri().toString());
          return new RetrievalSummary(
              counted.rows(), counted.matchedRows(), counted.noMatches(), warnings);
        });
  }

  /** Reads a result row: position, the columns' values, then a matched flag per view. */
  private static void read(List<ColumnReader> readers, Row r, Object[] values, boolean[] matched) {
    for (int c = 0; c < readers.size(); c++) {
      values[c] = readers.get(c).read(r, c + 1);
    }
    for (int i = 0; i < matched.length; i++) {
      matched[i] = r.getBoolean(readers.size() + 1 + i);
    }
  }

  @Override
  public synchronized RetrievalSummary writeHistoricalFeatures(
      HistoricalRequest asked, Path output) {
    String name = output.getFileName() == null ? "" : output.getFileName().toString();
    if (!name.isEmpty() && !name.contains(".")) {
      return writeParts(asked, output);
    }
    ResultFileWriter.format(output);
    HistoricalRequest request = TimeRangeRows.resolve(this, asked);
    turns.ready();
    try {
      return joinAndWrite(request, output);
    } finally {
      dropStagedEntityRows();
    }
  }

  private RetrievalSummary joinAndWrite(HistoricalRequest request, Path output) {
    List<String> warnings = new ArrayList<>();
    SparkEntities entities = entities(request, warnings);
    return onSpark(
        "cannot join and write " + output.toAbsolutePath().normalize(),
        () -> {
          SparkRetrieval retrieval = SparkRetrieval.prepare(spark, repo, request, entities);
          List<ColumnReader> readers = retrieval.readers();
          Object[] values = new Object[readers.size()];
          boolean[] matched = new boolean[retrieval.views()];
          long[] counts = new long[matched.length];
          try (ResultFileWriter out = ResultFileWriter.open(output, retrieval.columns())) {
            Iterator<Row> it = retrieval.rows();
            while (it.hasNext()) {
              read(readers, it.next(), values, matched);
              out.writeRow(Arrays.asList(values));
              for (int i = 0; i < matched.length; i++) {
                counts[i] += matched[i] ? 1 : 0;
              }
            }
            RetrievalSummary counted =
                retrieval.summary(out.rowCount(), Arrays.stream(counts).boxed().toList());
            RetrievalSummary summary =
                new RetrievalSummary(
                    counted.rows(), counted.matchedRows(), counted.noMatches(), warnings);
            out.commit();
            return summary;
          }
        });
  }

  /**
   * The request's entity rows as a Spark dataset: a query runs in Spark SQL; files and rows held in
   * Java are read by Larder's B2 rules. {@code warnings} receives warnings about them.
   */
  private SparkEntities entities(HistoricalRequest request, List<String> warnings) {
    EntityRows rows = request.entityRows();
    if (rows instanceof EntityRows.TimeRange) {
      throw new IllegalStateException("resolve the time range first (TimeRangeRows.resolve)");
    }
    if (rows instanceof EntityRows.Query query) {
      boolean[] ordered = new boolean[1];
      SparkEntities entities =
          onSpark(
              "cannot run the entity query", () -> SparkEntityQuery.load(spark, query, ordered));
      if (!ordered[0]) {
        warnings.add(EntityRows.Query.UNORDERED_WARNING);
      }
      return entities;
    }
    String origin =
        rows instanceof EntityRows.CsvFile f
            ? "entity rows file " + f.path()
            : rows instanceof EntityRows.ParquetFile f
                ? "entity rows file " + f.path()
                : "entity rows";
    return stage(rows, request.plan().views(), origin);
  }

  /**
   * Entity rows from a file or Java columns, read by Larder's B2 rules and staged as a Parquet file
   * that Spark reads where it runs: in {@code staging_location} when the store names one (copied
   * there through Hadoop's file systems: {@code hdfs://}, {@code s3a://}, {@code file://}), else in
   * a local temporary folder, which executors on this machine or on a shared file system read. The
   * staged files are deleted when the request ends ({@link #dropStagedEntityRows}).
   */
  private SparkEntities stage(EntityRows rows, List<ViewPlan> views, String origin) {
    Path dir;
    try {
      dir = Files.createTempDirectory(localStagingRoot(), "larder-entities-");
    } catch (IOException e) {
      throw new BackendException(
          "cannot create a folder for the " + origin + " in " + localStagingRoot() + ": " + e,
          "Free space there, or point spark.local.dir in offline_store.spark_conf elsewhere",
          e);
    }
    staged.add(() -> deleteTree(dir));
    Path file = dir.resolve("entities.parquet");
    DuckDbOfflineEngine.StagedEntityRows written = local().stageEntityRows(rows, views, file);
    String location = file.toUri().toString();
    if (stagingLocation != null) {
      location = copyToStagingLocation(file, dir.getFileName() + ".parquet");
    }
    stagedLocations.add(location);
    String readable = location;
    return onSpark(
        "cannot hand the " + origin + " to Spark",
        () -> SparkEntities.staged(spark, written, readable, origin));
  }

  /** Copies {@code file} into {@code staging_location} as {@code name}; its URI. */
  private String copyToStagingLocation(Path file, String name) {
    String base = stagingLocation.endsWith("/") ? stagingLocation : stagingLocation + "/";
    String target = base + name;
    return onSpark(
        "cannot copy the entity rows to staging_location " + stagingLocation,
        () -> {
          try {
            org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target);
            org.apache.hadoop.fs.FileSystem fs =
                to.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()), to);
            staged.add(
                () -> {
                  try {
                    fs.delete(to, false);
                  } catch (IOException e) {
                    // the staged copy stays behind; the next request does not use it
                  }
                });
            return fs.makeQualified(to).toString();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /**
   * Where entity rows are staged on this machine: {@code spark.local.dir}, else the temp folder.
   */
  private Path localStagingRoot() {
    String dirs = spark.conf().get("spark.local.dir", "");
    String first = dirs.split(",")[0].strip();
    return Path.of(first.isEmpty() ? System.getProperty("java.io.tmpdir") : first);
  }

  /** Deletes the entity rows staged for the request that ends. */
  private void dropStagedEntityRows() {
    for (Runnable drop : staged) {
      drop.run();
    }
    staged.clear();
    stagedLocations.clear();
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // left in the temp folder
                }
              });
    } catch (IOException e) {
      // already gone
    }
  }

  /** The in-process DuckDB engine that reads entity rows and appends pushed rows. */
  private DuckDbOfflineEngine local() {
    if (local == null) {
      local = DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 1, 0));
    }
    return local;
  }

  @Override
  public synchronized LatestRows pullLatest(LatestRequest request) {
    turns.ready();
    LatestRows rows =
        onSpark(
            "cannot read the latest rows of " + request.view().label(),
            () -> {
              SourceRows source = SourceRows.read(spark, repo, request.view().source());
              SparkScan scan = SparkScan.open(source, request.view());
              return SparkLatestRows.open(scan, request, () -> {}, turns::cursorClosed);
            });
    turns.cursorOpened();
    return new LoaderBoundRows(rows);
  }

  /** Redis: the executors write ({@link ExecutorMaterialization}). */
  @Override
  public boolean writesTo(OnlineStoreSection store) {
    return ExecutorMaterialization.writesTo(store);
  }

  @Override
  public synchronized long materialize(
      LatestRequest request, OnlineStoreSection store, int batchSize) {
    turns.ready();
    return onSpark(
        "cannot materialize " + request.view().label(),
        () -> ExecutorMaterialization.run(spark, repo, request, store, batchSize));
  }

  /** A cursor whose reads (which run Spark jobs) run with the plugin's class loader. */
  private final class LoaderBoundRows implements LatestRows {
    private final LatestRows rows;

    LoaderBoundRows(LatestRows rows) {
      this.rows = rows;
    }

    @Override
    public dev.larder.core.offline.ViewPlan view() {
      return rows.view();
    }

    @Override
    public boolean next() {
      return onSpark("cannot read the latest rows of " + rows.view().label(), rows::next);
    }

    @Override
    public Object key(int i) {
      return rows.key(i);
    }

    @Override
    public Object value(int i) {
      return rows.value(i);
    }

    @Override
    public void values(ValueSink sink) {
      rows.values(sink);
    }

    @Override
    public java.time.Instant eventTimestamp() {
      return rows.eventTimestamp();
    }

    @Override
    public java.time.Instant createdTimestamp() {
      return rows.createdTimestamp();
    }

    @Override
    public void close() {
      rows.close();
    }
  }

  @Override
  public void checkAppendable(FileSource source) {
    requireLocal(source);
    local().checkAppendable(source);
  }

  @Override
  public synchronized Path append(FileSource source, PushedRows rows) {
    turns.ready();
    requireLocal(source);
    return local().append(source, rows);
  }

  private static void requireLocal(FileSource source) {
    if (SourceRows.isUri(source.path())) {
      throw new InvalidDefinitionException(
          source.label()
              + " lies at "
              + source.path()
              + ", but pushed rows are appended only to Parquet directories on this machine's"
              + " file system",
          "Push to a source whose path is a local directory, or write the rows to "
              + source.path()
              + " with Spark itself");
    }
  }

  /** Counts one user of {@code session} off; whether it was the last. */
  private static boolean lastUser(SparkSession session) {
    synchronized (USERS) {
      Integer left = USERS.merge(session, -1, Integer::sum);
      if (left == null || left <= 0) {
        USERS.remove(session);
        return true;
      }
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (!turns.close()) {
      return;
    }
    try {
      if (local != null) {
        local.close();
      }
    } finally {
      if (ownsSession && lastUser(spark)) {
        withPluginLoader(
            () -> {
              spark.stop();
              return null;
            });
      }
    }
  }
}
