package dev.larder.ml.transform;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.Scaling;
import java.util.Objects;

/**
 * One feature a model uses: its name, where it sits in the input rows and how it is scaled.
 *
 * @param name the feature's name in the data
 * @param column the feature's column in the input rows ({@code x[row][column]})
 * @param scaling how the feature spec that selected it scales it
 */
public record SelectedFeature(String name, int column, Scaling scaling) {

  public SelectedFeature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scaling, "scaling");
    if (column < 0) {
      throw new InvalidArgumentException(
          "feature '" + name + "' has column " + column + "; columns start at 0");
    }
  }
}
