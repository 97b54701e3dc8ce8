package dev.larder.ml.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.Scaling;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturePipelineTest {
  private static final double EXACT = 1e-12;

  private static FeatureSelection selection(Scaling scaling, int columns) {
    List<String> names =
        java.util.stream.IntStream.range(0, columns).mapToObj(j -> "f" + j).toList();
    return FeatureSelection.resolve(List.of(FeatureSpec.of(scaling, "*")), names);
  }

  private static double[][] column(double... values) {
    return Arrays.stream(values).mapToObj(v -> new double[] {v}).toArray(double[][]::new);
  }

  private static int[] all(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  @Test
  void standardScalingUsesThePopulationStandardDeviation() {
    double[][] x = column(1, 2, 3, 4);
    ColumnScaler s =
        FeaturePipeline.fit(selection(Scaling.STANDARD, 1), x, all(4)).scalers().get(0);
    assertThat(s.center()).isCloseTo(2.5, within(EXACT));
    assertThat(s.scale()).isCloseTo(Math.sqrt(1.25), within(EXACT)); // divides by n, not n - 1
  }

  @Test
  void constantColumnsScaleToZeroNotNaN() {
    double[][] x = column(0.1, 0.1, 0.1); // their float mean is not exactly 0.1
    for (Scaling scaling : Scaling.values()) {
      FeaturePipeline p = FeaturePipeline.fit(selection(scaling, 1), x, all(3));
      assertThat(p.scalers().get(0).scale()).isEqualTo(1.0);
      double[][] scaled = p.transform(x);
      double expected = scaling == Scaling.NONE ? 0.1 : 0.0;
      assertThat(scaled).isEqualTo(new double[][] {{expected}, {expected}, {expected}});
    }
  }

  @Test
  void minMaxMapsTheTrainingRangeToZeroOne() {
    double[][] x = column(2, 4, 6, 10);
    FeaturePipeline p = FeaturePipeline.fit(selection(Scaling.MIN_MAX, 1), x, new int[] {0, 1, 2});
    assertThat(p.scalers().get(0)).isEqualTo(new ColumnScaler(Scaling.MIN_MAX, 2, 4));
    assertThat(p.transform(x)).isEqualTo(new double[][] {{0}, {0.5}, {1}, {2}});
  }

  @Test
  void noneLeavesValuesAlone() {
    double[][] x = column(-3, 7);
    FeaturePipeline p = FeaturePipeline.fit(selection(Scaling.NONE, 1), x, all(2));
    assertThat(p.scalers()).containsExactly(ColumnScaler.IDENTITY);
    assertThat(p.transform(x)).isEqualTo(x);
  }

  @Test
  void scalersAreFittedOnTrainingRowsOnly() {
    double[][] x = new double[10][2];
    for (int i = 0; i < 10; i++) {
      x[i][0] = i;
      x[i][1] = i * i;
    }
    int[] train = {0, 2, 3, 5, 7, 8};
    int[] test = {1, 4, 6, 9};
    FeatureSelection selection = selection(Scaling.STANDARD, 2);
    FeaturePipeline fitted = FeaturePipeline.fit(selection, x, train);
    double[][] trainScaled = fitted.transform(x, train);

    // Wild test rows change nothing that was fitted, nor the scaled training rows.
    double[][] wild = Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
    for (int row : test) {
      wild[row][0] = 1e9;
      wild[row][1] = -1e12;
    }
    FeaturePipeline refitted = FeaturePipeline.fit(selection, wild, train);
    assertThat(refitted).isEqualTo(fitted);
    assertThat(refitted.transform(wild, train)).isEqualTo(trainScaled);

    // The fitted parameters are those of the training rows alone.
    double[][] trainOnly = Arrays.stream(train).mapToObj(r -> x[r]).toArray(double[][]::new);
    assertThat(FeaturePipeline.fit(selection, trainOnly, all(train.length))).isEqualTo(fitted);
    double mean = Arrays.stream(train).mapToDouble(r -> r).average().orElseThrow();
    double variance =
        Arrays.stream(train).mapToDouble(r -> (r - mean) * (r - mean)).sum() / train.length;
    assertThat(fitted.scalers().get(0).center()).isCloseTo(mean, within(EXACT));
    assertThat(fitted.scalers().get(0).scale()).isCloseTo(Math.sqrt(variance), within(EXACT));
  }

  @Test
  void nonFiniteValuesAreNamed() {
    double[][] x = {{1, 2}, {Double.NaN, 3}};
    assertThatThrownBy(() -> FeaturePipeline.fit(selection(Scaling.STANDARD, 2), x, all(2)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("feature 'f0' is NaN in row 1");
  }

  @Test
  void rowsOfTheWrongWidthAreRejected() {
    FeaturePipeline p =
        FeaturePipeline.fit(selection(Scaling.NONE, 2), new double[][] {{1, 2}}, all(1));
    assertThatThrownBy(() -> p.transform(new double[][] {{1, 2, 3}}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("row 0 has 3 values but the model was trained on 2 input features");
  }
}
