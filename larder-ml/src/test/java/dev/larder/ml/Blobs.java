package dev.larder.ml;

import dev.larder.ml.data.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded test data: two Gaussian blobs. Class 1 has probability {@code positiveShare}; the first
 * {@code informative} features are shifted by ±separation/2 between the classes, the rest are
 * noise. Feature j has offset 10·j and scale 1 + j before the shift, so unscaled features differ
 * widely in range (scaling matters). Feature names are {@code feature_0 ..}, sample indices {@code
 * 1000 + row} (so that tests can tell sample indices from row positions).
 */
public final class Blobs {
  private Blobs() {}

  public static TrainingData generate(
      int rows, int features, int informative, double separation, double positiveShare, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[rows][features];
    int[] y = new int[rows];
    long[] sampleIndices = new long[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = random.nextDouble() < positiveShare ? 1 : 0;
      sampleIndices[i] = 1000 + i;
      for (int j = 0; j < features; j++) {
        double shift = j < informative ? (y[i] == 1 ? separation / 2 : -separation / 2) : 0;
        x[i][j] = 10 * j + (1 + j) * (random.nextGaussian() + shift);
      }
    }
    List<String> names = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      names.add("feature_" + j);
    }
    return new TrainingData(x, y, names, sampleIndices, "blobs:seed=" + seed);
  }

  /** 400 rows, 5 features of which 2 informative, well separated, 40% positives. */
  public static TrainingData separable(long seed) {
    return generate(400, 5, 2, 3.0, 0.4, seed);
  }
}
