package dev.larder.ml.workflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.FeatureStoreSpecBuilder;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.spec.Scaling;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MlWorkflowErrorsTest {
  private static final TrainingData DATA = Blobs.generate(40, 3, 2, 3.0, 0.5, 4);
  private static final List<FeatureSpec> ALL = List.of(FeatureSpec.ALL_STANDARD);
  private static final ModelSpec SPEC = ModelSpec.defaults();
  private static final FeatureStoreSpec ENABLED = new FeatureStoreSpecBuilder().enable().build();

  private static AbstractThrowableAssert<?, ? extends Throwable> fails(ThrowingCallable call) {
    return assertThatThrownBy(call).isInstanceOf(InvalidArgumentException.class);
  }

  private static String hint(Throwable e) {
    return ((LarderException) e).hint();
  }

  @Test
  void xWithoutYNamesBoth() {
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, DATA.x(), null, null))
        .hasMessageContaining("X is given but y is null");
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, null, DATA.y(), null))
        .hasMessageContaining("y is given but X is null");
  }

  @Test
  void xAndYWithAnEnabledFeatureStoreIsAChoice() {
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, DATA.x(), DATA.y(), ENABLED))
        .hasMessageContaining("X and y were given and feature_store_spec is enabled")
        .hasMessageContaining("choose one");
  }

  @Test
  void noRowsAtAllExplainsBothWays() {
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, null, null, null))
        .hasMessageContaining("X and y are null and feature_store_spec is null")
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(hint(e)).contains("Pass X and y"));
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, null, null, FeatureStoreSpec.disabled()))
        .hasMessageContaining("feature_store_spec is disabled");
  }

  @Test
  void anEnabledFeatureStoreWithoutASourceSaysItIsNotConfigured() {
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, null, null, ENABLED))
        .hasMessageContaining("no feature store training-data source is configured")
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(hint(e))
                    .contains("featureStoreSource")
                    .contains("pass X and y"));
  }

  @Test
  void aPatternThatMatchesNothingIsNamed() {
    List<FeatureSpec> specs =
        List.of(FeatureSpec.of(Scaling.STANDARD, "feature_0"), FeatureSpec.of(Scaling.NONE, "age"));
    fails(() -> MlWorkflow.runMlWorkflow(specs, SPEC, DATA.x(), DATA.y(), null))
        .hasMessageContaining("features[1].include pattern 'age' matches no feature")
        .hasMessageContaining("feature_0, feature_1, feature_2");
  }

  @Test
  void overlappingSpecsNameTheFeatureAndBothPatterns() {
    List<FeatureSpec> specs =
        List.of(
            FeatureSpec.of(Scaling.STANDARD, "feature_?"),
            FeatureSpec.of(Scaling.MIN_MAX, "feature_2"));
    fails(() -> MlWorkflow.runMlWorkflow(specs, SPEC, DATA.x(), DATA.y(), null))
        .hasMessageContaining("feature 'feature_2'")
        .hasMessageContaining("'feature_?'")
        .hasMessageContaining("'feature_2'");
  }

  @Test
  void malformedLabelsAndShapesAreNamed() {
    int[] y = DATA.y().clone();
    y[7] = 3;
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, DATA.x(), y, null))
        .hasMessageContaining("y[7] is 3");
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, DATA.x(), new int[5], null))
        .hasMessageContaining("X has 40 rows, y has 5");
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, new double[0][], new int[0], null))
        .hasMessageContaining("X has no rows");
  }

  @Test
  void missingSpecsAreNamed() {
    fails(() -> MlWorkflow.runMlWorkflow(List.of(), SPEC, DATA.x(), DATA.y(), null))
        .hasMessageContaining("feature_specs is empty");
    fails(() -> MlWorkflow.runMlWorkflow(ALL, null, DATA.x(), DATA.y(), null))
        .hasMessageContaining("model_spec is null");
  }

  @Test
  void tooFewRowsForTheSplitOrTheFolds() {
    double[][] x = {{1}, {2}, {3}};
    fails(() -> MlWorkflow.runMlWorkflow(ALL, SPEC, x, new int[] {0, 1, 0}, null))
        .hasMessageContaining("model.test_fraction");
    // 3 rows of class 1 at test fraction 0.5: round(1.5) = 2 go to test, 1 stays for training
    int[] threePositives = new int[DATA.rows()];
    threePositives[0] = 1;
    threePositives[1] = 1;
    threePositives[2] = 1;
    ModelSpec folds = ModelSpec.builder().testFraction(0.5).crossValidationFolds(2).build();
    fails(() -> MlWorkflow.runMlWorkflow(ALL, folds, DATA.x(), threePositives, null))
        .hasMessageContaining("class 1 has 1 row(s) in the training split");
    ModelSpec manyFolds = ModelSpec.builder().crossValidationFolds(50).build();
    fails(() -> MlWorkflow.runMlWorkflow(ALL, manyFolds, DATA.x(), DATA.y(), null))
        .hasMessageContaining("model.cv_folds = 50");
  }
}
