package dev.larder.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureReferenceTest {

  @Test
  void parsesTheThreeForms() {
    assertThat(FeatureReference.parse("classification_features:feature_3"))
        .isEqualTo(new FeatureReference("classification_features", null, "feature_3"));
    assertThat(FeatureReference.parse("driver_stats@v2:conv_rate"))
        .isEqualTo(new FeatureReference("driver_stats", 2, "conv_rate"));
    assertThat(FeatureReference.parse("driver_stats@latest:conv_rate"))
        .isEqualTo(FeatureReference.of("driver_stats", "conv_rate"));
  }

  @Test
  void formatsCanonically() {
    assertThat(FeatureReference.parse(" v@v10:f ").toString()).isEqualTo("v@v10:f");
    assertThat(FeatureReference.parse("v@latest:f").toString()).isEqualTo("v:f");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "feature_3 | it has no ':' between the view and the feature",
        "a:b:c | it has more than one ':'",
        "v@2:f | the version '2' is neither vN nor latest",
        "v@newest:f | the version 'newest' is neither vN nor latest",
        ":f | the view name '' is empty or has characters other than letters, digits, _",
        "my-view:f | the view name 'my-view' is empty or has characters other than letters, digits, _",
        "v: | the feature name '' is empty or has characters other than letters, digits, _"
      })
  void malformedReferencesNameTheProblemAndTheExpectedForms(String text, String problem) {
    assertThatThrownBy(() -> FeatureReference.parse(text))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "feature reference '"
                + text
                + "' is not valid: "
                + problem
                + "; expected view:feature, view@v2:feature or view@latest:feature (names use"
                + " letters, digits and _)");
  }
}
