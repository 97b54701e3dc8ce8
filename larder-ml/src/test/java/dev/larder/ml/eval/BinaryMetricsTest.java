package dev.larder.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.larder.core.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  private static final double EXACT = 1e-12;

  // Predicted (p > 0.5): 1 0 1 0 1 0 1 0 -> tp = 3 (rows 0, 2, 6), fn = 1 (row 3),
  // fp = 1 (row 4), tn = 3 (rows 1, 5, 7; row 7 is the tie at 0.5, predicted 0).
  private static final int[] LABELS = {1, 0, 1, 1, 0, 0, 1, 0};
  private static final double[] PROBABILITIES = {0.9, 0.2, 0.6, 0.4, 0.7, 0.1, 0.8, 0.5};

  @Test
  void countsAndRatiosMatchHandComputedValues() {
    BinaryMetrics m = BinaryMetrics.evaluate(LABELS, PROBABILITIES);

    assertThat(m.confusionMatrix()).isEqualTo(new ConfusionMatrix(3, 1, 1, 3));
    assertThat(m.confusionMatrix().toArray()).isEqualTo(new int[][] {{3, 1}, {1, 3}});
    assertThat(m.accuracy()).isCloseTo(6.0 / 8, within(EXACT));
    assertThat(m.precision()).isCloseTo(3.0 / 4, within(EXACT));
    assertThat(m.recall()).isCloseTo(3.0 / 4, within(EXACT));
    assertThat(m.f1()).isCloseTo(0.75, within(EXACT));
  }

  @Test
  void rocAucCountsCorrectlyOrderedPairs() {
    // Positives 0.9, 0.6, 0.4, 0.8 against negatives 0.2, 0.7, 0.1, 0.5:
    // 0.9 beats 4, 0.6 beats 3, 0.4 beats 2, 0.8 beats 4 -> 13 of 16 pairs.
    assertThat(BinaryMetrics.evaluate(LABELS, PROBABILITIES).rocAuc())
        .isCloseTo(13.0 / 16, within(EXACT));
  }

  @Test
  void rocAucAveragesTiedScoresLikeTheTrapezoidalCurve() {
    // The tied pair (0.5, 0.5) counts one half: (1 + 0.5 + 1 + 1) / 4 = 0.875. The ROC curve
    // (0,0) (0,.5) (.5,1) (1,1) has trapezoidal area 0.375 + 0.5 = 0.875 as well.
    int[] labels = {0, 1, 0, 1};
    double[] scores = {0.5, 0.5, 0.2, 0.8};
    assertThat(BinaryMetrics.rocAuc(labels, scores)).isCloseTo(0.875, within(EXACT));

    assertThat(BinaryMetrics.rocAuc(new int[] {0, 1, 1, 0, 1}, new double[] {3, 3, 3, 3, 3}))
        .isCloseTo(0.5, within(EXACT));
    assertThat(BinaryMetrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {-5, 1, 2, 70}))
        .isCloseTo(1.0, within(EXACT));
  }

  @Test
  void rocAucIsNaNForOneClass() {
    assertThat(BinaryMetrics.rocAuc(new int[] {1, 1}, new double[] {0.2, 0.9})).isNaN();
    assertThat(BinaryMetrics.evaluate(new int[] {0, 0}, new double[] {0.2, 0.9}).rocAuc()).isNaN();
  }

  @Test
  void logLossIsTheMeanNegativeNaturalLogLikelihood() {
    double expected =
        -(Math.log(0.9)
                + Math.log(0.8)
                + Math.log(0.6)
                + Math.log(0.4)
                + Math.log(0.3)
                + Math.log(0.9)
                + Math.log(0.8)
                + Math.log(0.5))
            / 8;
    assertThat(expected).isCloseTo(0.4976555593, within(1e-9));
    assertThat(BinaryMetrics.evaluate(LABELS, PROBABILITIES).logLoss())
        .isCloseTo(expected, within(EXACT));
  }

  @Test
  void logLossClipsProbabilities() {
    // Certain and wrong: -ln(1e-15) = 34.538776394910684 per row, not infinity.
    assertThat(BinaryMetrics.logLoss(new int[] {1, 0}, new double[] {0.0, 1.0}))
        .isCloseTo(-Math.log(1e-15), within(1e-9))
        .isCloseTo(34.538776394910684, within(1e-9));
    // Certain and right: -ln(1 - 1e-15), about 1e-15, not exactly 0.
    assertThat(BinaryMetrics.logLoss(new int[] {1, 0}, new double[] {1.0, 0.0}))
        .isPositive()
        .isCloseTo(0.0, within(1e-14));
  }

  @Test
  void zeroOverZeroIsZero() {
    // Nothing predicted positive: precision is 0/0, F1 is 0/(0 + 0 + 1).
    BinaryMetrics none = BinaryMetrics.evaluate(new int[] {1, 0}, new double[] {0.2, 0.3});
    assertThat(none.precision()).isZero();
    assertThat(none.recall()).isZero();
    assertThat(none.f1()).isZero();
    // No positives at all and none predicted: recall 0/0, F1 0/0.
    BinaryMetrics negatives = BinaryMetrics.evaluate(new int[] {0, 0}, new double[] {0.1, 0.4});
    assertThat(negatives.accuracy()).isEqualTo(1.0);
    assertThat(negatives.precision()).isZero();
    assertThat(negatives.recall()).isZero();
    assertThat(negatives.f1()).isZero();
  }

  @Test
  void metricEnumReadsEachValue() {
    BinaryMetrics m = BinaryMetrics.evaluate(LABELS, PROBABILITIES);
    assertThat(m.get(Metric.ACCURACY)).isEqualTo(m.accuracy());
    assertThat(m.get(Metric.ROC_AUC)).isEqualTo(m.rocAuc());
    assertThat(m.get(Metric.LOG_LOSS)).isEqualTo(m.logLoss());
    assertThat(Metric.ROC_AUC.id()).isEqualTo("roc_auc");
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> BinaryMetrics.evaluate(new int[] {0, 2}, new double[] {0.1, 0.2}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("label 1 is 2");
    assertThatThrownBy(() -> BinaryMetrics.evaluate(new int[] {0, 1}, new double[] {0.1}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("2 labels but 1 predictions");
    assertThatThrownBy(() -> BinaryMetrics.evaluate(new int[] {0, 1}, new double[] {0.1, 1.5}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> BinaryMetrics.evaluate(new int[0], new double[0]))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void crossValidationSummaryHasPopulationStandardDeviation() {
    BinaryMetrics a = BinaryMetrics.evaluate(new int[] {0, 1}, new double[] {0.2, 0.9});
    BinaryMetrics b = BinaryMetrics.evaluate(new int[] {0, 1}, new double[] {0.7, 0.9});
    CrossValidationSummary summary = CrossValidationSummary.of(java.util.List.of(a, b));

    assertThat(summary.k()).isEqualTo(2);
    // accuracies 1.0 and 0.5: mean 0.75, population std 0.25
    assertThat(summary.get(Metric.ACCURACY).mean()).isCloseTo(0.75, within(EXACT));
    assertThat(summary.get(Metric.ACCURACY).std()).isCloseTo(0.25, within(EXACT));
    assertThat(summary.summary()).containsOnlyKeys(Metric.values());
    assertThat(MeanStd.of(new double[] {0.8, 0.9, 1.0}).std())
        .isCloseTo(Math.sqrt(0.02 / 3), within(EXACT));
  }
}
