package dev.larder.core.offline.duckdb;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.SourceColumnChecks;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.source.SourceSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A view's source rows as a query with fixed column names: {@code __k0…} (join keys in their join
 * type), {@code __ts} and {@code __cr} (event and created time as {@code TIMESTAMPTZ}; {@code __cr}
 * null without the column), {@code __pos} (the row's place in the source: its file's index in name
 * order times {@link #FILE_STRIDE} plus its row number in the file, so unique per row and ordered
 * as the source is) and {@code __v0…} (the requested features cast to their declared types). Rows
 * without an event time are left out.
 *
 * <p>Parquet is read in place (DuckDB's {@code file_index} and {@code file_row_number}); a CSV file
 * is first copied, as text, into a temporary table whose {@code rowid} keeps the file's row order
 * (the caller drops it). A source of partition folders named after the event time ({@code
 * date_partition_column}) reads only the folders that can hold a row within the request's time
 * range: dropping whole files keeps the others' order, so positions still rank rows as the whole
 * source does. {@link #unprunedSelect} reads every file, for the no-match diagnostic.
 */
final class SourceScan {
  /** 2^40: room for a trillion rows per file, and eight million files, in one BIGINT. */
  static final long FILE_STRIDE = 1L << 40;

  private final ViewPlan view;
  private final String from;
  private final String unpruned;
  private final String fileIndex;
  private final String rowNumber;
  private final List<String> keys;
  private final String location;
  private final List<Path> files;

  private SourceScan(
      ViewPlan view,
      String from,
      String unpruned,
      String fileIndex,
      String rowNumber,
      List<String> keys,
      String location,
      List<Path> files) {
    this.view = view;
    this.from = from;
    this.unpruned = unpruned;
    this.fileIndex = fileIndex;
    this.rowNumber = rowNumber;
    this.keys = keys;
    this.location = location;
    this.files = files;
  }

  /**
   * Prepares the scan of {@code view}'s source; a CSV source is copied into {@code tempName}. Files
   * of partition folders whose period lies wholly before {@code earliest} or after {@code latest}
   * (each null for unbounded) are left out.
   */
  static SourceScan open(
      Connection connection,
      SourceSchemas schemas,
      ViewPlan view,
      String tempName,
      Instant earliest,
      Instant latest) {
    FileSource file = fileOf(view);
    SourceSchema schema = schemas.describe(file);
    String location = schema.location();
    try {
      if (file.format() == FileFormat.CSV) {
        DuckDbSql.execute(
            connection,
            "CREATE TEMP TABLE "
                + tempName
                + " AS SELECT * FROM "
                + schemas.scan(
                    file,
                    "all_varchar = true, allow_quoted_nulls = false, delim = ',', quote = '\"',"
                        + " escape = '\"'"));
        Map<String, ColumnType> types = EntityTable.columnTypes(connection, tempName);
        List<String> keys = keys(connection, view, tempName, types, location);
        return new SourceScan(
            view, tempName, tempName, "0::BIGINT", "rowid", keys, location, List.of());
      }
      Map<String, ColumnType> types = new LinkedHashMap<>();
      schema.columns().forEach(c -> types.put(c.name(), c.type()));
      for (String virtual : List.of("file_index", "file_row_number")) {
        if (types.containsKey(virtual)) {
          throw new InvalidDefinitionException(
              location
                  + " ("
                  + file.label()
                  + ") has a column named "
                  + Echo.of(virtual)
                  + ", which hides the row position Larder breaks ties with",
              "Rename that column in the data");
        }
      }
      String scan = schemas.scan(file);
      List<String> keys = keys(connection, view, scan, types, location);
      return new SourceScan(
          view,
          schemas.scan(file, earliest, latest),
          scan,
          "CAST(file_index AS BIGINT)",
          "file_row_number",
          keys,
          location,
          schemas.parquetFiles(file, earliest, latest).stream().map(Path::of).toList());
    } catch (SQLException e) {
      throw DuckDbOfflineEngine.failure("cannot read " + location, e);
    }
  }

  /**
   * The file source {@code view} reads; a Spark source (applied under the Spark engine, read now
   * with DuckDB) is refused naming the fix.
   */
  static FileSource fileOf(ViewPlan view) {
    if (view.source() instanceof SparkSource spark) {
      throw DuckDbOfflineEngine.refuse(spark);
    }
    return (FileSource) view.source();
  }

  private static List<String> keys(
      Connection connection,
      ViewPlan view,
      String table,
      Map<String, ColumnType> types,
      String location) {
    SourceColumnChecks.requireTimesAndFeatures(view, types, location);
    List<String> keys = new ArrayList<>();
    for (JoinKey key : view.joinKeys()) {
      SourceColumnChecks.requireJoinKey(view, types, key, location);
      keys.add(
          DuckDbKeyCoercion.convert(
              connection,
              table,
              Sql.id(key.sourceColumn()),
              types.get(key.sourceColumn()),
              key,
              view.label(),
              "source column " + Echo.of(key.sourceColumn()) + " of " + location));
    }
    return keys;
  }

  ViewPlan view() {
    return view;
  }

  /** Where the source's data lies. */
  String location() {
    return location;
  }

  /**
   * The Parquet files read, in the order of their index in {@code __pos} ({@link #FILE_STRIDE});
   * empty for a CSV source and a directory read by a glob.
   */
  List<Path> files() {
    return files;
  }

  /** The number of join keys. */
  int keyCount() {
    return keys.size();
  }

  /**
   * A source's row count and the state of its files it was counted in ({@link #cacheKey()}).
   *
   * @param state the scan and the files' names, sizes and modification times
   * @param rows the rows counted
   */
  record Counted(String state, long rows) {}

  /**
   * The number of rows in the source. Parquet counts come from file metadata and are remembered in
   * {@code cache}, the latest per location, with the files' names, sizes and modification times, so
   * a changed file is counted again. Only the latest is kept: a push source's directory gains a
   * file with every push, and a count per state (each key listing every file) grew the engine's
   * memory with the square of the pushes.
   */
  long rowCount(Connection connection, Map<String, Counted> cache) throws SQLException {
    String state = cacheKey();
    Counted known = cache.get(location);
    if (known != null && known.state().equals(state)) {
      return known.rows();
    }
    long rows;
    try (ResultSet rs = DuckDbSql.query(connection, "SELECT count(*) FROM " + from)) {
      rs.next();
      rows = rs.getLong(1);
    }
    if (fileOf(view).format() != FileFormat.CSV) {
      cache.put(location, new Counted(state, rows));
    }
    return rows;
  }

  private String fingerprint() {
    StringBuilder out = new StringBuilder();
    Path path = Path.of(location);
    try (Stream<Path> files =
        Files.isDirectory(path)
            ? Files.walk(path).filter(Files::isRegularFile).sorted()
            : Stream.of(path)) {
      for (Path f : files.toList()) {
        out.append('|')
            .append(f)
            .append(':')
            .append(Files.size(f))
            .append(':')
            .append(Files.getLastModifiedTime(f).toMillis());
      }
    } catch (IOException e) {
      out.append("|unreadable:").append(System.nanoTime());
    }
    return out.toString();
  }

  /**
   * {@link #select} with both bounds as parameters: first the latest event time, then the earliest,
   * each in microseconds since the epoch ({@link Sql#micros}).
   */
  String parameterizedSelect() {
    return select("make_timestamptz(CAST(? AS BIGINT))", "make_timestamptz(CAST(? AS BIGINT))");
  }

  /** Whether the rows were copied into a temporary table (CSV sources), dropped after the query. */
  boolean temporary() {
    return fileOf(view).format() == FileFormat.CSV;
  }

  /**
   * What identifies the rows a query of this scan reads: the scan and the files' names, sizes and
   * modification times.
   */
  String cacheKey() {
    return from + fingerprint();
  }

  /**
   * The rows as a query; rows with an event time after {@code latest} or before {@code earliest}
   * (either may be {@code null}) are left out, which only prunes rows no entity row can use.
   */
  String select(Instant earliest, Instant latest) {
    return select(
        earliest == null ? null : Sql.timestamp(earliest),
        latest == null ? null : Sql.timestamp(latest));
  }

  /**
   * The rows as {@link #select} gives them but without features: the narrow columns a pick is
   * decided on ({@code __k…}, {@code __ts}, {@code __cr}, {@code __pos}), so no feature column is
   * read.
   */
  String narrowSelect(Instant earliest, Instant latest, List<String> keyBounds) {
    String rows =
        select(
            earliest == null ? null : Sql.timestamp(earliest),
            latest == null ? null : Sql.timestamp(latest),
            keyBounds);
    if (view.features().isEmpty()) {
      return rows;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < view.features().size(); i++) {
      values.add("__v" + i);
    }
    return "SELECT * EXCLUDE (" + String.join(", ", values) + ") FROM (" + rows + ")";
  }

  /**
   * Each row's {@code __pos} and features ({@code __v…}), unfiltered: what a pick's positions
   * fetch. Only these columns are read.
   */
  String fetchSelect() {
    List<String> out = new ArrayList<>();
    out.add(position() + " AS __pos");
    List<RequestedFeature> features = view.features();
    for (int i = 0; i < features.size(); i++) {
      RequestedFeature f = features.get(i);
      out.add("CAST(" + Sql.id(f.sourceColumn()) + " AS " + sqlType(f.dtype()) + ") AS __v" + i);
    }
    return "SELECT " + String.join(", ", out) + " FROM " + from;
  }

  private String position() {
    return fileIndex + " * " + FILE_STRIDE + " + CAST(" + rowNumber + " AS BIGINT)";
  }

  private String select(String earliest, String latest) {
    return select(earliest, latest, List.of());
  }

  /** Every row of the source as {@link #select} gives them, no partition folder left out. */
  String unprunedSelect() {
    return new SourceScan(view, unpruned, unpruned, fileIndex, rowNumber, keys, location, files)
        .select((Instant) null, (Instant) null);
  }

  private String select(String earliest, String latest, List<String> conditions) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(keys.get(i) + " AS __k" + i);
    }
    out.add("CAST(" + Sql.id(view.timestampColumn()) + " AS TIMESTAMPTZ) AS __ts");
    out.add(
        view.createdColumn()
                .map(c -> "CAST(" + Sql.id(c) + " AS TIMESTAMPTZ)")
                .orElse("CAST(NULL AS TIMESTAMPTZ)")
            + " AS __cr");
    out.add(position() + " AS __pos");
    List<RequestedFeature> features = view.features();
    for (int i = 0; i < features.size(); i++) {
      RequestedFeature f = features.get(i);
      out.add("CAST(" + Sql.id(f.sourceColumn()) + " AS " + sqlType(f.dtype()) + ") AS __v" + i);
    }
    StringBuilder where = new StringBuilder("__ts IS NOT NULL");
    if (latest != null) {
      where.append(" AND __ts <= ").append(latest);
    }
    if (earliest != null) {
      where.append(" AND __ts >= ").append(earliest);
    }
    conditions.forEach(c -> where.append(" AND ").append(c));
    return "SELECT * FROM (SELECT " + String.join(", ", out) + " FROM " + from + ") WHERE " + where;
  }

  /** The SQL type a feature of {@code dtype} has in results. */
  static String sqlType(FeatureType dtype) {
    return DuckDbTypes.sqlType(ColumnType.of(dtype));
  }
}
