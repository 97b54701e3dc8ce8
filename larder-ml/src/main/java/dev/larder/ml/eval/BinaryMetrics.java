package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binary classification metrics, positive class 1, computed from labels and predicted probabilities
 * of class 1.
 *
 * <p>Definitions (they match scikit-learn's defaults):
 *
 * <ul>
 *   <li>The predicted class is 1 when P(1) &gt; 0.5; a tie at exactly 0.5 predicts 0, as
 *       scikit-learn's arg-max picks the first class.
 *   <li>precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn); each is
 *       0 when its denominator is 0 (0/0 = 0, scikit-learn's {@code zero_division} result).
 *   <li>ROC AUC is rank based (Mann–Whitney U): tied scores get the average of their ranks, which
 *       equals the area under the ROC curve drawn with trapezoids. It is NaN when the labels hold
 *       one class only, where it is undefined.
 *   <li>Log loss is the mean negative natural-log likelihood. The probability given to each row's
 *       true class (P(1) for label 1, 1 − P(1) for label 0) is clipped to [1e-15, 1 − 1e-15] first,
 *       as scikit-learn clips each class's column, so that a confident mistake costs −ln(1e-15) ≈
 *       34.54 instead of infinity.
 * </ul>
 *
 * @param accuracy share of rows predicted correctly
 * @param precision share of predicted positives that are positive
 * @param recall share of positives predicted positive
 * @param f1 harmonic mean of precision and recall
 * @param rocAuc area under the ROC curve, or NaN for one-class labels
 * @param logLoss mean negative log likelihood (natural log)
 * @param confusionMatrix the counts behind the first four
 */
public record BinaryMetrics(
    double accuracy,
    double precision,
    double recall,
    double f1,
    double rocAuc,
    double logLoss,
    ConfusionMatrix confusionMatrix) {

  /** The true class's probability is clipped to [EPSILON, 1 − EPSILON] before taking its log. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  public BinaryMetrics {
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
  }

  /**
   * Evaluates predicted probabilities of class 1 against labels.
   *
   * @throws InvalidArgumentException if the arrays are empty or differ in length, a label is not 0
   *     or 1, or a probability is outside [0, 1]
   */
  public static BinaryMetrics evaluate(int[] labels, double[] probabilities) {
    check(labels, probabilities);
    int tn = 0;
    int fp = 0;
    int fn = 0;
    int tp = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predictedPositive = probabilities[i] > 0.5;
      if (labels[i] == 1) {
        if (predictedPositive) {
          tp++;
        } else {
          fn++;
        }
      } else if (predictedPositive) {
        fp++;
      } else {
        tn++;
      }
    }
    return new BinaryMetrics(
        (double) (tp + tn) / labels.length,
        ratio(tp, tp + fp),
        ratio(tp, tp + fn),
        ratio(2 * tp, 2 * tp + fp + fn),
        rocAuc(labels, probabilities),
        logLoss(labels, probabilities),
        new ConfusionMatrix(tn, fp, fn, tp));
  }

  /**
   * Rank-based ROC AUC of {@code scores} (any real numbers, higher means more likely 1), tied
   * scores sharing their average rank; NaN when {@code labels} hold one class only.
   */
  public static double rocAuc(int[] labels, double[] scores) {
    check(labels, scores.length);
    int n = labels.length;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new InvalidArgumentException("score " + i + " is NaN; scores must be numbers");
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1; // ranks are 1-based
      for (int k = start; k <= end; k++) {
        if (labels[order[k]] == 1) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Mean negative natural-log likelihood, the true class's probability clipped to [1e-15, 1 −
   * 1e-15].
   */
  public static double logLoss(int[] labels, double[] probabilities) {
    check(labels, probabilities);
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double ofTrueClass = labels[i] == 1 ? probabilities[i] : 1 - probabilities[i];
      sum -= Math.log(Math.min(Math.max(ofTrueClass, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON));
    }
    return sum / labels.length;
  }

  /** A metric by its enum constant. */
  public double get(Metric metric) {
    return metric.of(this);
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }

  private static void check(int[] labels, double[] probabilities) {
    check(labels, probabilities.length);
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new InvalidArgumentException(
            "probability " + i + " is " + p + "; probabilities must lie in [0, 1]");
      }
    }
  }

  private static void check(int[] labels, int predictions) {
    if (labels.length == 0) {
      throw new InvalidArgumentException("cannot evaluate on no rows");
    }
    if (labels.length != predictions) {
      throw new InvalidArgumentException(
          "there are "
              + labels.length
              + " labels but "
              + predictions
              + " predictions; give one prediction per label");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new InvalidArgumentException(
            "label " + i + " is " + labels[i] + "; binary labels must be 0 or 1");
      }
    }
  }
}
