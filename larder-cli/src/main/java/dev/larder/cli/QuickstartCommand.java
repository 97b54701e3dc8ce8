package dev.larder.cli;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.files.Directories;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GenerationResult;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.run.TrainingRun;
import dev.larder.ml.spec.TrainingSource;
import dev.larder.ml.spec.TrainingSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code larder quickstart}: the guide's whole workflow in a fresh directory — generate the sample
 * database, load it directly, train, report.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the guide's workflow in DIR (started afresh each run): generate the sample database,",
      "load X and y directly, train logistic regression, print metrics and timings."
    })
final class QuickstartCommand implements Callable<Integer> {
  /** Marks a directory quickstart made, so a rerun may delete it and nothing else. */
  static final String MARKER = ".larder-quickstart";

  @Spec private CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Working directory of the run (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("larder-quickstart");

  @Override
  public Integer call() {
    LarderCommand root = LarderCommand.root(spec);
    CliContext context = root.context();
    PrintStream out = context.out();
    Path home = context.resolve(dir);
    startAfresh(home);
    long start = System.nanoTime();

    out.println("1. Generate the sample database (python data/generate_database.py)");
    GenerationResult generated =
        SampleDatabase.create(
            home.resolve(SampleDatabase.DEFAULT_PATH),
            GeneratorOptions.defaults(),
            false,
            GenerationProgress.NONE);
    out.printf(
        Locale.ROOT,
        "   %d samples × %d features in %s (%d ms)%n",
        generated.samples(),
        generated.features(),
        dir.resolve(SampleDatabase.DEFAULT_PATH),
        generated.elapsed().toMillis());

    out.println("2. Load X and y directly (X, y = load_data())");
    long loadStart = System.nanoTime();
    TrainingData data = DirectLoader.load(home.resolve(SampleDatabase.DEFAULT_PATH));
    out.printf(
        Locale.ROOT,
        "   X: %d × %d, y: %d (%.1f ms)%n",
        data.rows(),
        data.features(),
        data.rows(),
        (System.nanoTime() - loadStart) / 1e6);

    out.println("3. Train (run_ml_workflow with the default specs)");
    TrainingRun run =
        TrainingRun.execute(
            TrainingSpec.defaults(TrainingSource.DIRECT), home, null, false, root.verbose());
    out.println();
    TrainingReport.print(out, run, dir.resolve(home.relativize(run.directory())));
    out.printf(Locale.ROOT, "%nquickstart finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return ExitCodes.OK;
  }

  /** Deletes {@code home} if quickstart made it, refuses to touch anything else, recreates it. */
  private static void startAfresh(Path home) {
    try {
      if (Files.exists(home)) {
        if (!Directories.isEmpty(home) && !Files.exists(home.resolve(MARKER))) {
          throw new AlreadyExistsException(
              home + " exists and was not made by larder quickstart; refusing to delete it",
              "Pass --dir with a new or empty directory");
        }
        Directories.deleteTree(home);
      }
      Files.createDirectories(home);
      Files.writeString(home.resolve(MARKER), "made by larder quickstart; rerunning deletes it\n");
    } catch (IOException e) {
      throw new BackendException("could not prepare " + home + ": " + e.getMessage(), null, e);
    }
  }
}
