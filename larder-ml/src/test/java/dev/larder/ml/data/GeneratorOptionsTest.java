package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {

  @Test
  void defaultsAreTheCommandLineDefaults() {
    GeneratorOptions defaults = GeneratorOptions.defaults();

    assertThat(defaults).isEqualTo(new GeneratorOptions(1000, 20, 2, 2, 42L, 1));
    assertThat(defaults.rows()).isEqualTo(1000);
    assertThat(defaults.withSnapshots(3).rows()).isEqualTo(3000);
  }

  @Test
  void eachOutOfRangeValueNamesItsOptionAndRange() {
    assertRejected(() -> new GeneratorOptions(0, 20, 2, 2, 42, 1), "--samples", "between 1 and");
    assertRejected(() -> new GeneratorOptions(10, 0, 2, 2, 42, 1), "--features", "between 1 and");
    assertRejected(
        () -> new GeneratorOptions(10, 20, 1, 0, 42, 1), "--informative", "2^informative");
    assertRejected(() -> new GeneratorOptions(10, 40, 31, 0, 42, 1), "--informative", "and 30");
    assertRejected(() -> new GeneratorOptions(10, 20, 2, -1, 42, 1), "--redundant", "between 0");
    assertRejected(() -> new GeneratorOptions(10, 20, 2, 2, 42, 0), "--snapshots", "and 1000");
    assertRejected(() -> new GeneratorOptions(10, 20, 2, 2, 42, 1001), "--snapshots", "and 1000");
  }

  @Test
  void informativePlusRedundantMustFitTheFeatures() {
    assertRejected(
        () -> new GeneratorOptions(10, 5, 3, 3, 42, 1),
        "--informative (3) + --redundant (3) must be at most --features (5)");
    assertThat(new GeneratorOptions(10, 6, 3, 3, 42, 1).features()).isEqualTo(6);
  }

  @Test
  void theMatrixMustFitInMemory() {
    assertRejected(
        () -> new GeneratorOptions(10_000_000, 20, 2, 2, 42, 1), "--samples × --features");
  }

  @Test
  void fewerSamplesThanClustersAreAllowed() {
    // make_classification leaves clusters empty when samples < 4; nothing else requires more.
    assertThat(new GeneratorOptions(1, 2, 2, 0, 42, 1).samples()).isEqualTo(1);
  }

  private static void assertRejected(Runnable construction, String... fragments) {
    assertThatThrownBy(construction::run)
        .isInstanceOf(InvalidArgumentException.class)
        .message()
        .contains(fragments);
  }
}
