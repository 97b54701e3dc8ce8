package dev.larder.ml.transform;

import dev.larder.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Feature selection plus fitted scalers: turns raw input rows into the rows a model sees.
 * Immutable; fitted once, on the training rows only, then applied to any rows (training, test, new
 * data), so nothing about the test rows leaks into training.
 *
 * @param selection which input columns are used
 * @param scalers one fitted scaler per selected feature, in the same order
 */
public record FeaturePipeline(FeatureSelection selection, List<ColumnScaler> scalers) {

  public FeaturePipeline {
    scalers = List.copyOf(scalers);
    if (scalers.size() != selection.size()) {
      throw new InvalidArgumentException(
          "a feature pipeline needs one scaler per selected feature: "
              + selection.size()
              + " features but "
              + scalers.size()
              + " scalers");
    }
    for (int i = 0; i < scalers.size(); i++) {
      if (scalers.get(i).scaling() != selection.features().get(i).scaling()) {
        throw new InvalidArgumentException(
            "feature '"
                + selection.features().get(i).name()
                + "' is to be scaled '"
                + selection.features().get(i).scaling()
                + "' but its scaler is '"
                + scalers.get(i).scaling()
                + "'");
      }
    }
  }

  /**
   * Fits every selected feature's scaler on {@code x[trainRows]}; no other row is read.
   *
   * @throws InvalidArgumentException if a value in a training row is NaN or infinite
   */
  public static FeaturePipeline fit(FeatureSelection selection, double[][] x, int[] trainRows) {
    List<ColumnScaler> scalers = new ArrayList<>(selection.size());
    for (SelectedFeature f : selection.features()) {
      scalers.add(ColumnScaler.fit(f.scaling(), f.name(), x, f.column(), trainRows));
    }
    return new FeaturePipeline(selection, scalers);
  }

  /** The selected features' names, in the order of the transformed columns. */
  public List<String> featureNames() {
    return selection.names();
  }

  /** The input rows' feature names (what {@link #transform} expects, column by column). */
  public List<String> inputNames() {
    return selection.inputNames();
  }

  /** Selects and scales every row of {@code x}. */
  public double[][] transform(double[][] x) {
    return transform(x, IntStream.range(0, x.length).toArray());
  }

  /**
   * Selects and scales {@code x[rows[i]]} into row {@code i} of a new matrix.
   *
   * @throws InvalidArgumentException if a row has the wrong width or a used value is not finite
   */
  public double[][] transform(double[][] x, int[] rows) {
    List<SelectedFeature> features = selection.features();
    int width = selection.inputNames().size();
    double[][] out = new double[rows.length][features.size()];
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      if (x[row].length != width) {
        throw new InvalidArgumentException(
            "row "
                + row
                + " has "
                + x[row].length
                + " values but the model was trained on "
                + width
                + " input features: "
                + FeatureSelection.listed(selection.inputNames()));
      }
      for (int j = 0; j < features.size(); j++) {
        SelectedFeature f = features.get(j);
        out[i][j] = scalers.get(j).apply(ColumnScaler.checkedValue(x, row, f.column(), f.name()));
      }
    }
    return out;
  }
}
