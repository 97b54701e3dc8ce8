package dev.larder.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.larder.core.InvalidArgumentException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CurvesTest {

  @Test
  void aSmallRocCurveHasOnePointPerDistinctProbabilityWithTiesAsOneStep() {
    Predictions p =
        new Predictions(new int[] {1, 0, 1, 0, 1}, new double[] {0.9, 0.8, 0.8, 0.3, 0.1});

    List<CurvePoint> roc = Curves.roc(p);

    assertThat(roc)
        .containsExactly(
            new CurvePoint(0, 0, Double.POSITIVE_INFINITY),
            new CurvePoint(0, 1 / 3.0, 0.9),
            new CurvePoint(0.5, 2 / 3.0, 0.8),
            new CurvePoint(1, 2 / 3.0, 0.3),
            new CurvePoint(1, 1, 0.1));
    assertThat(Curves.area(roc))
        .isCloseTo(BinaryMetrics.rocAuc(p.labels(), p.probabilities()), within(1e-15));
  }

  @Test
  void onRandomPredictionsTheRocAreaIsTheRankAucAndBothRatesNeverDecrease() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      int n = 2 + random.nextInt(500);
      int[] labels = new int[n];
      double[] probabilities = new double[n];
      labels[0] = 0;
      labels[1] = 1;
      for (int i = 0; i < n; i++) {
        if (i > 1) {
          labels[i] = random.nextInt(2);
        }
        // coarse values give many ties
        probabilities[i] =
            Math.round(random.nextDouble() * (round % 2 == 0 ? 10 : 1000))
                / (round % 2 == 0 ? 10.0 : 1000.0);
      }
      Predictions p = new Predictions(labels, probabilities);
      List<CurvePoint> roc = Curves.roc(p);
      assertThat(Curves.area(roc))
          .isCloseTo(BinaryMetrics.rocAuc(labels, probabilities), within(1e-12));
      for (int i = 1; i < roc.size(); i++) {
        assertThat(roc.get(i).x()).isGreaterThanOrEqualTo(roc.get(i - 1).x());
        assertThat(roc.get(i).y()).isGreaterThanOrEqualTo(roc.get(i - 1).y());
        assertThat(roc.get(i).threshold()).isLessThan(roc.get(i - 1).threshold());
      }
      assertThat(roc.get(roc.size() - 1))
          .extracting(CurvePoint::x, CurvePoint::y)
          .containsExactly(1.0, 1.0);

      List<CurvePoint> pr = Curves.precisionRecall(p);
      for (int i = 1; i < pr.size(); i++) {
        assertThat(pr.get(i).x()).isGreaterThanOrEqualTo(pr.get(i - 1).x());
      }
      assertThat(pr.get(pr.size() - 1).x()).isEqualTo(1.0);
      double positives = p.positives();
      assertThat(pr.get(pr.size() - 1).y()).isCloseTo(positives / n, within(1e-15));
    }
  }

  @Test
  void averagePrecisionOfAPerfectRankingIsOne() {
    Predictions p = new Predictions(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.8, 0.9});
    assertThat(Curves.averagePrecision(Curves.precisionRecall(p))).isEqualTo(1.0);
    assertThat(Curves.area(Curves.roc(p))).isEqualTo(1.0);
  }

  @Test
  void thinningKeepsTheEndsAndTheOrderAndAtMostTheLimit() {
    Random random = new Random(3);
    int n = 5000;
    int[] labels = new int[n];
    double[] probabilities = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(2);
      probabilities[i] =
          Math.min(1, Math.max(0, 0.5 + (labels[i] - 0.5) * 0.4 + random.nextGaussian() * 0.2));
    }
    List<CurvePoint> full = Curves.roc(new Predictions(labels, probabilities));
    List<CurvePoint> thin = Curves.thin(full, 200);

    assertThat(full.size()).isGreaterThan(200);
    assertThat(thin).hasSize(200);
    assertThat(thin.get(0)).isEqualTo(full.get(0));
    assertThat(thin.get(199)).isEqualTo(full.get(full.size() - 1));
    for (int i = 1; i < thin.size(); i++) {
      assertThat(thin.get(i).x()).isGreaterThanOrEqualTo(thin.get(i - 1).x());
      assertThat(thin.get(i).y()).isGreaterThanOrEqualTo(thin.get(i - 1).y());
    }
    assertThat(Curves.area(thin)).isCloseTo(Curves.area(full), within(0.005));
    assertThat(Curves.thin(thin.subList(0, 10), 200)).isEqualTo(thin.subList(0, 10));
  }

  @Test
  void aOneClassSplitHasNoRocCurve() {
    Predictions p = new Predictions(new int[] {1, 1}, new double[] {0.2, 0.7});
    assertThatThrownBy(() -> Curves.roc(p))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("needs both classes");
    assertThat(Curves.precisionRecall(p)).hasSize(3);
  }
}
