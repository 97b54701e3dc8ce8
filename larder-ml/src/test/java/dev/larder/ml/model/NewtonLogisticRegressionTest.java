package dev.larder.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.spec.Scaling;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Newton solver behind logistic regression: its optimum is the objective's (checked against
 * {@link LogisticRegressionReferenceTest#newton}), its blocked sums do not depend on the number of
 * cores, it honours the stopping rule and the iteration limit, and it trains the models that the
 * LibLinear trainer it replaced trained.
 */
class NewtonLogisticRegressionTest {

  /** More rows than one block: the sums run on all cores. */
  private static final TrainingData MANY =
      Blobs.generate(3 * NewtonLogisticRegression.BLOCK + 77, 3, 2, 1.0, 0.35, 21);

  @Test
  void blockedSumsReachTheObjectivesOptimum() {
    double[] reference = LogisticRegressionReferenceTest.newton(MANY.x(), MANY.y(), 0.5, false);
    NewtonLogisticRegression.Solution fit =
        NewtonLogisticRegression.fit(MANY.x(), MANY.y(), 0.5, 1e-10, 100);

    assertThat(fit.converged()).isTrue();
    for (int j = 0; j < 3; j++) {
      assertThat(fit.weights()[j]).as("weight %d", j).isCloseTo(reference[j], within(1e-8));
    }
    assertThat(fit.intercept()).isCloseTo(reference[3], within(1e-7));
  }

  @Test
  void theResultDoesNotDependOnTheNumberOfCores() throws Exception {
    NewtonLogisticRegression.Solution one = fitIn(new ForkJoinPool(1));
    NewtonLogisticRegression.Solution three = fitIn(new ForkJoinPool(3));

    assertThat(three.weights()).isEqualTo(one.weights()); // bit for bit
    assertThat(three.intercept()).isEqualTo(one.intercept());
    assertThat(three.iterations()).isEqualTo(one.iterations());
  }

  private static NewtonLogisticRegression.Solution fitIn(ForkJoinPool pool) throws Exception {
    try {
      // A parallel stream started inside a pool's task runs on that pool.
      return pool.submit(() -> NewtonLogisticRegression.fit(MANY.x(), MANY.y(), 1.0, 1e-4, 100))
          .get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void itStopsByTheToleranceAndTheIterationLimit() {
    double[] reference = LogisticRegressionReferenceTest.newton(MANY.x(), MANY.y(), 1.0, false);
    NewtonLogisticRegression.Solution loose =
        NewtonLogisticRegression.fit(MANY.x(), MANY.y(), 1.0, 0.1, 100);
    NewtonLogisticRegression.Solution tight =
        NewtonLogisticRegression.fit(MANY.x(), MANY.y(), 1.0, 1e-10, 100);
    NewtonLogisticRegression.Solution once =
        NewtonLogisticRegression.fit(MANY.x(), MANY.y(), 1.0, 1e-10, 1);

    assertThat(loose.converged()).isTrue();
    assertThat(loose.iterations()).isLessThan(tight.iterations());
    assertThat(Math.abs(loose.weights()[0] - reference[0]))
        .isGreaterThan(Math.abs(tight.weights()[0] - reference[0]));
    assertThat(once.iterations()).isEqualTo(1);
    assertThat(once.converged()).isFalse();
  }

  @Test
  void separableRowsGiveFiniteWeights() {
    TrainingData apart = Blobs.generate(200, 2, 2, 40.0, 0.5, 3);
    NewtonLogisticRegression.Solution fit =
        NewtonLogisticRegression.fit(apart.x(), apart.y(), 1.0, 1e-4, 1000);

    assertThat(fit.converged()).isTrue();
    assertThat(java.util.Arrays.stream(fit.weights()).allMatch(Double::isFinite)).isTrue();
    assertThat(fit.weights()[0]).isPositive(); // class 1 lies at larger values
  }

  /**
   * The committed format-1 model (TrainedModelFilesTest#aFormatVersionOneModelStillLoads) was
   * trained by Tribuo's LibLinear trainer; the Newton trainer, on the same 60 rows and scaling,
   * gives the same probabilities to within LibLinear's stopping tolerance.
   */
  @Test
  void itTrainsTheModelTheLibLinearTrainerTrained() {
    TrainingData data = Blobs.generate(60, 3, 2, 2.0, 0.5, 5);
    FeaturePipeline pipeline =
        FeaturePipeline.fit(
            FeatureSelection.resolve(
                List.of(
                    FeatureSpec.of(Scaling.STANDARD, "feature_0", "feature_1"),
                    FeatureSpec.of(Scaling.MIN_MAX, "feature_2")),
                data.featureNames()),
            data.x(),
            IntStream.range(0, data.rows()).toArray());
    ModelSpec defaults = ModelSpec.builder().algorithm(Algorithm.LOGISTIC_REGRESSION).build();
    TrainedModel model =
        ModelTrainer.of(defaults)
            .train(
                pipeline, pipeline.transform(data.x(), IntStream.range(0, 60).toArray()), data.y());

    double[][] rows = {{0, 10, 20}, {-1.5, 8, 25}, {2, 13, 19}};
    double[] p = model.predictProbability(rows);
    assertThat(p[0]).isCloseTo(0.5478034748287659, within(1e-4));
    assertThat(p[1]).isCloseTo(0.06419869024140246, within(1e-4));
    assertThat(p[2]).isCloseTo(0.9821080954394227, within(1e-4));
  }
}
