package dev.larder.ml.featurestore;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import java.util.BitSet;
import java.util.List;

/**
 * One sample's point-in-time row, its feature values as doubles (in the view plan's order), read
 * unboxed from the engine's cursor ({@link LatestRows#values}), with which values were null and
 * which were not numbers.
 */
final class PickedRow {
  private final double[] values;
  private final BitSet nulls;
  private final BitSet notNumbers;

  private PickedRow(double[] values, BitSet nulls, BitSet notNumbers) {
    this.values = values;
    this.nulls = nulls;
    this.notNumbers = notNumbers;
  }

  /** The current row of {@code rows}. */
  static PickedRow of(LatestRows rows, ViewPlan plan) {
    double[] values = new double[plan.features().size()];
    BitSet nulls = new BitSet();
    BitSet notNumbers = new BitSet();
    rows.values(
        new LatestRows.ValueSink() {
          private int i;

          @Override
          public void nullValue() {
            nulls.set(i++);
          }

          @Override
          public void longValue(long value) {
            values[i++] = value;
          }

          @Override
          public void doubleValue(double value) {
            values[i++] = value;
          }

          @Override
          public void objectValue(Object value) {
            if (value instanceof Number n) {
              values[i] = n.doubleValue();
            } else {
              notNumbers.set(i);
            }
            i++;
          }
        });
    return new PickedRow(values, nulls, notNumbers);
  }

  /** The features at {@code columns}; an error naming the sample and feature for a missing one. */
  double[] features(int[] columns, long key, List<String> names) {
    double[] x = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      int c = columns[i];
      if (nulls.get(c)) {
        throw new InvalidArgumentException(
            "sample " + key + " has no value for feature '" + names.get(i) + "' at that time",
            "Fill the missing value in the source data, or leave the sample out (--samples)");
      }
      if (notNumbers.get(c)) {
        throw new InvalidArgumentException(
            "feature '" + names.get(i) + "' is not numeric, so it cannot be a model input",
            "Leave it out of the features, or declare it Int64 or Float64");
      }
      x[i] = values[c];
    }
    return x;
  }

  /** The label at {@code column}: 0 or 1, else an error naming the sample. */
  int label(int column, long key) {
    double v = values[column];
    if (nulls.get(column) || notNumbers.get(column) || (v != 0.0 && v != 1.0)) {
      throw new InvalidArgumentException(
          "sample "
              + key
              + " has target "
              + (nulls.get(column)
                  ? "null"
                  : notNumbers.get(column)
                      ? "that is not a number"
                      : v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v))
              + "; the label must be 0 or 1",
          "Fix the target column of the source data");
    }
    return (int) v;
  }
}
