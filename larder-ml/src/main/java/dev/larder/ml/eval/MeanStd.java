package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;

/**
 * The mean and population standard deviation (dividing by n, as NumPy's default {@code std}) of a
 * metric over cross-validation folds.
 *
 * @param mean the average over the folds
 * @param std the population standard deviation over the folds
 */
public record MeanStd(double mean, double std) {

  public MeanStd {
    if (std < 0) {
      throw new InvalidArgumentException("a standard deviation cannot be negative, got " + std);
    }
  }

  /** Mean and population standard deviation of {@code values}; NaN values make both NaN. */
  public static MeanStd of(double[] values) {
    if (values.length == 0) {
      throw new InvalidArgumentException("cannot summarise an empty list of metric values");
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new MeanStd(mean, Math.sqrt(squares / values.length));
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, std);
  }
}
