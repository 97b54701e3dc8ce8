package dev.larder.ml.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

  @Test
  void modelDefaultsMatchTheGuideAndScikitLearn() {
    ModelSpec spec = ModelSpec.defaults();
    assertThat(spec.algorithm()).isEqualTo(Algorithm.LOGISTIC_REGRESSION);
    assertThat(spec.param("c")).isEqualTo(1.0);
    assertThat(spec.testFraction()).isEqualTo(0.2);
    assertThat(spec.seed()).isEqualTo(42);
    assertThat(spec.stratified()).isTrue();
    assertThat(spec.crossValidationFolds()).isZero();
    assertThat(spec.hyperParameters()).containsOnlyKeys("c", "max_iterations", "tolerance");
  }

  @Test
  void testFractionOutsideTheOpenIntervalNamesFieldAndRange() {
    for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> ModelSpec.builder().testFraction(bad).build())
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("model.test_fraction")
          .hasMessageContaining("(0, 1)");
    }
  }

  @Test
  void hyperParametersAreCheckedAgainstTheAlgorithm() {
    assertThatThrownBy(() -> ModelSpec.builder().hyperParameter("c", 0).build())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("model.hyperparameters.c")
        .hasMessageContaining("(0, 1000000]");
    assertThatThrownBy(
            () ->
                ModelSpec.builder()
                    .algorithm(Algorithm.RANDOM_FOREST)
                    .hyperParameter("n_estimators", 2.5)
                    .build())
        .hasMessageContaining("whole number")
        .hasMessageContaining("[1, 10000]");
    assertThatThrownBy(
            () ->
                ModelSpec.builder()
                    .algorithm(Algorithm.RANDOM_FOREST)
                    .hyperParameter("c", 1)
                    .build())
        .hasMessageContaining("not a hyper-parameter of random-forest")
        .hasMessageContaining("n_estimators");
    ModelSpec gb =
        ModelSpec.builder()
            .algorithm(Algorithm.GRADIENT_BOOSTING)
            .hyperParameter("learning_rate", 0.1)
            .build();
    assertThat(gb.param("learning_rate")).isEqualTo(0.1);
    assertThat(gb.intParam("n_estimators")).isEqualTo(100);
  }

  @Test
  void crossValidationFoldsAreZeroOrAtLeastTwo() {
    assertThatThrownBy(() -> ModelSpec.builder().crossValidationFolds(1).build())
        .hasMessageContaining("model.cv_folds")
        .hasMessageContaining("[2, 100]");
    assertThat(ModelSpec.builder().crossValidationFolds(5).build().crossValidationFolds())
        .isEqualTo(5);
  }

  @Test
  void buildersRejectASettingGivenTwice() {
    assertThatThrownBy(() -> ModelSpec.builder().seed(1).seed(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seed was already set to 1");
    assertThatThrownBy(() -> new FeatureStoreSpecBuilder().setRepoPath("a").setRepoPath("b"))
        .hasMessage("repo path was already set to a");
  }

  @Test
  void parsingNamesTheAllowedValues() {
    assertThatThrownBy(() -> Algorithm.parse("--model", "svm"))
        .hasMessage(
            "--model must be one of logistic-regression, random-forest, gradient-boosting,"
                + " got 'svm'");
    assertThatThrownBy(() -> Scaling.parse("features[0].scaling", "zscore"))
        .hasMessage("features[0].scaling must be one of standard, min-max, none, got 'zscore'");
  }

  @Test
  void featureSpecsMatchGlobsAndExactNames() {
    FeatureSpec spec = FeatureSpec.of(Scaling.MIN_MAX, "feature_1?", "target_like");
    assertThat(spec.selects("feature_12")).isTrue();
    assertThat(spec.selects("feature_1")).isFalse();
    assertThat(spec.selects("target_like")).isTrue();
    assertThat(FeatureSpec.ALL_STANDARD.selects("anything")).isTrue();
    assertThatThrownBy(() -> new FeatureSpec(List.of(), Scaling.NONE))
        .hasMessageContaining("features[].include");
    assertThatThrownBy(() -> FeatureSpec.of(Scaling.NONE, "feature_["))
        .hasMessageContaining("glob");
  }

  @Test
  void featureStoreSpecBuilderHasEveryMethodOfTheGuide() {
    FeatureStoreSpec spec =
        new FeatureStoreSpecBuilder()
            .enable()
            .setRepoPath("feature_repo")
            .setNFeatures(20)
            .setInitializeOnStart(true)
            .setForceRecreate(false)
            .setSampleIndices(List.of(0L, 10L, 20L, 30L))
            .setTimestamp(Instant.parse("2025-11-01T00:00:00Z"))
            .build();
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.repoPath()).isEqualTo(Path.of("feature_repo"));
    assertThat(spec.sampleIndices()).containsExactly(0L, 10L, 20L, 30L);
    assertThat(spec.timestamp()).isEqualTo(Instant.parse("2025-11-01T00:00:00Z"));
    assertThat(FeatureStoreSpec.disabled().enabled()).isFalse();
    assertThatThrownBy(() -> new FeatureStoreSpecBuilder().setNFeatures(0).build())
        .hasMessageContaining("feature_store.n_features")
        .hasMessageContaining("[1, 10000]");
    assertThatThrownBy(() -> new FeatureStoreSpecBuilder().setSampleIndices(List.of(-1L)).build())
        .hasMessageContaining("feature_store.sample_indices");
  }

  @Test
  void hyperParameterMapIsInDeclaredOrderAndImmutable() {
    ModelSpec spec =
        new ModelSpec(Algorithm.RANDOM_FOREST, Map.of("max_depth", 5.0), 0.3, 7, false, 0);
    assertThat(spec.hyperParameters().keySet())
        .containsExactly(
            "n_estimators",
            "max_depth",
            "min_samples_leaf",
            "max_features",
            "bootstrap",
            "max_bins");
    assertThatThrownBy(() -> spec.hyperParameters().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
