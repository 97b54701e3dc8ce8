package dev.larder.ml.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.eval.CurvePoint;
import dev.larder.ml.eval.Curves;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.workflow.MlWorkflow;
import dev.larder.ml.workflow.WorkflowResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's data: curves, counts, weights and provenance computed from a workflow result. */
class RunReportTest {
  static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  static final List<FeatureSpec> ALL = List.of(FeatureSpec.ALL_STANDARD);

  /** Overlapping blobs, so that the curves have many distinct points. */
  static final TrainingData DATA = Blobs.generate(1500, 6, 2, 1.2, 0.35, 11);

  /** Logistic regression with 3-fold cross-validation on {@link #DATA}, trained once. */
  static final WorkflowResult LOGISTIC = train(ModelSpec.builder().crossValidationFolds(3).build());

  static WorkflowResult train(ModelSpec spec) {
    return MlWorkflow.runMlWorkflow(ALL, spec, DATA.x(), DATA.y(), null);
  }

  @Test
  void theReportHoldsTheTestMetricsCurvesAndCounts() {
    WorkflowResult result = LOGISTIC;
    RunReport report = RunReport.of(result, "run-1", Path.of("runs/run-1"), AT);

    for (Metric metric : Metric.values()) {
      assertThat(report.metric(metric)).isEqualTo(metric.of(result.testMetrics()));
    }
    assertThat(report.confusionMatrix().total()).isEqualTo(result.rowsTest()).isEqualTo(300);
    assertThat(report.test().total()).isEqualTo(result.rowsTest());
    assertThat(report.train().total()).isEqualTo(result.rowsTrain());
    int[] y = DATA.y();
    int positives = 0;
    for (int label : y) {
      positives += label;
    }
    assertThat(report.train().positives() + report.test().positives()).isEqualTo(positives);
    int[][] cm = report.confusionMatrix().toArray();
    assertThat(cm[1][0] + cm[1][1]).isEqualTo(report.test().positives());
    assertThat(cm[0][0] + cm[0][1]).isEqualTo(report.test().negatives());

    List<CurvePoint> roc = report.roc();
    assertThat(roc.size()).isLessThanOrEqualTo(RunReport.MAX_CURVE_POINTS).isGreaterThan(100);
    for (int i = 1; i < roc.size(); i++) {
      assertThat(roc.get(i).x()).isGreaterThanOrEqualTo(roc.get(i - 1).x());
      assertThat(roc.get(i).y()).isGreaterThanOrEqualTo(roc.get(i - 1).y());
    }
    // the full curve's area is the AUC of eval; the thinned curve's is close to it
    assertThat(Curves.area(Curves.roc(result.testPredictions())))
        .isCloseTo(result.testMetrics().rocAuc(), within(1e-12));
    assertThat(Curves.area(roc)).isCloseTo(report.metric(Metric.ROC_AUC), within(0.01));
    assertThat(report.precisionRecall()).isNotEmpty();
    assertThat(report.averagePrecision()).isBetween(0.5, 1.0);

    assertThat(report.provenance().path()).isEqualTo("direct");
    assertThat(report.provenance().source()).isEqualTo("memory:X[1500x6]");
    assertThat(report.provenance().dataSha256()).isEqualTo(result.dataSha256());
    assertThat(report.provenance().rows()).isEqualTo(1500);
    assertThat(report.provenance().runPath())
        .contains(Path.of("runs/run-1").toAbsolutePath().normalize().toString());
    assertThat(report.provenance().modelSpec()).contains("\"algorithm\":\"logistic-regression\"");
    assertThat(report.crossValidationFolds()).hasSize(3);
    assertThat(report.crossValidationFolds().get(2).get("accuracy"))
        .isEqualTo(result.crossValidation().orElseThrow().folds().get(2).accuracy());
  }

  @Test
  void logisticRegressionReportsSignedCoefficientsLargestFirst() {
    RunReport report = RunReport.of(LOGISTIC, "r", null, AT);

    FeatureWeights weights = report.featureWeights();
    assertThat(weights.kind()).isEqualTo(FeatureWeights.Kind.COEFFICIENTS);
    assertThat(weights.features()).hasSize(6);
    // the two informative features (shifted up for class 1) carry the largest positive weights
    assertThat(weights.features().subList(0, 2))
        .extracting(FeatureWeights.Weight::feature)
        .containsExactlyInAnyOrder("feature_0", "feature_1");
    assertThat(weights.features().get(0).value()).isPositive();
    for (int i = 1; i < weights.features().size(); i++) {
      assertThat(Math.abs(weights.features().get(i).value()))
          .isLessThanOrEqualTo(Math.abs(weights.features().get(i - 1).value()));
    }
    assertThat(report.provenance().runPath()).isEmpty();
  }

  @Test
  void treeModelsReportRelativeImportancesThatSumToOne() {
    for (Algorithm algorithm : List.of(Algorithm.RANDOM_FOREST, Algorithm.GRADIENT_BOOSTING)) {
      ModelSpec spec =
          ModelSpec.builder().algorithm(algorithm).hyperParameter("n_estimators", 5).build();
      FeatureWeights weights = RunReport.of(train(spec), "r", null, AT).featureWeights();

      assertThat(weights.kind()).as(algorithm.id()).isEqualTo(FeatureWeights.Kind.IMPORTANCE);
      assertThat(weights.features()).hasSize(6);
      assertThat(weights.features().stream().mapToDouble(FeatureWeights.Weight::value).sum())
          .isCloseTo(1.0, within(1e-9));
      assertThat(weights.features()).allSatisfy(w -> assertThat(w.value()).isNotNegative());
    }
  }

  @Test
  void theJsonReadsBackEqualAndStaysSmall() {
    RunReport report = RunReport.of(LOGISTIC, "r", Path.of("x"), AT);
    String json = RunReportJson.write(report);

    RunReport back = RunReportJson.read(json);
    assertThat(RunReportJson.write(back)).isEqualTo(json);
    assertThat(back.metrics()).isEqualTo(report.metrics());
    assertThat(back.confusionMatrix()).isEqualTo(report.confusionMatrix());
    assertThat(back.featureWeights()).isEqualTo(report.featureWeights());
    assertThat(back.crossValidationFolds()).isEqualTo(report.crossValidationFolds());
    assertThat(back.provenance()).isEqualTo(report.provenance());
    assertThat(back.roc()).hasSameSizeAs(report.roc());
    assertThat(back.roc().get(0).threshold()).isInfinite();
    assertThat(back.roc().get(5).x()).isCloseTo(report.roc().get(5).x(), within(1e-6));
    assertThat(RunReportJson.pretty(report)).contains("\"format_version\": 1");
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(20_000);
  }

  @Test
  void theVersion1FixtureStillLoads() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/reports/v1/report.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RunReport report = RunReportJson.read(json);

    assertThat(report.runId()).isEqualTo("20251101-120000-000");
    assertThat(report.metric(Metric.ROC_AUC)).isEqualTo(0.75);
    assertThat(report.metric(Metric.LOG_LOSS)).isNaN();
    assertThat(report.confusionMatrix().total()).isEqualTo(4);
    assertThat(report.roc()).hasSize(3);
    assertThat(report.provenance().path()).isEqualTo("feature-store");
    assertThat(report.provenance().featureStore().orElseThrow().viewVersions())
        .containsExactly("classification_features@v1");
    assertThat(report.featureWeights().kind()).isEqualTo(FeatureWeights.Kind.COEFFICIENTS);
    assertThat(RunReportJson.read(RunReportJson.write(report))).isNotNull();
  }

  @Test
  void aNewerOrForeignReportIsRefusedNamingWhy() {
    assertThatThrownBy(
            () -> RunReportJson.read("{\"format\":\"larder-run-report\",\"format_version\":9}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("format_version 9, newer than this Larder reads (1)");
    assertThatThrownBy(() -> RunReportJson.read("{\"format\":\"other\"}"))
        .hasMessageContaining("not a Larder run report");
    assertThatThrownBy(() -> RunReportJson.read("not json")).hasMessageContaining("not valid JSON");
  }
}
