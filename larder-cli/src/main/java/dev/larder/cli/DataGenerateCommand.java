package dev.larder.cli;

import dev.larder.core.Plural;
import dev.larder.ml.data.GenerationResult;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.SampleDatabase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code larder data generate}: the guide's {@code python data/generate_database.py}. */
@Command(
    name = "generate",
    header = "Write the sample database.",
    mixinStandardHelpOptions = true,
    description = "Write the sample database (scikit-learn's make_classification algorithm).")
final class DataGenerateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "PATH",
      description = "Database to write (default: ${DEFAULT-VALUE}).")
  Path db = SampleDatabase.DEFAULT_PATH;

  @Option(names = "--samples", description = "Number of samples (default: ${DEFAULT-VALUE}).")
  int samples = GeneratorOptions.defaults().samples();

  @Option(names = "--features", description = "Number of features (default: ${DEFAULT-VALUE}).")
  int features = GeneratorOptions.defaults().features();

  @Option(
      names = "--informative",
      description = "Informative features (default: ${DEFAULT-VALUE}).")
  int informative = GeneratorOptions.defaults().informative();

  @Option(
      names = "--redundant",
      description =
          "Redundant features: linear combinations of the informative ones"
              + " (default: ${DEFAULT-VALUE}).")
  int redundant = GeneratorOptions.defaults().redundant();

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = GeneratorOptions.defaults().seed();

  @Option(
      names = "--snapshots",
      description =
          "Rows per sample, 7 days apart, with drifting values (default: ${DEFAULT-VALUE}).")
  int snapshots = GeneratorOptions.defaults().snapshots();

  @Option(names = "--force", description = "Overwrite an existing database.")
  boolean force;

  @Override
  public Integer call() {
    CliContext context = LarderCommand.root(spec).context();
    GeneratorOptions options =
        OptionValues.parse(
            spec,
            () -> new GeneratorOptions(samples, features, informative, redundant, seed, snapshots));
    GenerationResult result;
    try (ProgressBar bar = new ProgressBar(context, "rows")) {
      result = SampleDatabase.create(context.resolve(db), options, force, bar::update);
    }
    context
        .out()
        .printf(
            "Generated %s × %s (%s) into %s in %d ms%n",
            Plural.of(result.samples(), "sample"),
            Plural.of(result.features(), "feature"),
            Plural.of(result.rows(), "row"),
            db,
            result.elapsed().toMillis());
    return ExitCodes.OK;
  }
}
