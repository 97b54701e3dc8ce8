package dev.larder.cli;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.NotFoundException;
import dev.larder.core.Plural;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code larder get-historical-features}: point-in-time retrieval (DESIGN B2, B5) into a file, or
 * as JSON on stdout; entity rows from a file, a query, or (neither) every key with rows in a time
 * range.
 */
@Command(
    name = "get-historical-features",
    header = "Join features to entity rows, point in time.",
    mixinStandardHelpOptions = true,
    description =
        "Join features to entity rows as of each row's event_timestamp (point in time): one"
            + " output row per entity row, in input order, written to a .csv or .parquet file"
            + " (--output) or printed as JSON. The entity rows come from a file (--entity-df),"
            + " from a query in the offline engine's SQL (--entity-sql), or, without either,"
            + " from the data: every key with rows between --start-date and --end-date, at the"
            + " end date (Feast's retrieval without an entity dataframe).")
final class GetHistoricalFeaturesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Entities entities;

  static final class Entities {
    @Option(
        names = "--entity-df",
        paramLabel = "FILE",
        description = "Entity rows: .csv or .parquet with join keys and event_timestamp.")
    Path entityDf;

    @Option(
        names = "--entity-sql",
        paramLabel = "SQL",
        description =
            "Entity rows: one SELECT in the offline engine's SQL returning the join keys and"
                + " event_timestamp, e.g. \"SELECT sample_index, event_timestamp FROM"
                + " read_parquet('e.parquet') ORDER BY event_timestamp\" (DuckDB; relative paths"
                + " start from the working directory). Rows keep its ORDER BY; without one their"
                + " order is unspecified (a warning says so).")
    String entitySql;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(
        names = "--features",
        split = ",",
        paramLabel = "VIEW:FEATURE",
        description = "Feature references, comma-separated.")
    List<String> features;

    @Option(names = "--feature-service", paramLabel = "NAME", description = "A feature service.")
    String service;
  }

  @Option(names = "--full-feature-names", description = "Name features view__feature.")
  boolean fullFeatureNames;

  @Option(
      names = "--filter-by-created-timestamp",
      description = "Only rows created by the entity row's time count.")
  boolean filterByCreatedTimestamp;

  @Option(
      names = "--start-date",
      paramLabel = "TIME",
      description =
          "Without entity rows: the earliest event time of the keys to list (inclusive; default:"
              + " the end date minus the greatest ttl of the requested views, or 30 days).")
  String startDate;

  @Option(
      names = "--end-date",
      paramLabel = "TIME",
      description =
          "Without entity rows: the latest event time of the keys to list (inclusive) and the"
              + " time every row is joined at (default: now).")
  String endDate;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Result file: .csv or .parquet. Without it, the result is printed to stdout as one"
              + " JSON array of row objects.")
  Path output;

  @Override
  public Integer call() throws IOException {
    CliContext context = LarderCommand.root(spec).context();
    EntityRows rows = entityRows(context);
    FeatureSelection what =
        selection.service != null
            ? FeatureSelection.service(selection.service)
            : FeatureSelection.of(selection.features);
    RetrievalOptions options = new RetrievalOptions(fullFeatureNames, filterByCreatedTimestamp);
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      if (output == null) {
        TrainingFrame frame = store.getHistoricalFeatures(rows, what, options);
        frame.summary().warnings().forEach(context::warn);
        warnIfNoKey(context, rows, frame.rowCount());
        FrameJson.write(frame, context.out());
        return ExitCodes.OK;
      }
      RetrievalSummary summary =
          store.writeHistoricalFeatures(rows, what, options, context.resolve(output));
      summary.warnings().forEach(context::warn);
      warnIfNoKey(context, rows, summary.rows());
      context.out().printf("Wrote %s to %s%n", Plural.of(summary.rows(), "row"), output);
    }
    return ExitCodes.OK;
  }

  /** Without entity rows, an empty result means no key has rows in the range: say which range. */
  private void warnIfNoKey(CliContext context, EntityRows rows, long count) {
    if (count > 0 || !(rows instanceof EntityRows.TimeRange)) {
      return;
    }
    context.warn(
        "no key of the requested views has rows from "
            + (startDate == null
                ? "the end date minus the greatest ttl of the views (30 days without one)"
                : startDate)
            + " to "
            + (endDate == null ? "now" : endDate)
            + "; give --start-date and --end-date around the data's event times");
  }

  /**
   * The rows of --entity-df or --entity-sql, whose relative paths start from the working dir; or,
   * without either, the keys with rows between --start-date and --end-date.
   */
  private EntityRows entityRows(CliContext context) {
    if (entities == null) {
      Instant start =
          startDate == null
              ? null
              : OptionValues.parse(spec, () -> IsoTimes.parse("--start-date", startDate));
      Instant end =
          endDate == null
              ? null
              : OptionValues.parse(spec, () -> IsoTimes.parse("--end-date", endDate));
      return OptionValues.parse(spec, () -> EntityRows.timeRange(start, end));
    }
    if (startDate != null || endDate != null) {
      throw new ParameterException(
          spec.commandLine(),
          (startDate != null ? "--start-date" : "--end-date")
              + " cannot be combined with "
              + (entities.entitySql != null ? "--entity-sql" : "--entity-df")
              + ": the dates choose the keys when there are no entity rows; give either entity"
              + " rows or a date range");
    }
    if (entities.entitySql != null) {
      return OptionValues.parse(
          spec, () -> EntityRows.query(entities.entitySql, context.workDir()));
    }
    Path file = context.resolve(entities.entityDf);
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException(
          "entity dataframe not found: " + file,
          "Pass a .csv or .parquet file with the join keys and event_timestamp to --entity-df, or"
              + " a query to --entity-sql");
    }
    return OptionValues.parse(spec, () -> EntityRows.file(file));
  }
}
