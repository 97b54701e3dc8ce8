package dev.larder.ml.model;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.transform.FeaturePipeline;

/** The checks every trainer makes on its training rows before handing them to a library. */
final class TrainingRows {
  private TrainingRows() {}

  /** Rejects training rows of the wrong width, labels other than 0 and 1, or a single class. */
  static void check(FeaturePipeline features, double[][] x, int[] y) {
    if (x.length != y.length) {
      throw new InvalidArgumentException(
          "there are " + x.length + " training rows but " + y.length + " labels");
    }
    if (x.length == 0) {
      throw new InvalidArgumentException("cannot train on no rows");
    }
    int width = features.featureNames().size();
    boolean[] seen = new boolean[2];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != width) {
        throw new InvalidArgumentException(
            "training row " + i + " has " + x[i].length + " values, expected " + width);
      }
      if (y[i] != 0 && y[i] != 1) {
        throw new InvalidArgumentException(
            "training label " + i + " is " + y[i] + "; labels must be 0 or 1");
      }
      seen[y[i]] = true;
    }
    if (!seen[0] || !seen[1]) {
      throw new InvalidArgumentException(
          "the training rows hold class "
              + (seen[0] ? 0 : 1)
              + " only; a binary classifier"
              + " needs both classes 0 and 1",
          "Use more rows, or check the labels (y)");
    }
  }
}
