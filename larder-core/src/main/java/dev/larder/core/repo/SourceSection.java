package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.DatePartition;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Names;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.SparkSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sources} of every definitions file. They are kept in order until all files are read,
 * because a push source may name a file or spark source ({@code batch_source: my_file_source}) that
 * a later file defines; {@link #addTo} then resolves those names and adds every source.
 */
final class SourceSection {
  private static final List<String> FILE_KEYS =
      List.of(
          "name",
          "type",
          "path",
          "file_format",
          "timestamp_field",
          "created_timestamp_column",
          "field_mapping",
          "date_partition_column",
          "date_partition_column_format");
  private static final List<String> SPARK_KEYS =
      List.of(
          "name",
          "type",
          "table",
          "query",
          "timestamp_field",
          "created_timestamp_column",
          "field_mapping");
  private static final List<String> PUSH_KEYS = List.of("name", "type", "batch_source");
  private static final String TYPES =
      "type: file (a Parquet or CSV file), type: spark (a Spark table or query, read by the Spark"
          + " offline engine) or type: push";

  /** A source as read: complete, or a push source whose batch source is still a name. */
  private record Entry(YamlObject o, DataSource source, String batchSourceName) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, DataSource> byName = new LinkedHashMap<>();

  /** Reads one item of a {@code sources} list. */
  void read(YamlObject o) {
    String type = o.text("type", "add " + TYPES);
    String name = o.optionalText("name");
    switch (type) {
      case "file" -> {
        YamlObject file = o.named("file source " + Echo.of(name));
        add(new Entry(file, fileSource(file), null));
      }
      case "spark" -> {
        YamlObject spark = o.named("spark source " + Echo.of(name));
        add(new Entry(spark, sparkSource(spark), null));
      }
      case "push" -> readPush(o.named("push source " + Echo.of(name)));
      default ->
          throw o.error(
              "type",
              "type "
                  + Echo.of(type)
                  + " is not a source type"
                  + DidYouMean.sentenceEnd(type, List.of("file", "spark", "push"))
                  + " Use "
                  + TYPES);
    }
  }

  private void readPush(YamlObject push) {
    push.allow(PUSH_KEYS);
    YamlNode batch = push.node("batch_source");
    if (batch.isAbsent()) {
      throw push.error(
          "'batch_source' is missing; name the file (or spark) source that holds its rows"
              + " offline, e.g. batch_source: my_file_source");
    }
    if (batch.isScalar()) {
      add(new Entry(push, null, batch.scalar()));
      return;
    }
    YamlObject inline =
        YamlObject.of(batch, push.label() + ": batch_source", "{name: s, type: file, path: x}");
    String inlineName = inline.text("name", "give it a name, e.g. name: my_file_source");
    inline = inline.named(push.label() + ": batch_source " + Echo.of(inlineName));
    String inlineType = inline.optionalText("type");
    if (inlineType != null && !inlineType.equals("file") && !inlineType.equals("spark")) {
      throw inline.error(
          "type",
          "a push source's batch_source must be a file source (type: file) or a spark source"
              + " (type: spark), not type: "
              + inlineType);
    }
    BatchSource inlineBatch =
        "spark".equals(inlineType) ? sparkSource(inline) : (BatchSource) fileSource(inline);
    add(new Entry(push, pushSource(push, inlineBatch), null));
  }

  private void add(Entry entry) {
    entries.add(entry);
    if (entry.source() != null) {
      byName.putIfAbsent(entry.source().name(), entry.source());
    } else {
      byName.putIfAbsent(entry.o().optionalText("name"), null);
    }
  }

  /** Resolves named batch sources and adds every source to {@code builder}, in file order. */
  void addTo(RepoDefinitions.Builder builder) {
    for (Entry entry : entries) {
      DataSource source =
          entry.source() != null ? entry.source() : resolve(entry.o(), entry.batchSourceName());
      builder.add(source, entry.o().where());
    }
  }

  private PushSource resolve(YamlObject push, String batchName) {
    if (!byName.containsKey(batchName)) {
      List<String> names = new ArrayList<>(byName.keySet());
      throw push.error(
          "batch_source",
          "batch_source "
              + Echo.of(batchName)
              + " is not a defined source"
              + DidYouMean.sentenceEnd(batchName, names)
              + " Define it under sources: with type: file or type: spark (defined sources: "
              + Names.listing(names)
              + ")");
    }
    if (!(byName.get(batchName) instanceof BatchSource batch)) {
      throw push.error(
          "batch_source",
          "batch_source "
              + Echo.of(batchName)
              + " is a push source; a push source's batch_source must be a file source"
              + " (type: file) or a spark source (type: spark)");
    }
    return pushSource(push, batch);
  }

  private static PushSource pushSource(YamlObject o, BatchSource batch) {
    return o.build(() -> new PushSource(o.optionalText("name"), batch));
  }

  private static SparkSource sparkSource(YamlObject o) {
    for (String fileKey : List.of("path", "file_format")) {
      if (o.has(fileKey)) {
        throw o.error(
            fileKey,
            "a spark source reads a table (table: db.events) or a query (query: \"SELECT …\"), not"
                + " "
                + fileKey
                + "; for Parquet or CSV files write type: file with path:, which the Spark engine"
                + " reads too (file://, hdfs://, s3a:// paths)");
      }
    }
    o.allow(SPARK_KEYS);
    if (o.has("table") == o.has("query")) {
      throw o.error(
          o.has("table")
              ? "give either 'table' or 'query', not both; a query can read the table itself"
              : "give 'table' (a table of the Spark catalog, e.g. table: db.events) or 'query' (a"
                  + " Spark SQL query, e.g. query: \"SELECT * FROM db.events\")");
    }
    String table = o.has("table") ? o.text("table", "name the table, e.g. table: db.events") : null;
    String query =
        o.has("query") ? o.text("query", "give the query, e.g. query: \"SELECT …\"") : null;
    String timestamp =
        o.text(
            "timestamp_field", "name the event-time column, e.g. timestamp_field: event_timestamp");
    String created = o.optionalText("created_timestamp_column");
    Map<String, String> mapping = o.textMap("field_mapping", "{source_column: feature_name}");
    return o.build(
        () -> new SparkSource(o.optionalText("name"), table, query, timestamp, created, mapping));
  }

  private static FileSource fileSource(YamlObject o) {
    o.allow(FILE_KEYS);
    String path =
        o.text(
            "path",
            "give a .parquet file, a directory of .parquet files or a .csv file, relative to the"
                + " repository, e.g. path: data/my_data.parquet");
    String timestamp =
        o.text(
            "timestamp_field", "name the event-time column, e.g. timestamp_field: event_timestamp");
    fileFormat(o, path);
    String created = o.optionalText("created_timestamp_column");
    Map<String, String> mapping = o.textMap("field_mapping", "{source_column: feature_name}");
    String partitionColumn = o.optionalText("date_partition_column");
    String partitionFormat = o.optionalText("date_partition_column_format");
    return o.build(
        () -> {
          if (partitionColumn == null && partitionFormat != null) {
            throw new InvalidDefinitionException(
                "date_partition_column_format is given without date_partition_column",
                "Name the partition folders' column too, e.g. date_partition_column: date");
          }
          DatePartition partition =
              partitionColumn == null ? null : new DatePartition(partitionColumn, partitionFormat);
          return new FileSource(
              o.optionalText("name"),
              path,
              FileFormat.ofPath(path),
              timestamp,
              created,
              mapping,
              partition);
        });
  }

  /**
   * Feast's {@code file_format} of a file source: {@code parquet} is accepted where the path is
   * Parquet (the format follows the path, so it changes nothing); anything else is an error.
   */
  private static void fileFormat(YamlObject o, String path) {
    String format = o.optionalText("file_format");
    if (format == null) {
      return;
    }
    if (!format.equalsIgnoreCase("parquet")) {
      throw o.error(
          "file_format",
          "file_format "
              + Echo.of(format)
              + " is not supported; Larder's file sources are Parquet (write file_format:"
              + " parquet, or leave it out) or, for a path ending in .csv, CSV (leave file_format"
              + " out)");
    }
    if (FileFormat.ofPath(path) != FileFormat.PARQUET) {
      throw o.error(
          "file_format",
          "file_format: parquet does not match path "
              + Echo.of(path)
              + ", a CSV file; leave file_format out for a CSV file, or point path at a Parquet"
              + " file or directory");
    }
  }
}
