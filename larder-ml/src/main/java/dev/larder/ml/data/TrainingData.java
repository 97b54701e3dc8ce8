package dev.larder.ml.data;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.registry.TrainingInputs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelled design matrix: the guide's {@code X, y}, with the feature names and the {@code
 * sample_index} of every row. Rows are in {@code sample_index} order for direct loading and in the
 * requested order for the feature store.
 *
 * <p>Arrays are not copied: treat them as read-only.
 *
 * @param x feature values, {@code x[row][feature]}
 * @param y binary labels (0/1), one per row
 * @param featureNames the column name of each feature
 * @param sampleIndices the {@code sample_index} of each row
 * @param source where the rows came from (for run records), e.g. {@code sqlite:data/db.db#table}
 * @param featureStoreInputs what the feature store served, when the rows came through it: the view
 *     versions and features, the as-of time and the entity rows (the run's lineage)
 */
public record TrainingData(
    double[][] x,
    int[] y,
    List<String> featureNames,
    long[] sampleIndices,
    String source,
    Optional<TrainingInputs> featureStoreInputs) {

  /** Rows that did not come through the feature store. */
  public TrainingData(
      double[][] x, int[] y, List<String> featureNames, long[] sampleIndices, String source) {
    this(x, y, featureNames, sampleIndices, source, Optional.empty());
  }

  public TrainingData {
    Objects.requireNonNull(featureStoreInputs, "featureStoreInputs");
    featureNames = List.copyOf(featureNames);
    if (x.length != y.length || x.length != sampleIndices.length) {
      throw new InvalidArgumentException(
          "X has "
              + x.length
              + " rows, y has "
              + y.length
              + " and the sample indices "
              + sampleIndices.length
              + "; they must have one entry per row");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != featureNames.size()) {
        throw new InvalidArgumentException(
            "row "
                + i
                + " of X has "
                + x[i].length
                + " values but there are "
                + featureNames.size()
                + " feature names");
      }
    }
  }

  public int rows() {
    return x.length;
  }

  public int features() {
    return featureNames.size();
  }
}
