package dev.larder.ml.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every default must also be accepted when given explicitly: a saved model's spec lists every
 * hyper-parameter, defaults included, and must load again.
 */
class HyperParameterDefaultsTest {

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyDefaultIsWithinItsOwnRange(Algorithm algorithm) {
    Map<String, Double> defaults =
        ModelSpec.builder().algorithm(algorithm).build().hyperParameters();
    ModelSpec explicit = new ModelSpec(algorithm, defaults, 0.2, 42, true, 0);
    assertThat(explicit.hyperParameters()).isEqualTo(defaults);
  }
}
