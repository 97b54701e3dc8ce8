package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ROC and precision–recall curves of predicted probabilities, one point per distinct threshold (as
 * scikit-learn's {@code roc_curve(drop_intermediate=False)} and {@code precision_recall_curve}),
 * and {@link #thin} to bound a curve's size for reports.
 *
 * <p>Rows are taken in order of decreasing probability; rows with equal probability enter together,
 * so a tie is one diagonal step. The trapezoid area under {@link #roc} is therefore exactly the
 * rank-based {@link BinaryMetrics#rocAuc} (both count a tied pair as half).
 */
public final class Curves {
  private Curves() {}

  /**
   * The ROC curve: from (0, 0) at threshold +∞ to (1, 1), false positive rate on x, true positive
   * rate on y, one point per distinct probability, both rates non-decreasing.
   *
   * @throws InvalidArgumentException if the predictions hold one class only (a rate would divide by
   *     zero)
   */
  public static List<CurvePoint> roc(Predictions predictions) {
    int[] labels = predictions.labels();
    double[] p = predictions.probabilities();
    int positives = predictions.positives();
    int negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new InvalidArgumentException(
          "a ROC curve needs both classes among the rows, got "
              + (positives == 0 ? "no" : "only")
              + " rows of class 1");
    }
    List<CurvePoint> points = new ArrayList<>();
    points.add(new CurvePoint(0, 0, Double.POSITIVE_INFINITY));
    int tp = 0;
    int fp = 0;
    Integer[] order = descending(p);
    int i = 0;
    while (i < order.length) {
      double threshold = p[order[i]];
      while (i < order.length && p[order[i]] == threshold) {
        if (labels[order[i]] == 1) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      points.add(new CurvePoint((double) fp / negatives, (double) tp / positives, threshold));
    }
    return List.copyOf(points);
  }

  /**
   * The precision–recall curve: recall on x (non-decreasing), precision on y, one point per
   * distinct probability, starting at recall 0 and precision 1 (threshold +∞, scikit-learn's
   * convention for the point where nothing is predicted positive).
   *
   * @throws InvalidArgumentException if no row has class 1 (recall would divide by zero)
   */
  public static List<CurvePoint> precisionRecall(Predictions predictions) {
    int[] labels = predictions.labels();
    double[] p = predictions.probabilities();
    int positives = predictions.positives();
    if (positives == 0) {
      throw new InvalidArgumentException(
          "a precision–recall curve needs rows of class 1, got none");
    }
    List<CurvePoint> points = new ArrayList<>();
    points.add(new CurvePoint(0, 1, Double.POSITIVE_INFINITY));
    int tp = 0;
    int predicted = 0;
    Integer[] order = descending(p);
    int i = 0;
    while (i < order.length) {
      double threshold = p[order[i]];
      while (i < order.length && p[order[i]] == threshold) {
        tp += labels[order[i]] == 1 ? 1 : 0;
        predicted++;
        i++;
      }
      points.add(new CurvePoint((double) tp / positives, (double) tp / predicted, threshold));
    }
    return List.copyOf(points);
  }

  /** The trapezoid area under a curve whose x never decreases. */
  public static double area(List<CurvePoint> curve) {
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      CurvePoint a = curve.get(i - 1);
      CurvePoint b = curve.get(i);
      area += (b.x() - a.x()) * (a.y() + b.y()) / 2;
    }
    return area;
  }

  /**
   * Average precision, scikit-learn's step-wise area under the precision–recall curve: the sum over
   * thresholds of (recall − previous recall) × precision.
   */
  public static double averagePrecision(List<CurvePoint> precisionRecall) {
    double sum = 0;
    for (int i = 1; i < precisionRecall.size(); i++) {
      sum +=
          (precisionRecall.get(i).x() - precisionRecall.get(i - 1).x())
              * precisionRecall.get(i).y();
    }
    return sum;
  }

  /**
   * At most {@code max} points of {@code curve}, evenly spaced along it by index, always keeping
   * the first and the last; a curve that fits is returned as it is. The kept points stay in order,
   * so a monotone curve stays monotone.
   */
  public static List<CurvePoint> thin(List<CurvePoint> curve, int max) {
    if (max < 2) {
      throw new InvalidArgumentException("a thinned curve keeps at least 2 points, got " + max);
    }
    int n = curve.size();
    if (n <= max) {
      return List.copyOf(curve);
    }
    List<CurvePoint> kept = new ArrayList<>(max);
    for (int k = 0; k < max; k++) {
      kept.add(curve.get((int) Math.round((double) k * (n - 1) / (max - 1))));
    }
    return List.copyOf(kept);
  }

  private static Integer[] descending(double[] p) {
    for (int i = 0; i < p.length; i++) {
      if (Double.isNaN(p[i])) {
        throw new InvalidArgumentException("probability " + i + " is NaN");
      }
    }
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    return order;
  }
}
