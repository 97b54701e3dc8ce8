package dev.larder.cli.feast;

import dev.larder.cli.feast.proto.DataSource;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import java.util.Locale;

/**
 * Turns Feast's data sources into Larder's: file sources, push sources (over a file or Spark batch
 * source) and Spark tables or queries. Every other kind is refused with the reason, which the
 * import report shows.
 */
final class FeastSources {
  /** Why a source cannot be carried over. */
  static final class NotCarried extends Exception {
    private static final long serialVersionUID = 1L;

    NotCarried(String reason) {
      super(reason);
    }
  }

  private final ImportReport report;

  FeastSources(ImportReport report) {
    this.report = report;
  }

  /** The Larder source of {@code source}. */
  dev.larder.core.model.DataSource convert(DataSource source) throws NotCarried {
    dev.larder.core.model.DataSource converted = convertKind(source);
    if (!source.getDescription().isEmpty()
        || source.getTagsCount() > 0
        || !source.getOwner().isEmpty()) {
      report.note(
          "data source "
              + Echo.of(source.getName())
              + ": its description, tags and owner are not carried over (Larder's sources have"
              + " none)");
    }
    return converted;
  }

  private dev.larder.core.model.DataSource convertKind(DataSource source) throws NotCarried {
    if (source.getType() == DataSource.SourceType.PUSH_SOURCE) {
      if (!source.hasBatchSource()) {
        throw new NotCarried("it has no batch source to hold its rows offline");
      }
      BatchSource batch;
      try {
        batch = batch(source.getBatchSource());
      } catch (NotCarried e) {
        throw new NotCarried(
            "its batch source "
                + Echo.of(source.getBatchSource().getName())
                + " cannot be carried over: "
                + e.getMessage());
      }
      return build(() -> new PushSource(source.getName(), batch));
    }
    return batch(source);
  }

  /** The Larder batch source (file or Spark) of {@code source}. */
  BatchSource batch(DataSource source) throws NotCarried {
    String created = blankToNull(source.getCreatedTimestampColumn());
    if (source.getTimestampField().isEmpty()
        && (source.hasFileOptions() || source.hasSparkOptions())) {
      throw new NotCarried(
          "it has no timestamp_field (Feast infers one at apply time; this registry holds none)");
    }
    if (!source.getDatePartitionColumn().isEmpty()) {
      report.note(
          "data source "
              + Echo.of(source.getName())
              + ": date_partition_column "
              + Echo.of(source.getDatePartitionColumn())
              + " is not carried over; Larder reads the whole source and needs no partition"
              + " column");
    }
    switch (source.getOptionsCase()) {
      case FILE_OPTIONS -> {
        DataSource.FileOptions file = source.getFileOptions();
        if (file.getFileFormat().hasDeltaFormat()) {
          throw new NotCarried(
              "it is a Delta table; Larder's file sources read Parquet or CSV files (convert"
                  + " the table to Parquet, or write a Spark source)");
        }
        if (!file.getS3EndpointOverride().isEmpty()) {
          report.note(
              "data source "
                  + Echo.of(source.getName())
                  + ": s3_endpoint_override "
                  + Echo.of(file.getS3EndpointOverride())
                  + " is not carried over; the path is kept as Feast stored it");
        }
        if (file.getUri().isEmpty()) {
          throw new NotCarried("it has no path");
        }
        return build(
            () ->
                new FileSource(
                    source.getName(),
                    file.getUri(),
                    source.getTimestampField(),
                    created,
                    source.getFieldMappingMap()));
      }
      case SPARK_OPTIONS -> {
        DataSource.SparkOptions spark = source.getSparkOptions();
        if (!spark.getTable().isEmpty() || !spark.getQuery().isEmpty()) {
          return build(
              () ->
                  new SparkSource(
                      source.getName(),
                      blankToNull(spark.getTable()),
                      blankToNull(spark.getQuery()),
                      source.getTimestampField(),
                      created,
                      source.getFieldMappingMap()));
        }
        String format = spark.getFileFormat().toLowerCase(Locale.ROOT);
        if (!spark.getPath().isEmpty() && (format.equals("parquet") || format.equals("csv"))) {
          return build(
              () ->
                  new FileSource(
                      source.getName(),
                      spark.getPath(),
                      source.getTimestampField(),
                      created,
                      source.getFieldMappingMap()));
        }
        throw new NotCarried(
            "it is a Spark source reading "
                + (spark.getPath().isEmpty() ? "nothing Larder names" : Echo.of(spark.getPath()))
                + (format.isEmpty() ? "" : " as " + format)
                + "; Larder's Spark sources read a table or a query, and its file sources Parquet"
                + " or CSV");
      }
      default -> throw new NotCarried(unsupported(source));
    }
  }

  /** Why a source of a kind Larder has no counterpart for is not carried over. */
  private static String unsupported(DataSource source) {
    String warehouse =
        "; Larder reads Parquet or CSV files and Spark tables: export the data to"
            + " Parquet and define a file source over it";
    return switch (source.getOptionsCase()) {
      case BIGQUERY_OPTIONS ->
          "it is a BigQuery source" + reads(source.getBigqueryOptions()) + warehouse;
      case SNOWFLAKE_OPTIONS ->
          "it is a Snowflake source" + reads(source.getSnowflakeOptions()) + warehouse;
      case REDSHIFT_OPTIONS ->
          "it is a Redshift source" + reads(source.getRedshiftOptions()) + warehouse;
      case TRINO_OPTIONS -> "it is a Trino source" + reads(source.getTrinoOptions()) + warehouse;
      case ATHENA_OPTIONS ->
          "it is an Athena source" + reads(source.getAthenaOptions()) + warehouse;
      case KAFKA_OPTIONS ->
          "it is a Kafka stream (topic "
              + Echo.of(source.getKafkaOptions().getTopic())
              + "); Larder takes fresh rows through push sources (POST /push)";
      case KINESIS_OPTIONS ->
          "it is a Kinesis stream (stream "
              + Echo.of(source.getKinesisOptions().getStreamName())
              + "); Larder takes fresh rows through push sources (POST /push)";
      case REQUEST_DATA_OPTIONS ->
          "it is a request source, which only on-demand feature views"
              + " read; Larder has no on-demand feature views";
      case CUSTOM_OPTIONS ->
          "it is a custom source"
              + (source.getDataSourceClassType().isEmpty()
                  ? ""
                  : " (" + source.getDataSourceClassType() + ")")
              + warehouse;
      default ->
          "its kind (" + source.getType().name() + ") has no counterpart in Larder" + warehouse;
    };
  }

  private static String reads(DataSource.TableOrQuery options) {
    if (!options.getTable().isEmpty()) {
      return " (table " + Echo.of(options.getTable()) + ")";
    }
    if (!options.getQuery().isEmpty()) {
      return " (a query)";
    }
    return "";
  }

  /** Builds a Larder definition; its own validation failing means it is not carried over. */
  static <T> T build(Definition<T> definition) throws NotCarried {
    try {
      return definition.make();
    } catch (InvalidDefinitionException e) {
      throw new NotCarried(e.getMessage());
    }
  }

  /** Makes a Larder definition, whose constructor validates it. */
  @FunctionalInterface
  interface Definition<T> {
    T make();
  }

  static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
