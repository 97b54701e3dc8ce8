package dev.larder.ml.data;

import dev.larder.core.InvalidArgumentException;
import java.util.List;

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
 */
public record TrainingData(
    double[][] x, int[] y, List<String> featureNames, long[] sampleIndices, String source) {

  public TrainingData {
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
