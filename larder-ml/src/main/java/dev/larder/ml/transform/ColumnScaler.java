package dev.larder.ml.transform;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.Scaling;
import java.util.Objects;

/**
 * A fitted scaler for one feature: {@code scaled = (value - center) / scale}.
 *
 * <ul>
 *   <li>{@link Scaling#STANDARD}: center = mean, scale = population standard deviation (divides by
 *       n, as scikit-learn's {@code StandardScaler}); a constant column gets center = its value and
 *       scale = 1, so it scales to 0 instead of NaN.
 *   <li>{@link Scaling#MIN_MAX}: center = minimum, scale = maximum − minimum; a constant column
 *       gets scale = 1 (so it scales to 0), as scikit-learn's {@code MinMaxScaler}.
 *   <li>{@link Scaling#NONE}: center = 0, scale = 1.
 * </ul>
 *
 * @param scaling the kind of scaling
 * @param center subtracted first
 * @param scale divided by next; positive
 */
public record ColumnScaler(Scaling scaling, double center, double scale) {

  /** The identity: {@link Scaling#NONE}. */
  public static final ColumnScaler IDENTITY = new ColumnScaler(Scaling.NONE, 0, 1);

  public ColumnScaler {
    Objects.requireNonNull(scaling, "scaling");
    if (!Double.isFinite(center) || !Double.isFinite(scale) || !(scale > 0)) {
      throw new InvalidArgumentException(
          "a "
              + scaling
              + " scaler needs a finite center and a finite positive scale, got center "
              + center
              + " and scale "
              + scale);
    }
    if (scaling == Scaling.NONE && (center != 0 || scale != 1)) {
      throw new InvalidArgumentException(
          "a 'none' scaler has center 0 and scale 1, got center " + center + " and scale " + scale);
    }
  }

  /**
   * Fits a scaler to {@code x[row][column]} over the given rows only.
   *
   * @param name the feature's name, for error messages
   * @throws InvalidArgumentException if there are no rows or a value is NaN or infinite
   */
  public static ColumnScaler fit(
      Scaling scaling, String name, double[][] x, int column, int[] rows) {
    if (rows.length == 0) {
      throw new InvalidArgumentException("cannot fit a scaler for '" + name + "' on no rows");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (int row : rows) {
      double v = checkedValue(x, row, column, name);
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    return switch (scaling) {
      case NONE -> IDENTITY;
      case MIN_MAX -> new ColumnScaler(scaling, min, max > min ? max - min : 1);
      case STANDARD -> {
        if (max == min) {
          yield new ColumnScaler(scaling, min, 1);
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (int row : rows) {
          double d = x[row][column] - mean;
          squares += d * d;
        }
        double std = Math.sqrt(squares / rows.length);
        yield new ColumnScaler(scaling, mean, std > 0 ? std : 1);
      }
    };
  }

  /** Scales one value. */
  public double apply(double value) {
    return (value - center) / scale;
  }

  /** {@code x[row][column]}, or an error naming the feature and row if it is not finite. */
  static double checkedValue(double[][] x, int row, int column, String name) {
    double v = x[row][column];
    if (!Double.isFinite(v)) {
      throw new InvalidArgumentException(
          "feature '" + name + "' is " + v + " in row " + row + "; every value must be finite",
          "Drop or impute missing values before training");
    }
    return v;
  }
}
