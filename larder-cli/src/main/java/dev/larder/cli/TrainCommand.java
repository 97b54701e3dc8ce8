package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.run.TrainingRun;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.TrainingOverrides;
import dev.larder.ml.spec.TrainingSource;
import dev.larder.ml.spec.TrainingSpec;
import dev.larder.ml.spec.TrainingSpecFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code larder train}: the guide's training application ({@code application_training.py}). */
@Command(
    name = "train",
    header = "Train a model and write a run record.",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model (the guide's run_ml_workflow), print its metrics and write a run record:",
      "model/, metrics.json, provenance.json, report.json and report.html (one self-contained page",
      "that opens offline) in --output (default runs/<UTC time>)."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--source",
      paramLabel = "direct|feature-store",
      description = "Where the rows come from (default: feature-store, or the spec file's source).")
  String source;

  @Option(
      names = "--db",
      paramLabel = "PATH",
      description = "Sample database (default: data/database/sample_data.db).")
  Path db;

  @Option(names = "--table", description = "Table (default: classification_data).")
  String table;

  @Option(
      names = "--model",
      paramLabel = "ALGORITHM",
      description = "logistic-regression (default), random-forest or gradient-boosting.")
  String model;

  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description = "Feature store only: retrieve as of this ISO-8601 time (no offset = UTC).")
  String asOf;

  @Option(
      names = "--samples",
      paramLabel = "I,J,…",
      split = ",",
      hideParamSyntax = true,
      description = "Feature store only: these sample indices, in this order.")
  List<String> samples;

  @Option(names = "--spec", paramLabel = "FILE", description = "YAML spec file (see README).")
  Path specFile;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Run record directory (default: runs/<yyyyMMdd-HHmmss-SSS>, UTC).")
  Path output;

  @Option(names = "--force", description = "Replace the contents of a non-empty --output.")
  boolean force;

  @Option(
      names = "--force-recreate",
      description =
          "Feature store only: rebuild the feature repository (the guide's force_recreate).")
  boolean forceRecreate;

  @Override
  public Integer call() {
    LarderCommand root = LarderCommand.root(spec);
    CliContext context = root.context();
    TrainingSpec training =
        TrainingSpecFile.resolve(
            specFile == null ? null : context.resolve(specFile), overrides(root));
    if (training.source() == TrainingSource.DIRECT) {
      for (String[] option :
          new String[][] {
            {"--as-of", asOf},
            {"--samples", samples == null ? null : "x"},
            {"--force-recreate", forceRecreate ? "x" : null}
          }) {
        if (option[1] != null) {
          throw new ParameterException(
              spec.commandLine(),
              option[0] + " applies to --source feature-store, not to direct loading");
        }
      }
    }
    TrainingRun run =
        TrainingRun.execute(
            training, context.workDir(), output, force, root.verbose(), context::warn);
    TrainingReport.print(
        context.out(),
        run,
        context.workDir().relativize(run.directory()),
        TrainingReport.repoOption(
            context.workDir(), context.resolve(training.featureStore().repoPath())));
    return ExitCodes.OK;
  }

  private TrainingOverrides overrides(LarderCommand root) {
    return new TrainingOverrides(
        source == null ? null : usage(() -> TrainingSource.parse("--source", source)),
        db,
        table,
        model == null ? null : usage(() -> Algorithm.parse("--model", model)),
        root.repo(),
        asOf == null ? null : usage(() -> IsoTimes.parse("--as-of", asOf)),
        samples == null ? null : sampleIndices(),
        forceRecreate);
  }

  private List<Long> sampleIndices() {
    List<Long> indices = new ArrayList<>();
    for (String s : samples) {
      try {
        indices.add(Long.parseLong(s.strip()));
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--samples must be comma-separated sample indices such as 0,10,20; "
                + Echo.of(s)
                + " is not a whole number",
            e,
            null,
            s);
      }
    }
    return indices;
  }

  private <T> T usage(java.util.function.Supplier<T> parse) {
    return OptionValues.parse(spec, parse);
  }
}
