package dev.larder.ml.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.Scaling;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSelectionTest {
  private static final List<String> NAMES =
      List.of("feature_0", "feature_1", "age", "feature_2", "income");

  @Test
  void selectedFeaturesKeepDataColumnOrder() {
    FeatureSelection selection =
        FeatureSelection.resolve(
            List.of(
                FeatureSpec.of(Scaling.MIN_MAX, "income", "feature_2"),
                FeatureSpec.of(Scaling.STANDARD, "feature_0", "age")),
            NAMES);

    assertThat(selection.names()).containsExactly("feature_0", "age", "feature_2", "income");
    assertThat(selection.features())
        .extracting(SelectedFeature::column)
        .containsExactly(0, 2, 3, 4);
    assertThat(selection.features())
        .extracting(SelectedFeature::scaling)
        .containsExactly(Scaling.STANDARD, Scaling.STANDARD, Scaling.MIN_MAX, Scaling.MIN_MAX);
    assertThat(selection.inputNames()).isEqualTo(NAMES);
  }

  @Test
  void onesSpecMaySelectAFeatureThroughSeveralPatterns() {
    FeatureSelection selection =
        FeatureSelection.resolve(
            List.of(FeatureSpec.of(Scaling.NONE, "feature_*", "feature_1")), NAMES);
    assertThat(selection.names()).containsExactly("feature_0", "feature_1", "feature_2");
  }

  @Test
  void aPatternThatMatchesNothingIsNamedWithTheAvailableFeatures() {
    assertThatThrownBy(
            () ->
                FeatureSelection.resolve(
                    List.of(
                        FeatureSpec.of(Scaling.STANDARD, "feature_*"),
                        FeatureSpec.of(Scaling.NONE, "agee")),
                    NAMES))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("features[1].include pattern 'agee' matches no feature")
        .hasMessageContaining("feature_0, feature_1, age, feature_2, income");
  }

  @Test
  void aFeatureSelectedByTwoSpecsNamesBothPatterns() {
    assertThatThrownBy(
            () ->
                FeatureSelection.resolve(
                    List.of(
                        FeatureSpec.of(Scaling.STANDARD, "feature_*"),
                        FeatureSpec.of(Scaling.NONE, "age", "feature_1")),
                    NAMES))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("feature 'feature_1'")
        .hasMessageContaining("features[0] (pattern 'feature_*')")
        .hasMessageContaining("features[1] (pattern 'feature_1')");
  }

  @Test
  void noSpecsOrRepeatedNamesAreErrors() {
    assertThatThrownBy(() -> FeatureSelection.resolve(List.of(), NAMES))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("feature_specs is empty");
    assertThatThrownBy(
            () ->
                FeatureSelection.resolve(List.of(FeatureSpec.ALL_STANDARD), List.of("a", "b", "a")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("two feature columns named 'a'");
  }
}
