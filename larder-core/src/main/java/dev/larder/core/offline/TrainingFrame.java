package dev.larder.core.offline;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.Names;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a historical retrieval held in Java: one row per entity row in input order, the
 * entity columns (the timestamp in UTC), then the features (DESIGN B5.5), as immutable typed
 * columns. {@link #x} and {@link #y} extract a model's inputs; {@link #matchedRows()} tells which
 * rows found a row in every view, so that training can drop the others (DESIGN B5.8).
 */
public final class TrainingFrame {
  private final List<FrameColumn> columns;
  private final List<String> featureNames;
  private final List<BitSet> matchedByView;
  private final RetrievalSummary summary;
  private final int rowCount;
  private final Map<String, Integer> index = new HashMap<>();

  TrainingFrame(
      List<FrameColumn> columns,
      List<String> featureNames,
      List<BitSet> matchedByView,
      RetrievalSummary summary) {
    this.columns = List.copyOf(columns);
    this.featureNames = List.copyOf(featureNames);
    this.matchedByView = matchedByView.stream().map(b -> (BitSet) b.clone()).toList();
    this.summary = Objects.requireNonNull(summary, "summary");
    this.rowCount = columns.isEmpty() ? 0 : columns.get(0).size();
    for (int i = 0; i < this.columns.size(); i++) {
      index.put(this.columns.get(i).name(), i);
    }
  }

  public int rowCount() {
    return rowCount;
  }

  /** Every column, entity columns first, then features. */
  public List<FrameColumn> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(FrameColumn::name).toList();
  }

  /** The output names of the features, in output order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The column called {@code name}; an unknown name is an error naming the columns. */
  public FrameColumn column(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new NotFoundException(
          "the training frame has no column "
              + Echo.of(name)
              + DidYouMean.sentenceEnd(name, columnNames())
              + " Its columns: "
              + Names.listing(columnNames()));
    }
    return columns.get(i);
  }

  /** The retrieval's summary: matches per view and no-match diagnostics. */
  public RetrievalSummary summary() {
    return summary;
  }

  /** The rows that found a row in every view of the request. */
  public BitSet matchedRows() {
    BitSet all = new BitSet();
    all.set(0, rowCount);
    matchedByView.forEach(all::and);
    return all;
  }

  /** The rows that found a row in the {@code view}-th view of the plan. */
  public BitSet matchedRows(int view) {
    return (BitSet) matchedByView.get(view).clone();
  }

  /** A frame with only the rows set in {@code rows}, in order (the summary is kept as it was). */
  public TrainingFrame select(BitSet rows) {
    List<FrameColumn> kept = columns.stream().map(c -> c.select(rows)).toList();
    List<BitSet> matched = new ArrayList<>();
    for (BitSet m : matchedByView) {
      BitSet out = new BitSet();
      int j = 0;
      for (int i = rows.nextSetBit(0); i >= 0 && i < rowCount; i = rows.nextSetBit(i + 1)) {
        out.set(j++, m.get(i));
      }
      matched.add(out);
    }
    return new TrainingFrame(kept, featureNames, matched, summary);
  }

  /** {@link #x(List)} of every feature column. */
  public double[][] x() {
    return x(featureNames);
  }

  /**
   * The named numeric columns as {@code double[rows][columns]}. A non-numeric column or a null
   * value is an error naming the column and the first row.
   */
  public double[][] x(List<String> names) {
    List<FrameColumn> chosen = new ArrayList<>();
    for (String name : names) {
      FrameColumn c = column(name);
      if (c.kind() != FrameColumn.Kind.LONG && c.kind() != FrameColumn.Kind.DOUBLE) {
        throw new InvalidArgumentException(
            "column " + Echo.of(name) + " holds " + c.kind() + " values, which are not numbers",
            "Choose numeric feature columns for X");
      }
      requireNoNulls(c, "X");
      chosen.add(c);
    }
    double[][] x = new double[rowCount][chosen.size()];
    for (int j = 0; j < chosen.size(); j++) {
      FrameColumn c = chosen.get(j);
      for (int i = 0; i < rowCount; i++) {
        x[i][j] = c.getDouble(i);
      }
    }
    return x;
  }

  /**
   * The label column as {@code int[]}: integers, booleans (1 for true) or integral doubles. A null
   * or any other value is an error naming the column and the first row.
   */
  public int[] y(String label) {
    FrameColumn c = column(label);
    requireNoNulls(c, "y");
    int[] y = new int[rowCount];
    for (int i = 0; i < rowCount; i++) {
      y[i] =
          switch (c.kind()) {
            case BOOLEAN -> c.getBoolean(i) ? 1 : 0;
            case LONG, DOUBLE -> label(c, i);
            default ->
                throw new InvalidArgumentException(
                    "label column "
                        + Echo.of(label)
                        + " holds "
                        + c.kind()
                        + " values, not integers",
                    "Use an integer label column such as target");
          };
    }
    return y;
  }

  private static int label(FrameColumn c, int row) {
    double v = c.getDouble(row);
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new InvalidArgumentException(
          "label column "
              + Echo.of(c.name())
              + " has "
              + c.get(row)
              + " in row "
              + row
              + ", not an int",
          "Use integer class labels such as 0 and 1");
    }
    return (int) v;
  }

  private void requireNoNulls(FrameColumn c, String what) {
    int nulls = c.nullCount();
    if (nulls == 0) {
      return;
    }
    int first = 0;
    while (!c.isNull(first)) {
      first++;
    }
    throw new InvalidArgumentException(
        "column "
            + Echo.of(c.name())
            + " has "
            + nulls
            + " null value"
            + (nulls == 1 ? "" : "s")
            + " (first in row "
            + first
            + "), which "
            + what
            + " cannot hold",
        "Keep only rows that found a feature row (select(matchedRows())), or fill the nulls");
  }

  @Override
  public String toString() {
    return "TrainingFrame[" + rowCount + " rows, columns=" + columnNames() + "]";
  }
}
