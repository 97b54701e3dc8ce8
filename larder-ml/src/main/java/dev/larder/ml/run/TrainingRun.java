package dev.larder.ml.run;

import dev.larder.core.Plural;
import dev.larder.core.registry.RecordedRun;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.data.TrainingDataSource;
import dev.larder.ml.featurestore.FeatureStoreTrainingSource;
import dev.larder.ml.report.RunReport;
import dev.larder.ml.spec.TrainingSource;
import dev.larder.ml.spec.TrainingSpec;
import dev.larder.ml.workflow.MlWorkflow;
import dev.larder.ml.workflow.WorkflowResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The guide's training application ({@code application_training.py}, {@code larder train}): run the
 * workflow for a {@link TrainingSpec}, write its run record, and, when the rows came through the
 * feature store, record the run in the repository's registry ({@link RunLineage}).
 *
 * @param result what the workflow produced
 * @param directory where the run record was written
 * @param registryRun the run as the registry recorded it; empty for direct loading, which is not
 *     recorded (it read no feature view)
 */
public record TrainingRun(
    WorkflowResult result, Path directory, Optional<RecordedRun> registryRun) {

  /** The run's report page ({@code report.html} in its run folder). */
  public Path reportPage() {
    return directory.resolve(RunRecord.REPORT_HTML_FILE);
  }

  /** The default parent of run records: {@code runs/} in the working directory. */
  public static final Path DEFAULT_RUNS = Path.of("runs");

  public TrainingRun {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(registryRun, "registryRun");
  }

  /**
   * Trains as {@code spec} says, writes the run record and records a feature store run in the
   * registry.
   *
   * @param spec what to train; relative paths in it are resolved against {@code workDir}
   * @param workDir the working directory
   * @param output the run record directory, or {@code null} for {@code runs/<UTC time>}
   * @param force replace a non-empty {@code output}
   * @param verbose let the model libraries log
   * @param warnings where warnings go (samples dropped by the feature store, re-exports)
   */
  public static TrainingRun execute(
      TrainingSpec spec,
      Path workDir,
      Path output,
      boolean force,
      boolean verbose,
      Consumer<String> warnings) {
    MlWorkflow workflow =
        MlWorkflow.builder()
            .verbose(verbose)
            .featureStoreSource(
                fs ->
                    new FeatureStoreTrainingSource(
                        workDir, spec.db(), spec.table(), fs, warnings, Clock.systemUTC()))
            .build();
    WorkflowResult result =
        spec.source() == TrainingSource.DIRECT
            ? workflow.run(
                spec.features(), spec.model(), direct(workDir.resolve(spec.db()), spec.table()))
            : workflow.run(spec.features(), spec.model(), null, null, spec.featureStore());
    warnIfAucUndefined(result, warnings);
    Instant now = Instant.now();
    Path dir =
        output != null
            ? workDir.resolve(output)
            : RunRecord.newRunDirectory(workDir.resolve(DEFAULT_RUNS), now);
    RunReport report = RunReport.of(result, dir.getFileName().toString(), dir, now);
    RunRecord.write(dir, force, result, spec, report);
    Optional<RecordedRun> recorded = Optional.empty();
    if (result.featureStoreInputs().isPresent()) {
      Path repo = workDir.resolve(spec.featureStore().repoPath()).normalize();
      recorded = Optional.of(RunLineage.record(result, report, repo, dir, now));
    }
    return new TrainingRun(result, dir, recorded);
  }

  /**
   * ROC AUC needs both classes among the test rows; a test split holding one class only gives no
   * ROC AUC (shown as n/a, written as null), and says so instead of a silent NaN.
   */
  static void warnIfAucUndefined(WorkflowResult result, Consumer<String> warnings) {
    if (!Double.isNaN(result.testMetrics().rocAuc())) {
      return;
    }
    int[][] cm = result.testMetrics().confusionMatrix().toArray();
    long negatives = (long) cm[0][0] + cm[0][1];
    warnings.accept(
        "ROC AUC is undefined: the test split ("
            + Plural.of(result.rowsTest(), "row")
            + ") holds only target "
            + (negatives > 0 ? 0 : 1)
            + ", and ROC AUC needs both classes; train on more samples (with both classes) or"
            + " raise the model's test_fraction");
  }

  /** Direct loading from the sample database as a workflow source. */
  static TrainingDataSource direct(Path db, String table) {
    return new TrainingDataSource() {
      @Override
      public TrainingData load() {
        return DirectLoader.load(db, table);
      }

      @Override
      public String describe() {
        return "sqlite:" + db + "#" + table;
      }
    };
  }
}
