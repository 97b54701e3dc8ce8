package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;

/**
 * A model's predictions on labelled rows: what ROC and precision–recall curves are drawn from.
 *
 * @param labels each row's true class, 0 or 1
 * @param probabilities each row's predicted probability of class 1, in the same order
 */
public record Predictions(int[] labels, double[] probabilities) {

  public Predictions {
    if (labels.length != probabilities.length) {
      throw new InvalidArgumentException(
          "there are "
              + labels.length
              + " labels but "
              + probabilities.length
              + " probabilities; give one probability per label");
    }
    labels = labels.clone();
    probabilities = probabilities.clone();
  }

  /** The labels (a copy). */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** The probabilities of class 1 (a copy). */
  @Override
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** How many rows there are. */
  public int size() {
    return labels.length;
  }

  /** How many rows have label 1. */
  public int positives() {
    int n = 0;
    for (int label : labels) {
      n += label == 1 ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Predictions p
        && Arrays.equals(labels, p.labels)
        && Arrays.equals(probabilities, p.probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(labels) + Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "Predictions[" + labels.length + " rows, " + positives() + " positive]";
  }
}
