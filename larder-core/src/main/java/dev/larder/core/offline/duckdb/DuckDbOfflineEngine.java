package dev.larder.core.offline.duckdb;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.offline.AllKeysAsOf;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineWriter;
import dev.larder.core.offline.OneRequestAtATime;
import dev.larder.core.offline.PushedRows;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TimeRangeRows;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.source.SourceSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * The offline engine on an in-process DuckDB (DESIGN A, B5, B6). Sources are read in place from
 * Parquet (a file or a directory of files) or CSV; a request becomes a few SQL statements whose
 * rows stay inside DuckDB, which spills to disk past its memory limit. The session runs in UTC, so
 * the JVM's time zone never matters. See {@link PitQuery} for why the join is exact.
 *
 * <p>One request runs at a time on the engine's one connection; a {@link LatestRows} cursor holds
 * the engine until it is closed. A request of another thread meanwhile waits for the cursor to
 * close (a materialization of one view waits for another's); the thread that holds the cursor
 * calling the engine again is a bug and an {@link IllegalStateException}. Pushed rows are appended
 * as new Parquet files ({@link OfflineWriter}, see {@link ParquetAppend}). Every key of one view at
 * one time is answered from the latest rows per key ({@link AllKeysAsOf}, see {@code
 * DuckDbAllKeysAsOf}).
 */
public final class DuckDbOfflineEngine implements OfflineEngine, OfflineWriter, AllKeysAsOf {
  private final Connection connection;
  private final SourceSchemas schemas;
  private final Path ownedTempDirectory;
  private final long directJoinLimit;
  private final long lateMaterializationCells;
  private final Integer threads;
  private final Map<String, SourceScan.Counted> rowCounts = new HashMap<>();
  private final PreparedStatements statements;
  private long requests;

  /** One request at a time; an open {@link LatestRows} cursor holds the engine. */
  private final OneRequestAtATime turns = new OneRequestAtATime(this);

  private DuckDbOfflineEngine(
      Connection connection, SourceSchemas schemas, Path ownedTemp, DuckDbSettings settings) {
    this.connection = connection;
    this.schemas = schemas;
    this.ownedTempDirectory = ownedTemp;
    this.directJoinLimit = settings.directJoinLimit();
    this.lateMaterializationCells = settings.lateMaterializationCells();
    this.threads = settings.threads();
    this.statements = new PreparedStatements(connection);
  }

  /** Opens an engine for the repository at {@code repo} (source paths are relative to it). */
  public static DuckDbOfflineEngine open(Path repo, DuckDbSettings settings) {
    Path owned = null;
    Connection connection = null;
    try {
      Path temp = settings.tempDirectory();
      if (temp == null) {
        owned = DuckDbTempDirectory.create(Path.of(System.getProperty("java.io.tmpdir")));
        temp = owned;
      }
      Properties properties = new Properties();
      properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
      connection = DriverManager.getConnection("jdbc:duckdb:", properties);
      DuckDbSql.execute(connection, "SET TimeZone = 'UTC'");
      DuckDbSql.execute(connection, "SET preserve_insertion_order = true");
      DuckDbSql.execute(
          connection, "SET temp_directory = " + Sql.literal(temp.toAbsolutePath().toString()));
      String memory = settings.effectiveMemoryLimit();
      if (memory != null) {
        DuckDbSql.execute(connection, "SET memory_limit = " + Sql.literal(memory));
      }
      if (settings.threads() != null) {
        DuckDbSql.execute(connection, "SET threads = " + settings.threads());
      }
      return new DuckDbOfflineEngine(connection, SourceSchemas.open(repo), owned, settings);
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(connection, e);
      deleteQuietly(owned);
      if (e instanceof LarderException l) {
        throw l;
      }
      throw new BackendException(
          "cannot start DuckDB: " + e.getMessage(),
          "Check offline_store in feature_store.yaml (memory_limit, temp_directory, threads)",
          e);
    }
  }

  @Override
  public synchronized SourceSchema describeSource(DataSource source) {
    turns.ready();
    return schemas.describe(fileSource(source));
  }

  @Override
  public synchronized Optional<String> firstNonTimestamp(DataSource source, String column) {
    turns.ready();
    return schemas.firstNonTimestamp(fileSource(source), column);
  }

  @Override
  public synchronized TrainingFrame getHistoricalFeatures(HistoricalRequest request) {
    try (Retrieval retrieval = start(request)) {
      return retrieval.frame();
    }
  }

  @Override
  public synchronized RetrievalSummary writeHistoricalFeatures(
      HistoricalRequest request, Path output) {
    String name = output.getFileName() == null ? "" : output.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.endsWith(".csv") && !lower.endsWith(".parquet")) {
      throw new InvalidArgumentException(
          "output file " + Echo.of(output) + " is neither .csv nor .parquet",
          "Name the output file out.csv or out.parquet");
    }
    try (Retrieval retrieval = start(request)) {
      retrieval.write(output);
      return retrieval.summary();
    }
  }

  private Retrieval start(HistoricalRequest request) {
    HistoricalRequest rows = TimeRangeRows.resolve(this, request);
    turns.ready();
    return Retrieval.run(
        connection,
        schemas,
        rows,
        "__larder_" + ++requests,
        directJoinLimit,
        lateMaterializationCells,
        threads,
        rowCounts);
  }

  /**
   * Reads {@code rows} by Larder's rules for entity rows (DESIGN B2, with the checks and errors of
   * a retrieval): a CSV column that {@code views} join on takes the type their entities declare,
   * other CSV columns are integers or doubles when every value parses as one, and {@code
   * event_timestamp} is an instant. The columns come back in input order, the rows in input order.
   * Another engine (Spark) uses it so that entity rows mean the same on every engine.
   */
  public synchronized ReadEntityRows readEntityRows(EntityRows rows, List<ViewPlan> views) {
    turns.ready();
    String table = "__larder_" + ++requests + "_entity";
    try {
      EntityTable entity = EntityTable.load(connection, table, rows, views);
      if (entity.rows() > Integer.MAX_VALUE - 8) {
        throw new InvalidArgumentException(
            entity.rows() + " entity rows do not fit in Java columns",
            "Give fewer entity rows per request");
      }
      int n = (int) entity.rows();
      List<ResultColumn> columns = ResultColumn.of(entity.columns());
      List<String> select = new ArrayList<>();
      List<FrameColumn.Builder> builders = new ArrayList<>();
      for (ResultColumn c : columns) {
        select.add(c.select());
        builders.add(FrameColumn.builder(c.name(), c.kind()));
      }
      String sql =
          "SELECT " + String.join(", ", select) + " FROM " + table + " ORDER BY " + EntityTable.ROW;
      try (ResultSet rs = DuckDbSql.query(connection, sql)) {
        while (rs.next()) {
          for (int c = 0; c < columns.size(); c++) {
            columns.get(c).read(rs, c + 1, builders.get(c));
          }
        }
      }
      return new ReadEntityRows(
          new EntityRows.Columns(builders.stream().map(FrameColumn.Builder::build).toList()),
          entity.columns());
    } catch (SQLException e) {
      throw failure("cannot read the entity rows", e);
    } finally {
      try {
        DuckDbSql.execute(
            connection,
            "DROP TABLE IF EXISTS " + table + "; DROP TABLE IF EXISTS " + table + "_text");
      } catch (SQLException e) {
        // a temporary table of this connection, gone when the engine closes
      }
    }
  }

  /**
   * Reads {@code rows} as {@link #readEntityRows} does and writes them to the Parquet file {@code
   * parquet} instead of Java columns, so that another engine (Spark) reads them where it runs: a
   * column {@code __larder_row} (the input position, from 0) and then the input's columns in order,
   * integers as INT64, floats as DOUBLE, times as UTC timestamps in microseconds, integers wider
   * than 64 bits, dates and other types as text. Lists are refused, as entity rows hold scalars.
   */
  public synchronized StagedEntityRows stageEntityRows(
      EntityRows rows, List<ViewPlan> views, Path parquet) {
    turns.ready();
    String table = "__larder_" + ++requests + "_entity";
    try {
      EntityTable entity = EntityTable.load(connection, table, rows, views);
      List<String> select = new ArrayList<>();
      select.add(EntityTable.ROW);
      Map<String, FrameColumn.Kind> kinds = new java.util.LinkedHashMap<>();
      for (ResultColumn c : ResultColumn.of(entity.columns())) {
        kinds.put(c.name(), c.kind());
        String id = Sql.id(c.name());
        select.add(
            switch (c.kind()) {
              case TIMESTAMP -> "CAST(" + id + " AS TIMESTAMPTZ) AS " + id;
              case DOUBLE -> "CAST(" + id + " AS DOUBLE) AS " + id;
              case LIST ->
                  throw new InvalidArgumentException(
                      "entity column "
                          + Echo.of(c.name())
                          + " holds lists, which entity rows cannot hold",
                      "Give entity rows scalar columns only");
              default -> c.select() + " AS " + id;
            });
      }
      Instant from = null;
      Instant to = null;
      String ts = Sql.id(EntityRows.EVENT_TIMESTAMP);
      try (ResultSet rs =
          DuckDbSql.query(
              connection,
              "SELECT epoch_us(min(" + ts + ")), epoch_us(max(" + ts + ")) FROM " + table)) {
        rs.next();
        long lo = rs.getLong(1);
        if (!rs.wasNull()) {
          from = Instant.EPOCH.plus(lo, ChronoUnit.MICROS);
          to = Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS);
        }
      }
      DuckDbSql.execute(
          connection,
          "COPY (SELECT "
              + String.join(", ", select)
              + " FROM "
              + table
              + " ORDER BY "
              + EntityTable.ROW
              + ") TO "
              + Sql.literal(parquet.toAbsolutePath().toString())
              + " (FORMAT parquet)");
      return new StagedEntityRows(
          parquet.toAbsolutePath(), kinds, entity.columns(), entity.rows(), from, to);
    } catch (SQLException e) {
      throw failure("cannot read the entity rows", e);
    } finally {
      try {
        DuckDbSql.execute(
            connection,
            "DROP TABLE IF EXISTS " + table + "; DROP TABLE IF EXISTS " + table + "_text");
      } catch (SQLException e) {
        // a temporary table of this connection, gone when the engine closes
      }
    }
  }

  /**
   * Entity rows as {@link #stageEntityRows} wrote them.
   *
   * @param file the Parquet file
   * @param kinds each input column and what it holds, in input order
   * @param types each input column's type as read, in input order
   * @param rows the number of rows
   * @param from the earliest event time ({@code null} without rows)
   * @param to the latest event time ({@code null} without rows)
   */
  public record StagedEntityRows(
      Path file,
      Map<String, FrameColumn.Kind> kinds,
      Map<String, ColumnType> types,
      long rows,
      Instant from,
      Instant to) {
    public StagedEntityRows {
      kinds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kinds));
      types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
    }
  }

  /**
   * Entity rows as {@link #readEntityRows} read them.
   *
   * @param rows the rows, in Java columns
   * @param types each column's type as read (an INT32 Parquet column stays INT32), in input order
   */
  public record ReadEntityRows(EntityRows.Columns rows, Map<String, ColumnType> types) {
    public ReadEntityRows {
      types = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
    }
  }

  @Override
  public TrainingFrame getHistoricalFeaturesForAllKeys(ViewPlan view, Instant asOf) {
    return DuckDbAllKeysAsOf.run(this, view, asOf);
  }

  @Override
  public synchronized LatestRows pullLatest(LatestRequest request) {
    turns.ready();
    LatestRows rows =
        DuckDbLatestRows.open(
            connection,
            schemas,
            request,
            "__larder_" + ++requests,
            rowCounts,
            statements,
            turns::cursorClosed);
    turns.cursorOpened();
    return rows;
  }

  @Override
  public void checkAppendable(FileSource source) {
    ParquetAppend.check(schemas, source);
  }

  @Override
  public synchronized Path append(FileSource source, PushedRows rows) {
    turns.ready();
    return ParquetAppend.append(connection, schemas, source, rows, "__larder_" + ++requests);
  }

  /** The file source {@code source} reads offline; a Spark source is {@link #refuse refused}. */
  private static FileSource fileSource(DataSource source) {
    if (source.batchSource() instanceof SparkSource spark) {
      throw refuse(spark);
    }
    return (FileSource) source.batchSource();
  }

  /**
   * Why this engine cannot read {@code source}: a Spark table or query needs the Spark engine. The
   * message names the source and what it reads; the hint, the two fixes.
   */
  public static InvalidDefinitionException refuse(SparkSource source) {
    return new InvalidDefinitionException(
        source.label()
            + " reads "
            + (source.isTable()
                ? "the Spark table " + Echo.of(source.table())
                : "a Spark SQL query")
            + ", which the duckdb offline engine cannot read; only the Spark offline engine reads"
            + " Spark sources",
        "Set offline_store: {type: spark, spark_conf: {spark.master: \"local[*]\"}} in"
            + " feature_store.yaml (or spark://host:port for a cluster), or define the source as a"
            + " file source (type: file, path: a Parquet file or directory, or a CSV file)");
  }

  /**
   * A DuckDB failure as a Larder error: bad data (a value that does not convert) is an invalid
   * argument, anything else a backend failure; the cause is kept.
   */
  static LarderException failure(String what, SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String first = message.lines().findFirst().orElse(message);
    if (first.startsWith("Conversion Error") || first.startsWith("Invalid Input Error")) {
      return new InvalidArgumentException(
          what + ": " + first, "Check the values in the data against the declared types", e);
    }
    return new BackendException(what + ": " + first, null, e);
  }

  @Override
  public synchronized void close() {
    if (!turns.close()) {
      return;
    }
    try {
      statements.close();
      schemas.close();
      connection.close();
    } catch (SQLException e) {
      throw new BackendException("cannot close DuckDB: " + e.getMessage(), null, e);
    } finally {
      deleteQuietly(ownedTempDirectory);
    }
  }

  private static void closeQuietly(Connection connection, Exception failure) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** How many sources' row counts are remembered, for tests. */
  int cachedRowCounts() {
    return rowCounts.size();
  }

  private static void deleteQuietly(Path directory) {
    if (directory != null) {
      DuckDbTempDirectory.delete(directory);
    }
  }
}
