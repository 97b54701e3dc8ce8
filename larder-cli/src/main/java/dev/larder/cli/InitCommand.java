package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.Plural;
import dev.larder.ml.data.ExportResult;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.ml.featurestore.DriverRepoTemplate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code larder init}: scaffold a working feature repository (DESIGN B4). */
@Command(
    name = "init",
    header = "Create a working feature repository.",
    mixinStandardHelpOptions = true,
    description = {
      "Create a feature repository: feature_store.yaml, features.yaml (entity sample, source",
      "classification_source, view classification_features) and its own sample data; or,",
      "with --template driver, Feast's driver template (driver_repo.yaml and",
      "data/driver_stats/driver_stats.parquet)."
    })
final class InitCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "Directory of the new repository (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("feature_repo");

  @Option(
      names = "--template",
      description =
          "Repository template: classification (the guide's, the default) or driver (Feast's"
              + " feast init template, without its on-demand views).")
  String template = "classification";

  @Option(names = "--force", description = "Replace the contents of a non-empty DIR.")
  boolean force;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    if ("driver".equals(template)) {
      return driver(context);
    }
    if (!"classification".equals(template)) {
      throw new ParameterException(
          spec.commandLine(),
          "--template must be 'classification' (the guide's repository) or 'driver' (Feast's"
              + " feast init template), got "
              + Echo.of(template));
    }
    ExportResult export = ClassificationRepoTemplate.init(context.resolve(dir), force);
    context.out().printf("Created feature repository %s%n", dir);
    context.out().printf("  %s%n", ClassificationRepoTemplate.CONFIG_FILE);
    context.out().printf("  %s%n", ClassificationRepoTemplate.DEFINITIONS_FILE);
    context
        .out()
        .printf(
            "  %s (%s, %s)%n",
            ClassificationRepoTemplate.INIT_DATA_PATH,
            Plural.of(export.rows(), "row"),
            Plural.of(export.columns().size(), "column"));
    context.out().printf("Next: cd %s && larder apply%n", dir);
    return ExitCodes.OK;
  }

  /** {@code --template driver}: Feast's driver repository, its data ending at this hour. */
  private int driver(CliContext context) {
    long rows = DriverRepoTemplate.init(context.resolve(dir), force, Instant.now());
    context.out().printf("Created feature repository %s (Feast's driver template)%n", dir);
    context.out().printf("  %s%n", ClassificationRepoTemplate.CONFIG_FILE);
    context.out().printf("  %s%n", DriverRepoTemplate.DEFINITIONS_FILE);
    context
        .out()
        .printf(
            "  %s (%d rows: drivers %d to %d, hourly for the last %d days)%n",
            DriverRepoTemplate.DATA_PATH,
            rows,
            DriverRepoTemplate.DRIVERS.get(0),
            DriverRepoTemplate.DRIVERS.get(DriverRepoTemplate.DRIVERS.size() - 1),
            DriverRepoTemplate.HISTORY.toDays());
    context.out().println("Left out of Feast's template (Larder cannot express them):");
    DriverRepoTemplate.LEFT_OUT.forEach(line -> context.out().printf("  - %s%n", line));
    context.out().printf("Next: cd %s && larder apply%n", dir);
    return ExitCodes.OK;
  }
}
