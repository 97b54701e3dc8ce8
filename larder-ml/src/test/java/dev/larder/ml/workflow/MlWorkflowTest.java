package dev.larder.ml.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.data.TrainingDataSource;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.FeatureStoreSpecBuilder;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.spec.Scaling;
import dev.larder.ml.transform.ColumnScaler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MlWorkflowTest {
  private static final TrainingData DATA = Blobs.separable(21);
  private static final List<FeatureSpec> ALL = List.of(FeatureSpec.ALL_STANDARD);

  @Test
  void theGuidesCallTrainsOnXAndY() {
    WorkflowResult result =
        MlWorkflow.runMlWorkflow(ALL, ModelSpec.defaults(), DATA.x(), DATA.y(), null);

    assertThat(result.rowsTotal()).isEqualTo(400);
    assertThat(result.rowsTest()).isEqualTo(80);
    assertThat(result.rowsTrain()).isEqualTo(320);
    assertThat(result.selectedFeatures())
        .containsExactly("feature_0", "feature_1", "feature_2", "feature_3", "feature_4");
    assertThat(result.testMetrics().accuracy()).isGreaterThan(0.85);
    assertThat(result.testMetrics().confusionMatrix().total()).isEqualTo(80);
    assertThat(result.crossValidation()).isEmpty();
    assertThat(result.source()).isEqualTo("memory:X[400x5]");
    assertThat(result.featureStoreSpec().enabled()).isFalse();
    assertThat(result.modelSpec()).isEqualTo(ModelSpec.defaults());
    // sample indices are the row numbers here; together they cover every row once
    long[] all =
        LongStream.concat(
                Arrays.stream(result.trainSampleIndices()),
                Arrays.stream(result.testSampleIndices()))
            .sorted()
            .toArray();
    assertThat(all).isEqualTo(LongStream.range(0, 400).toArray());
  }

  @Test
  void testSampleIndicesIdentifyTheRowsTheMetricsWereComputedOn() {
    WorkflowResult result =
        MlWorkflow.runMlWorkflow(
            ALL, ModelSpec.defaults(), TrainingDataSource.inMemory(DATA)); // indices 1000 + row

    long[] test = result.testSampleIndices();
    double[][] x =
        Arrays.stream(test).mapToObj(s -> DATA.x()[(int) (s - 1000)]).toArray(double[][]::new);
    int[] y = Arrays.stream(test).mapToInt(s -> DATA.y()[(int) (s - 1000)]).toArray();
    BinaryMetrics recomputed = BinaryMetrics.evaluate(y, result.model().predictProbability(x));

    assertThat(recomputed).isEqualTo(result.testMetrics());
    assertThat(result.source()).isEqualTo("blobs:seed=21");
    assertThat(result.trainSampleIndices()).doesNotContain(test);
  }

  @Test
  void scalersAreFittedOnTheTrainingRowsOnly() {
    WorkflowResult result =
        MlWorkflow.runMlWorkflow(ALL, ModelSpec.defaults(), DATA.x(), DATA.y(), null);
    long[] train = result.trainSampleIndices();
    double mean =
        Arrays.stream(train).mapToDouble(s -> DATA.x()[(int) s][0]).average().orElseThrow();

    ColumnScaler first = result.model().features().scalers().get(0);
    assertThat(first.center()).isCloseTo(mean, within(1e-9));
    double everyRow = Arrays.stream(DATA.x()).mapToDouble(r -> r[0]).average().orElseThrow();
    assertThat(first.center()).isNotEqualTo(everyRow);
  }

  @Test
  void featureSpecsChooseFeaturesAndScalings() {
    List<FeatureSpec> specs =
        List.of(
            FeatureSpec.of(Scaling.MIN_MAX, "feature_4", "feature_0"),
            FeatureSpec.of(Scaling.NONE, "feature_1"));
    WorkflowResult result =
        MlWorkflow.runMlWorkflow(specs, ModelSpec.defaults(), DATA.x(), DATA.y(), null);

    assertThat(result.selectedFeatures()).containsExactly("feature_0", "feature_1", "feature_4");
    assertThat(result.model().features().scalers())
        .extracting(ColumnScaler::scaling)
        .containsExactly(Scaling.MIN_MAX, Scaling.NONE, Scaling.MIN_MAX);
    assertThat(result.featureSpecs()).isEqualTo(specs);
  }

  @Test
  void stagesAreTimedAndAddUpToTheTotal() {
    StageTimings t =
        MlWorkflow.runMlWorkflow(ALL, ModelSpec.defaults(), DATA.x(), DATA.y(), null).timings();
    Duration sum =
        t.load().plus(t.transform()).plus(t.train()).plus(t.evaluate()).plus(t.crossValidation());
    assertThat(t.total()).isEqualTo(sum);
    assertThat(t.train()).isPositive();
    assertThat(t.crossValidation()).isZero();
  }

  @Test
  void crossValidationProducesKFoldsOnTheTrainingSplit() {
    ModelSpec spec =
        ModelSpec.builder()
            .algorithm(Algorithm.RANDOM_FOREST)
            .hyperParameter("n_estimators", 10)
            .crossValidationFolds(4)
            .build();
    WorkflowResult result = MlWorkflow.runMlWorkflow(ALL, spec, DATA.x(), DATA.y(), null);

    CrossValidationSummary cv = result.crossValidation().orElseThrow();
    assertThat(cv.k()).isEqualTo(4);
    // each fold holds out a quarter of the 320 training rows
    assertThat(cv.folds()).allSatisfy(f -> assertThat(f.confusionMatrix().total()).isEqualTo(80));
    double mean = cv.folds().stream().mapToDouble(BinaryMetrics::accuracy).average().orElseThrow();
    assertThat(cv.get(Metric.ACCURACY).mean()).isCloseTo(mean, within(1e-12));
    assertThat(cv.get(Metric.ACCURACY).mean()).isGreaterThan(0.85);
    assertThat(result.timings().crossValidation()).isPositive();
  }

  @Test
  void aPlainShuffledSplitWhenNotStratified() {
    ModelSpec spec = ModelSpec.builder().stratified(false).testFraction(0.25).build();
    WorkflowResult result = MlWorkflow.runMlWorkflow(ALL, spec, DATA.x(), DATA.y(), null);
    assertThat(result.rowsTest()).isEqualTo(100);
  }

  @Test
  void anEnabledFeatureStoreLoadsThroughTheConfiguredSource() {
    AtomicReference<FeatureStoreSpec> asked = new AtomicReference<>();
    MlWorkflow workflow =
        MlWorkflow.builder()
            .featureStoreSource(
                spec -> {
                  asked.set(spec);
                  return TrainingDataSource.inMemory(DATA);
                })
            .build();
    FeatureStoreSpec store =
        new FeatureStoreSpecBuilder().enable().setRepoPath("feature_repo").setNFeatures(5).build();

    WorkflowResult result = workflow.run(ALL, ModelSpec.defaults(), null, null, store);

    assertThat(asked.get()).isEqualTo(store);
    assertThat(result.featureStoreSpec()).isEqualTo(store);
    assertThat(result.source()).isEqualTo("blobs:seed=21");
    assertThat(result.rowsTotal()).isEqualTo(400);
  }
}
