package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;

/**
 * Counts of a binary classifier's decisions, positive class 1.
 *
 * @param trueNegatives label 0, predicted 0
 * @param falsePositives label 0, predicted 1
 * @param falseNegatives label 1, predicted 0
 * @param truePositives label 1, predicted 1
 */
public record ConfusionMatrix(
    int trueNegatives, int falsePositives, int falseNegatives, int truePositives) {

  public ConfusionMatrix {
    if (trueNegatives < 0 || falsePositives < 0 || falseNegatives < 0 || truePositives < 0) {
      throw new InvalidArgumentException(
          "confusion matrix counts must be non-negative, got "
              + "[["
              + trueNegatives
              + ", "
              + falsePositives
              + "], ["
              + falseNegatives
              + ", "
              + truePositives
              + "]]");
    }
  }

  /** The matrix as scikit-learn prints it: {@code [[tn, fp], [fn, tp]]} (rows = true labels). */
  public int[][] toArray() {
    return new int[][] {{trueNegatives, falsePositives}, {falseNegatives, truePositives}};
  }

  /** How many rows were counted. */
  public int total() {
    return trueNegatives + falsePositives + falseNegatives + truePositives;
  }

  @Override
  public String toString() {
    return "[["
        + trueNegatives
        + ", "
        + falsePositives
        + "], ["
        + falseNegatives
        + ", "
        + truePositives
        + "]]";
  }
}
