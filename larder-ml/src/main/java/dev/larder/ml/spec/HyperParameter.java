package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;

/**
 * One tunable setting of an algorithm, with its allowed range and default.
 *
 * @param name the name used in spec files ({@code model.hyperparameters.<name>})
 * @param integer whether only whole numbers are allowed
 * @param min smallest allowed value
 * @param minInclusive whether {@code min} itself is allowed
 * @param max largest allowed value (inclusive)
 * @param defaultValue the value used when the spec does not set it
 * @param description what it does, for help text and the README
 */
public record HyperParameter(
    String name,
    boolean integer,
    double min,
    boolean minInclusive,
    double max,
    double defaultValue,
    String description) {

  static HyperParameter integer(String name, int min, int max, int defaultValue, String what) {
    return new HyperParameter(name, true, min, true, max, defaultValue, what);
  }

  static HyperParameter real(
      String name, double min, boolean minInclusive, double max, double defaultValue, String what) {
    return new HyperParameter(name, false, min, minInclusive, max, defaultValue, what);
  }

  /** Checks {@code value} and returns it, or throws naming the field and the allowed range. */
  double check(String algorithm, Number value) {
    double v = value.doubleValue();
    String field = "model.hyperparameters." + name;
    if (Double.isNaN(v) || (minInclusive ? v < min : v <= min) || v > max) {
      throw new InvalidArgumentException(
          field + " for " + algorithm + " must be in " + range() + ", got " + value);
    }
    if (integer && v != Math.rint(v)) {
      throw new InvalidArgumentException(
          field + " for " + algorithm + " must be a whole number in " + range() + ", got " + value);
    }
    return v;
  }

  /** The allowed range in interval notation, e.g. {@code (0, 1]} or {@code [1, 10000]}. */
  public String range() {
    return (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + "]";
  }

  private String format(double v) {
    if (integer || v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
