package dev.larder.cli;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.NotFoundException;
import dev.larder.core.Plural;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.RetrievalSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder get-historical-features}: point-in-time retrieval into a file (DESIGN B2, B5). */
@Command(
    name = "get-historical-features",
    header = "Join features to entity rows, point in time.",
    mixinStandardHelpOptions = true,
    description =
        "Join features to entity rows as of each row's event_timestamp (point in time) and"
            + " write one output row per entity row, in input order, to a .csv or .parquet file."
            + " The entity rows come from a file (--entity-df) or from a query in the offline"
            + " engine's SQL (--entity-sql).")
final class GetHistoricalFeaturesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
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
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Result file: .csv or .parquet.")
  Path output;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    EntityRows rows = entityRows(context);
    FeatureSelection what =
        selection.service != null
            ? FeatureSelection.service(selection.service)
            : FeatureSelection.of(selection.features);
    try (FeatureStore store = RepoCommands.openStore(spec)) {
      RetrievalSummary summary =
          store.writeHistoricalFeatures(
              rows,
              what,
              new RetrievalOptions(fullFeatureNames, filterByCreatedTimestamp),
              context.resolve(output));
      summary.warnings().forEach(context::warn);
      context.out().printf("Wrote %s to %s%n", Plural.of(summary.rows(), "row"), output);
    }
    return ExitCodes.OK;
  }

  /** The rows of --entity-df or --entity-sql, whose relative paths start from the working dir. */
  private EntityRows entityRows(CliContext context) {
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
