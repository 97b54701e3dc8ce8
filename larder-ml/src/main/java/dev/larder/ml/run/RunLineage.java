package dev.larder.ml.run;

import dev.larder.core.BackendException;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.report.RunReport;
import dev.larder.ml.report.RunReportJson;
import dev.larder.ml.spec.SpecJson;
import dev.larder.ml.workflow.WorkflowResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records a training run in its feature repository's registry (issue #5, lineage): what {@link
 * TrainingRun} does after writing the run record, and what a program that runs {@link
 * dev.larder.ml.workflow.MlWorkflow} through the feature store itself can call.
 *
 * <p>Only runs whose rows came through the feature store are recorded: a run of direct loading read
 * no feature view, so it has no lineage in a registry (and needs no repository at all); its run
 * record's {@code provenance.json} names the database, the table and the data's hash.
 */
public final class RunLineage {
  private RunLineage() {}

  /**
   * The registry's record of {@code result}: id {@code yyyyMMdd-HHmmss-SSS} of {@code now} (UTC),
   * the current user ({@code LARDER_USER}, else {@code user.name}), the feature store inputs, the
   * training data's row count and hash, the model spec and the test metrics, and {@code runDir};
   * with a report made now.
   *
   * @throws InvalidArgumentException if the rows did not come through the feature store
   */
  public static RecordedRun of(WorkflowResult result, Path runDir, Instant now) {
    return of(result, report(result, runDir, now), runDir, now);
  }

  /**
   * The registry's record of {@code result}, as {@link #of(WorkflowResult, Path, Instant)}, keeping
   * {@code report}'s JSON ({@link RunReportJson}) so that any server's UI can show it.
   */
  public static RecordedRun of(WorkflowResult result, RunReport report, Path runDir, Instant now) {
    TrainingInputs inputs =
        result
            .featureStoreInputs()
            .orElseThrow(
                () ->
                    new InvalidArgumentException(
                        "the rows of this run came from "
                            + result.source()
                            + ", not through the feature store; only feature store runs have"
                            + " lineage to record"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      metrics.put(metric.id(), metric.of(result.testMetrics()));
    }
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    return new RecordedRun(
        RunRecord.runId(at),
        at,
        Actor.current().name(),
        inputs,
        result.rowsTotal(),
        result.dataSha256(),
        result.modelSpec().algorithm().id(),
        SpecJson.model(result.modelSpec()).toString(),
        metrics,
        runDir.toAbsolutePath().normalize().toString(),
        Optional.of(RunReportJson.write(report)));
  }

  private static RunReport report(WorkflowResult result, Path runDir, Instant now) {
    return RunReport.of(result, runDir.getFileName().toString(), runDir, now);
  }

  /**
   * Records {@code result}, whose run record is in {@code runDir}, in the registry of the feature
   * repository {@code repo}, and adds the recorded id to the run record's {@code provenance.json}.
   *
   * @return the run as recorded (a taken id gets {@code -2}, {@code -3}, … appended)
   * @throws BackendException if the registry cannot record it; the message says the run record
   *     stays in {@code runDir}
   */
  public static RecordedRun record(WorkflowResult result, Path repo, Path runDir, Instant now) {
    return record(result, report(result, runDir, now), repo, runDir, now);
  }

  /**
   * Records {@code result} with its {@code report}, as {@link #record(WorkflowResult, Path, Path,
   * Instant)}.
   */
  public static RecordedRun record(
      WorkflowResult result, RunReport report, Path repo, Path runDir, Instant now) {
    RecordedRun run = of(result, report, runDir, now);
    RecordedRun recorded;
    String registry;
    try (FeatureStore store = FeatureStore.open(repo)) {
      recorded = store.recordRun(run);
      registry = store.registry().location();
    } catch (LarderException e) {
      throw new BackendException(
          "the run record was written to "
              + runDir
              + ", but the run could not be recorded in the registry of "
              + repo
              + ": "
              + e.getMessage(),
          e.hint(),
          e);
    }
    RunRecord.addRegistryRun(runDir, recorded, registry);
    return recorded;
  }
}
