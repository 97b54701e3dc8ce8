package dev.larder.ml.featurestore;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.offline.FrameColumn;
import java.util.BitSet;
import java.util.List;

/**
 * One sample's point-in-time row, its feature values as doubles (in the view plan's order), read
 * from the engine's training frame, with which values were null and which were not numbers.
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

  /** Row {@code row} of {@code columns} (a frame's feature columns, in the view plan's order). */
  static PickedRow of(List<FrameColumn> columns, int row) {
    double[] values = new double[columns.size()];
    BitSet nulls = new BitSet();
    BitSet notNumbers = new BitSet();
    for (int i = 0; i < columns.size(); i++) {
      FrameColumn c = columns.get(i);
      if (c.isNull(row)) {
        nulls.set(i);
      } else if (c.kind() == FrameColumn.Kind.LONG || c.kind() == FrameColumn.Kind.DOUBLE) {
        values[i] = c.getDouble(row);
      } else {
        notNumbers.set(i);
      }
    }
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
