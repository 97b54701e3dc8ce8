package dev.larder.ml.data;

import dev.larder.core.InvalidArgumentException;

/**
 * The output of {@link ClassificationDataGenerator}: scikit-learn's {@code X, y}, plus what the
 * algorithm knows about them and does not return (which cluster drew each row, which role each
 * column has), so tests and docs can check the data's structure.
 *
 * <p>Arrays are not copied: treat them as read-only.
 *
 * @param x feature values, {@code x[row][column]}, rows and columns shuffled
 * @param y class labels (0/1) after the label noise ({@code flip_y})
 * @param clusters the cluster (0 to 3) each row was drawn from; before the label noise {@code y[i]
 *     == clusters[i] % 2}
 * @param columnOrigins for each column, its index in the unshuffled matrix: below {@code
 *     informative} an informative feature, then {@code redundant} redundant ones, then noise
 * @param informative how many informative columns there are
 * @param redundant how many redundant columns there are
 */
public record ClassificationSamples(
    double[][] x, int[] y, int[] clusters, int[] columnOrigins, int informative, int redundant) {

  /** What a column of the generated matrix is. */
  public enum ColumnRole {
    /** Drawn around the cluster centroids: carries the class signal. */
    INFORMATIVE,
    /** A random linear combination of the informative columns. */
    REDUNDANT,
    /** Standard normal noise, independent of the class. */
    NOISE
  }

  public ClassificationSamples {
    if (x.length != y.length || x.length != clusters.length) {
      throw new InvalidArgumentException(
          "x, y and clusters must have one entry per row (got "
              + x.length
              + ", "
              + y.length
              + ", "
              + clusters.length
              + ")");
    }
    if (informative + redundant > columnOrigins.length) {
      throw new InvalidArgumentException(
          "informative + redundant ("
              + (informative + redundant)
              + ") exceeds the "
              + columnOrigins.length
              + " columns");
    }
  }

  /** The number of rows (samples). */
  public int samples() {
    return x.length;
  }

  /** The number of columns (features). */
  public int features() {
    return columnOrigins.length;
  }

  /** The role of a column of {@link #x()}. */
  public ColumnRole role(int column) {
    int origin = columnOrigins[column];
    if (origin < informative) {
      return ColumnRole.INFORMATIVE;
    }
    return origin < informative + redundant ? ColumnRole.REDUNDANT : ColumnRole.NOISE;
  }
}
