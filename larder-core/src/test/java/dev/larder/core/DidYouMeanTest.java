package dev.larder.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

  @Test
  void suggestsCloseNamesIgnoringCase() {
    assertThat(DidYouMean.closest("ttll", List.of("name", "ttl", "source"))).contains("ttl");
    assertThat(DidYouMean.closest("sampel", List.of("sample"))).contains("sample");
    assertThat(DidYouMean.closest("FLOAT64", List.of("Float32", "Float64"))).contains("Float64");
    assertThat(DidYouMean.closest("feature_20", List.of("feature_0", "feature_2")))
        .contains("feature_2");
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertThat(DidYouMean.closest("xy", List.of("ab", "cd"))).isEmpty();
    assertThat(DidYouMean.closest("colour", List.of("name", "ttl"))).isEmpty();
    assertThat(DidYouMean.closest("", List.of("a"))).isEmpty();
    assertThat(DidYouMean.closest("g", List.of("f"))).isEmpty();
    assertThat(DidYouMean.suffix("colour", List.of("name"))).isEmpty();
    assertThat(DidYouMean.sentenceEnd("colour", List.of("name"))).isEqualTo(".");
    assertThat(DidYouMean.sentenceEnd("nme", List.of("name"))).isEqualTo("; did you mean 'name'?");
  }

  @Test
  void countsATranspositionAsOneEdit() {
    assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
  }
}
