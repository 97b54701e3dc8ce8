package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.SparkSource;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A file source read by Spark: a Parquet file, a directory of Parquet files or a CSV file, at a
 * path relative to the repository (read as a {@code file:} URI) or at any URI the cluster can read
 * ({@code hdfs://…}, {@code s3a://…}). Its rows carry their place in the source, for B5.3's last
 * tie-break: {@link #FILE} (the file's name; a directory's files are read in byte-wise order of
 * their names) and {@link #ROW} (the row's number in its file).
 *
 * <p>Parquet files are listed on the driver (the {@code .parquet} files directly in a directory, as
 * the DuckDB engine reads them) and their rows numbered by Spark's {@code _metadata.row_index}. A
 * CSV file is read as text ({@code multiLine}, so one task reads the whole file in order and {@code
 * monotonically_increasing_id} numbers its rows in file order); an empty field is null, a quoted
 * empty field the empty string.
 *
 * @param location how messages name the data: the local path, or the URI
 * @param uri the data's URI
 * @param rows the rows with their columns, then {@link #FILE} and {@link #ROW}
 * @param types the data's columns and their Spark types, in file order
 */
record SourceRows(
    BatchSource source,
    String location,
    String uri,
    Dataset<Row> rows,
    Map<String, DataType> types) {
  static final String FILE = "__larder_file";
  static final String ROW = "__larder_rowi";

  /** What the CSV parser gives for an unquoted empty field, which Spark then reads as null. */
  private static final String UNQUOTED_EMPTY = "\u0000larder:null\u0000";

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** Whether {@code path} is a URI ({@code hdfs://…}) rather than a local path. */
  static boolean isUri(String path) {
    return SCHEME.matcher(path).matches();
  }

  /** The local path of {@code source}, resolved against {@code repo}, or null for a URI. */
  static Path localPath(Path repo, FileSource source) {
    if (isUri(source.path())) {
      return null;
    }
    return repo.toAbsolutePath().resolve(source.path()).normalize();
  }

  /** The rows of {@code source}: its files, or its Spark table or query. */
  static SourceRows read(SparkSession spark, Path repo, BatchSource source) {
    if (source instanceof SparkSource table) {
      return catalog(spark, table);
    }
    return files(spark, repo, (FileSource) source);
  }

  /**
   * The rows of a Spark table or query. They have no file order, so the last tie-break (DESIGN B9)
   * compares the rows' values column by column in schema order: {@link #ROW} is the struct of every
   * column Spark can order (all but maps and the like).
   */
  private static SourceRows catalog(SparkSession spark, SparkSource source) {
    String location =
        source.isTable() ? "Spark table " + source.table() : "the Spark query of " + source.label();
    try {
      Dataset<Row> rows;
      if (source.isTable()) {
        List<String> quoted = source.tableParts().stream().map(SparkKeys::quoted).toList();
        rows = spark.table(String.join(".", quoted));
      } else {
        rows = spark.sql(source.query());
      }
      Map<String, DataType> types = types(rows);
      for (String reserved : List.of(FILE, ROW)) {
        if (types.containsKey(reserved)) {
          throw new InvalidDefinitionException(
              location
                  + " ("
                  + source.label()
                  + ") has a column named "
                  + Echo.of(reserved)
                  + "; names starting __larder are reserved",
              "Rename that column");
        }
      }
      List<Column> orderable = new ArrayList<>();
      for (Map.Entry<String, DataType> t : types.entrySet()) {
        if (org.apache.spark.sql.catalyst.expressions.RowOrdering.isOrderable(t.getValue())) {
          orderable.add(col(SparkKeys.quoted(t.getKey())));
        }
      }
      rows =
          rows.withColumn(FILE, lit(""))
              .withColumn(
                  ROW, orderable.isEmpty() ? lit(0L) : struct(orderable.toArray(Column[]::new)));
      return new SourceRows(source, location, source.isTable() ? source.table() : "", rows, types);
    } catch (RuntimeException e) {
      if (e instanceof dev.larder.core.LarderException l) {
        throw l;
      }
      throw new InvalidDefinitionException(
          "cannot read " + location + " (" + source.label() + "): " + SparkFailures.firstLine(e),
          source.isTable()
              ? "Check that the table exists in the Spark catalog (spark.sql.catalog.* and"
                  + " spark.sql.warehouse.dir in offline_store.spark_conf), or fix table:"
              : "Fix the query: it must be one Spark SQL query over tables Spark can read",
          e);
    }
  }

  private static SourceRows files(SparkSession spark, Path repo, FileSource source) {
    Path local = localPath(repo, source);
    String uri = local == null ? source.path() : local.toUri().toString();
    String location = local == null ? source.path() : local.toString();
    String where =
        " (path "
            + Echo.of(source.path())
            + " of "
            + source.label()
            + (local == null ? "" : ", relative to the repository " + repo.toAbsolutePath())
            + ")";
    try {
      FileSystem fs = FileSystem.get(URI.create(uri), spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      FileStatus status;
      try {
        status = fs.getFileStatus(path);
      } catch (FileNotFoundException e) {
        throw notFound(source, location, where, e);
      }
      Dataset<Row> rows;
      if (source.format() == FileFormat.CSV) {
        if (status.isDirectory()) {
          throw new InvalidDefinitionException(
              location + " is a directory" + where + "; a CSV source is one .csv file");
        }
        List<String> header = CsvHeader.read(fs, path, location);
        List<StructField> fields = new ArrayList<>();
        for (String name : header) {
          fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        }
        // the header is read here, so Spark runs no job to find it
        rows =
            spark
                .read()
                .schema(DataTypes.createStructType(fields))
                .option("header", "true")
                .option("multiLine", "true")
                .option("quote", "\"")
                .option("escape", "\"")
                .option("mode", "FAILFAST")
                // an unquoted empty field is null, a quoted one ("") the empty string, as in
                // DuckDB: the parser gives nullValue for the first and emptyValue for the second
                .option("nullValue", UNQUOTED_EMPTY)
                .option("emptyValue", "")
                .csv(uri);
        Map<String, DataType> types = types(rows);
        rows = rows.withColumn(FILE, lit("")).withColumn(ROW, monotonically_increasing_id());
        return new SourceRows(source, location, uri, rows, types);
      }
      List<String> files = new ArrayList<>();
      if (status.isDirectory()) {
        List<FileStatus> listed = new ArrayList<>();
        for (FileStatus f : fs.listStatus(path)) {
          String name = f.getPath().getName();
          if (f.isFile() && name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            listed.add(f);
          }
        }
        listed.sort(Comparator.comparing(f -> f.getPath().getName()));
        listed.forEach(f -> files.add(f.getPath().toString()));
        if (files.isEmpty()) {
          throw new NotFoundException(
              "Parquet directory " + location + " has no .parquet files" + where,
              "Put .parquet files in it (e.g. 'larder data export --out "
                  + location
                  + "/part-0.parquet'), or fix the path");
        }
      } else {
        files.add(status.getPath().toString());
      }
      rows = spark.read().parquet(files.toArray(String[]::new));
      Map<String, DataType> types = types(rows);
      for (String reserved : List.of(FILE, ROW)) {
        if (types.containsKey(reserved)) {
          throw new InvalidDefinitionException(
              location
                  + " ("
                  + source.label()
                  + ") has a column named "
                  + Echo.of(reserved)
                  + "; names starting __larder are reserved",
              "Rename that column in the data");
        }
      }
      rows =
          rows.withColumn(FILE, col("_metadata.file_name"))
              .withColumn(ROW, col("_metadata.row_index"));
      return new SourceRows(source, location, uri, rows, types);
    } catch (IOException e) {
      throw new BackendException(
          "cannot read " + location + where + ": " + e.getMessage(),
          "Check that the path exists and that this machine and the Spark executors may read it",
          e);
    } catch (RuntimeException e) {
      throw SparkFailures.translate("cannot read " + location + where, e);
    }
  }

  private static Map<String, DataType> types(Dataset<Row> rows) {
    Map<String, DataType> types = new LinkedHashMap<>();
    for (StructField f : rows.schema().fields()) {
      types.put(f.name(), f.dataType());
    }
    return types;
  }

  private static NotFoundException notFound(
      FileSource source, String location, String where, Exception cause) {
    if (source.format() == FileFormat.CSV) {
      return new NotFoundException(
          "CSV file not found: " + location + where,
          "Write the file there (a header row, then one row per event), or fix the path",
          cause);
    }
    boolean file = location.toLowerCase(Locale.ROOT).endsWith(".parquet");
    return file
        ? new NotFoundException(
            "Parquet file not found: " + location + where,
            "Create it with 'larder data export --out " + location + "', or fix the path",
            cause)
        : new NotFoundException(
            "Parquet directory not found: " + location + where,
            "Create the directory and put .parquet files in it, or fix the path",
            cause);
  }
}
