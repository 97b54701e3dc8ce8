package dev.larder.ml.report;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.ConfusionMatrix;
import dev.larder.ml.eval.CurvePoint;
import dev.larder.ml.eval.Curves;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.spec.SpecJson;
import dev.larder.ml.workflow.WorkflowResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a training run's report shows (issue #12), computed once from the workflow's result:
 * the test metrics, the ROC and precision–recall curves, the confusion matrix, the model's feature
 * weights, the class balance of the training and test splits, the data's provenance, and each
 * cross-validation fold's metrics. {@link RunReportJson} is its versioned JSON form, which the run
 * folder ({@code report.json}) and the registry ({@link
 * dev.larder.core.registry.RecordedRun#report()}) keep; {@link ReportPage} renders it as HTML.
 *
 * <p>Curves hold at most {@link #MAX_CURVE_POINTS} points (evenly thinned along the curve), so the
 * JSON stays small whatever the test split's size; the ROC AUC in {@link #metrics()} is computed on
 * every test row.
 *
 * @param runId the run's id (its folder name, which is also its registry id unless that was taken)
 * @param created when the report was made (UTC; {@link #of} keeps milliseconds)
 * @param model the model's algorithm, e.g. {@code logistic-regression}
 * @param metrics the test metrics by {@link Metric#id()}, in {@link Metric} order; NaN when
 *     undefined (ROC AUC of a one-class test split)
 * @param confusionMatrix the test split's confusion matrix at threshold 0.5
 * @param roc the ROC curve on the test split (false positive rate, true positive rate); empty when
 *     the test split holds one class
 * @param precisionRecall the precision–recall curve on the test split (recall, precision); empty
 *     when the test split has no row of class 1
 * @param averagePrecision the average precision of the full precision–recall curve; NaN when it is
 *     empty
 * @param featureWeights the model's coefficients or importances
 * @param train the training split's class balance
 * @param test the test split's class balance
 * @param provenance where the rows came from, and the specs
 * @param crossValidationFolds each cross-validation fold's metrics (by {@link Metric#id()}), in
 *     fold order; empty when cross-validation did not run
 */
public record RunReport(
    String runId,
    Instant created,
    String model,
    Map<String, Double> metrics,
    ConfusionMatrix confusionMatrix,
    List<CurvePoint> roc,
    List<CurvePoint> precisionRecall,
    double averagePrecision,
    FeatureWeights featureWeights,
    ClassBalance train,
    ClassBalance test,
    ReportProvenance provenance,
    List<Map<String, Double>> crossValidationFolds) {

  /** The most points a curve keeps. */
  public static final int MAX_CURVE_POINTS = 200;

  public RunReport {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(model, "model");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    roc = List.copyOf(roc);
    precisionRecall = List.copyOf(precisionRecall);
    Objects.requireNonNull(featureWeights, "featureWeights");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(provenance, "provenance");
    List<Map<String, Double>> folds = new ArrayList<>();
    for (Map<String, Double> fold : crossValidationFolds) {
      folds.add(Collections.unmodifiableMap(new LinkedHashMap<>(fold)));
    }
    crossValidationFolds = List.copyOf(folds);
    if (confusionMatrix.total() != test.total()) {
      throw new InvalidArgumentException(
          "the confusion matrix counts "
              + confusionMatrix.total()
              + " rows but the test split has "
              + test.total());
    }
    if (roc.size() > MAX_CURVE_POINTS || precisionRecall.size() > MAX_CURVE_POINTS) {
      throw new InvalidArgumentException(
          "a report's curves keep at most " + MAX_CURVE_POINTS + " points");
    }
  }

  /**
   * The report of {@code result}.
   *
   * @param runId the run's id
   * @param runDir the run folder, or {@code null} when the run was not written to one
   * @param created when the report is made
   */
  public static RunReport of(WorkflowResult result, String runId, Path runDir, Instant created) {
    var predictions = result.testPredictions();
    int testPositives = predictions.positives();
    int testNegatives = predictions.size() - testPositives;
    List<CurvePoint> roc =
        testPositives > 0 && testNegatives > 0
            ? Curves.thin(Curves.roc(predictions), MAX_CURVE_POINTS)
            : List.of();
    List<CurvePoint> pr = List.of();
    double averagePrecision = Double.NaN;
    if (testPositives > 0) {
      List<CurvePoint> full = Curves.precisionRecall(predictions);
      averagePrecision = Curves.averagePrecision(full);
      pr = Curves.thin(full, MAX_CURVE_POINTS);
    }
    List<Map<String, Double>> folds = new ArrayList<>();
    result.crossValidation().ifPresent(cv -> cv.folds().forEach(f -> folds.add(metrics(f))));
    ReportProvenance provenance =
        new ReportProvenance(
            result.source(),
            result.rowsTotal(),
            result.dataSha256(),
            result.selectedFeatures(),
            result.featureStoreInputs(),
            SpecJson.model(result.modelSpec()).toString(),
            SpecJson.features(result.featureSpecs()).toString(),
            Optional.ofNullable(runDir).map(d -> d.toAbsolutePath().normalize().toString()));
    return new RunReport(
        runId,
        created.truncatedTo(ChronoUnit.MILLIS),
        result.modelSpec().algorithm().id(),
        metrics(result.testMetrics()),
        result.testMetrics().confusionMatrix(),
        roc,
        pr,
        averagePrecision,
        ModelWeights.of(result.model()),
        new ClassBalance(result.rowsTrain() - result.trainPositives(), result.trainPositives()),
        new ClassBalance(testNegatives, testPositives),
        provenance,
        folds);
  }

  /** Every metric of {@code m} by its id, in {@link Metric} order. */
  static Map<String, Double> metrics(BinaryMetrics m) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      out.put(metric.id(), metric.of(m));
    }
    return out;
  }

  /** One metric's value, NaN when the report does not have it. */
  public double metric(Metric metric) {
    return metrics.getOrDefault(metric.id(), Double.NaN);
  }

  /** Whether the run was cross-validated. */
  public boolean crossValidated() {
    return !crossValidationFolds.isEmpty();
  }
}
