package dev.larder.ml.report;

import dev.larder.core.InvalidArgumentException;

/**
 * How many rows of each class a split holds.
 *
 * @param negatives rows of class 0
 * @param positives rows of class 1
 */
public record ClassBalance(int negatives, int positives) {

  public ClassBalance {
    if (negatives < 0 || positives < 0) {
      throw new InvalidArgumentException(
          "class counts must be non-negative, got " + negatives + " and " + positives);
    }
  }

  /** All rows of the split. */
  public int total() {
    return negatives + positives;
  }

  /** The share of class 1, NaN for an empty split. */
  public double positiveShare() {
    return total() == 0 ? Double.NaN : (double) positives / total();
  }
}
