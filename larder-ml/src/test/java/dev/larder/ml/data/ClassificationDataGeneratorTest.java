package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.larder.ml.data.ClassificationSamples.ColumnRole;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassificationDataGeneratorTest {
  private static final GeneratorOptions DEFAULTS = GeneratorOptions.defaults();

  @Test
  void theSameSeedGivesIdenticalSamplesAndAnotherSeedDifferentOnes() {
    ClassificationSamples first = generate(DEFAULTS);
    ClassificationSamples again = generate(DEFAULTS);
    ClassificationSamples other = generate(DEFAULTS.withSeed(7));

    assertThat(Arrays.deepEquals(first.x(), again.x())).isTrue();
    assertThat(again.y()).isEqualTo(first.y());
    assertThat(again.columnOrigins()).isEqualTo(first.columnOrigins());
    assertThat(Arrays.deepEquals(first.x(), other.x())).isFalse();
    assertThat(other.y()).isNotEqualTo(first.y());
  }

  @Test
  void shapesFollowTheOptions() {
    ClassificationSamples samples = generate(new GeneratorOptions(123, 9, 3, 4, 1, 1));

    assertThat(samples.x()).hasNumberOfRows(123);
    assertThat(Arrays.stream(samples.x()).mapToInt(row -> row.length)).containsOnly(9);
    assertThat(samples.y()).hasSize(123);
    assertThat(samples.y()).containsOnly(0, 1);
    assertThat(samples.columnOrigins()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(roles(samples))
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                ColumnRole.INFORMATIVE,
                ColumnRole.INFORMATIVE,
                ColumnRole.INFORMATIVE,
                ColumnRole.REDUNDANT,
                ColumnRole.REDUNDANT,
                ColumnRole.REDUNDANT,
                ColumnRole.REDUNDANT,
                ColumnRole.NOISE,
                ColumnRole.NOISE));
  }

  @Test
  void clustersHaveExactSizesAndLabelsAreBalancedWithinTheFlipNoise() {
    ClassificationSamples samples = generate(DEFAULTS.withSamples(1003));

    int[] sizes = new int[4];
    for (int cluster : samples.clusters()) {
      sizes[cluster]++;
    }
    assertThat(sizes).containsExactly(251, 251, 251, 250);
    assertThat(ClassificationDataGenerator.clusterSizes(1000)).containsExactly(250, 250, 250, 250);
    assertThat(ClassificationDataGenerator.clusterSizes(2)).containsExactly(1, 1, 0, 0);

    long flipped =
        IntStream.range(0, 1003).filter(i -> samples.y()[i] != samples.clusters()[i] % 2).count();
    // flip_y = 0.01 draws a new label for about 10 rows, half of which keep their class.
    assertThat(flipped).isBetween(1L, 20L);
    long ones = Arrays.stream(samples.y()).filter(label -> label == 1).count();
    assertThat(ones).isBetween(501L - 20, 501L + 20);
  }

  @Test
  void informativeAndRedundantColumnsCarryTheClassAndNoiseColumnsDoNot() {
    ClassificationSamples samples = generate(DEFAULTS.withSamples(2000));

    double signal = nearestClusterAccuracy(samples, columns(samples, ColumnRole.INFORMATIVE));
    double redundant = nearestClusterAccuracy(samples, columns(samples, ColumnRole.REDUNDANT));
    int[] noise = columns(samples, ColumnRole.NOISE);
    double noiseOnly = nearestClusterAccuracy(samples, Arrays.copyOf(noise, 2));

    assertThat(signal).isGreaterThan(0.75);
    assertThat(redundant).isGreaterThan(0.75);
    assertThat(noiseOnly).isBetween(0.4, 0.6);
  }

  @Test
  void redundantColumnsAreExactLinearCombinationsOfTheInformativeOnes() {
    ClassificationSamples samples = generate(DEFAULTS);
    int[] informative = columns(samples, ColumnRole.INFORMATIVE);

    for (int column : columns(samples, ColumnRole.REDUNDANT)) {
      assertThat(leastSquaresResidual(samples.x(), informative, column)).isLessThan(1e-9);
    }
    // The check can fail: a noise column is no such combination.
    int noise = columns(samples, ColumnRole.NOISE)[0];
    assertThat(leastSquaresResidual(samples.x(), informative, noise)).isGreaterThan(0.5);
  }

  @Test
  void withoutShufflingClustersSitOnDistinctHypercubeVertices() {
    for (int informative : new int[] {2, 3, 10}) {
      GeneratorOptions options = new GeneratorOptions(4000, informative + 2, informative, 0, 5, 1);
      ClassificationSamples samples = new ClassificationDataGenerator(options, false).generate();

      assertThat(samples.columnOrigins()).isEqualTo(IntStream.range(0, informative + 2).toArray());
      assertThat(samples.clusters()).isSorted();
      double[][] means = clusterMeans(samples, IntStream.range(0, informative).toArray());
      for (double[] mean : means) {
        for (double coordinate : mean) {
          assertThat(Math.abs(coordinate)).isCloseTo(1.0, within(0.15));
        }
      }
      assertThat(Arrays.stream(means).map(ClassificationDataGeneratorTest::signs).distinct())
          .hasSize(4);
    }
  }

  @Test
  void samplingWithoutReplacementFollowsScikitLearnsMethods() {
    Random untouched = new Random(3);
    Random random = new Random(3);
    // Ratio 1: reservoir sampling draws nothing and keeps the natural order.
    assertThat(ClassificationDataGenerator.sampleWithoutReplacement(4, 4, random))
        .containsExactly(0, 1, 2, 3);
    assertThat(random.nextLong()).isEqualTo(untouched.nextLong());

    int[] permuted = ClassificationDataGenerator.sampleWithoutReplacement(8, 4, new Random(3));
    int[] tracked = ClassificationDataGenerator.sampleWithoutReplacement(1 << 20, 4, new Random(3));
    assertThat(permuted).doesNotHaveDuplicates();
    assertThat(Arrays.stream(permuted)).allMatch(v -> v >= 0 && v < 8);
    assertThat(tracked).doesNotHaveDuplicates();
    assertThat(Arrays.stream(tracked)).allMatch(v -> v >= 0 && v < 1 << 20);
  }

  @Test
  void tinySampleCountsStillWork() {
    ClassificationSamples one = generate(new GeneratorOptions(1, 2, 2, 0, 42, 1));
    ClassificationSamples three = generate(new GeneratorOptions(3, 4, 2, 2, 42, 1));

    assertThat(one.x()).hasNumberOfRows(1);
    assertThat(three.clusters()).containsExactlyInAnyOrder(0, 1, 2);
  }

  private static ClassificationSamples generate(GeneratorOptions options) {
    return new ClassificationDataGenerator(options).generate();
  }

  private static List<ColumnRole> roles(ClassificationSamples samples) {
    return IntStream.range(0, samples.features()).mapToObj(samples::role).toList();
  }

  private static int[] columns(ClassificationSamples samples, ColumnRole role) {
    return IntStream.range(0, samples.features()).filter(c -> samples.role(c) == role).toArray();
  }

  private static double[][] clusterMeans(ClassificationSamples samples, int[] columns) {
    double[][] sums = new double[4][columns.length];
    int[] counts = new int[4];
    for (int i = 0; i < samples.samples(); i++) {
      int k = samples.clusters()[i];
      counts[k]++;
      for (int c = 0; c < columns.length; c++) {
        sums[k][c] += samples.x()[i][columns[c]];
      }
    }
    for (int k = 0; k < 4; k++) {
      for (int c = 0; c < columns.length; c++) {
        sums[k][c] /= counts[k];
      }
    }
    return sums;
  }

  /** Accuracy of predicting the label from the nearest cluster mean over the given columns. */
  private static double nearestClusterAccuracy(ClassificationSamples samples, int[] columns) {
    double[][] means = clusterMeans(samples, columns);
    int correct = 0;
    for (int i = 0; i < samples.samples(); i++) {
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int k = 0; k < 4; k++) {
        double distance = 0;
        for (int c = 0; c < columns.length; c++) {
          double d = samples.x()[i][columns[c]] - means[k][c];
          distance += d * d;
        }
        if (distance < bestDistance) {
          bestDistance = distance;
          best = k;
        }
      }
      if (best % 2 == samples.y()[i]) {
        correct++;
      }
    }
    return (double) correct / samples.samples();
  }

  /** Largest absolute residual of regressing column {@code target} on two columns, no intercept. */
  private static double leastSquaresResidual(double[][] x, int[] predictors, int target) {
    double s00 = 0, s01 = 0, s11 = 0, t0 = 0, t1 = 0;
    for (double[] row : x) {
      double a = row[predictors[0]];
      double b = row[predictors[1]];
      s00 += a * a;
      s01 += a * b;
      s11 += b * b;
      t0 += a * row[target];
      t1 += b * row[target];
    }
    double determinant = s00 * s11 - s01 * s01;
    double c0 = (s11 * t0 - s01 * t1) / determinant;
    double c1 = (s00 * t1 - s01 * t0) / determinant;
    double worst = 0;
    for (double[] row : x) {
      worst =
          Math.max(
              worst, Math.abs(row[target] - c0 * row[predictors[0]] - c1 * row[predictors[1]]));
    }
    return worst;
  }

  private static String signs(double[] mean) {
    StringBuilder signs = new StringBuilder();
    for (double coordinate : mean) {
      signs.append(coordinate > 0 ? '+' : '-');
    }
    return signs.toString();
  }
}
