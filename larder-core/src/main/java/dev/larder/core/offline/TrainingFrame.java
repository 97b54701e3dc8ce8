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
 *
 * <p>An engine builds its result with {@link #builder(RetrievalPlan)}: either column by column
 * ({@link Builder#column(FrameColumn)} and {@link Builder#matchedRows(int, BitSet)}), or row by row
 * ({@link Builder#declare(String, FrameColumn.Kind)} for each column, then {@link
 * Builder#addRow(List, boolean[])} per entity row, in input order); then it adds a {@link
 * NoMatchDiagnostic} for each of {@link Builder#viewsWithoutMatches()} and calls {@link
 * Builder#build()}, which also makes the {@link RetrievalSummary} (with any {@link
 * Builder#entityWarning} about the entity rows):
 *
 * <pre>{@code
 * TrainingFrame.Builder b = TrainingFrame.builder(request.plan());
 * for (OutputColumn c : columns) b.declare(c.name(), FrameColumn.Kind.of(c.type()));
 * for (Row r : rows) b.addRow(values(r), matchedPerView(r));   // input order
 * for (int v : b.viewsWithoutMatches()) b.noMatch(v, diagnose(v));
 * TrainingFrame frame = b.build();
 * }</pre>
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

  /**
   * A builder of the frame of a retrieval of {@code plan}: its feature columns are {@code
   * plan.outputNames()} and it has one matched-rows set per view of the plan.
   */
  public static Builder builder(RetrievalPlan plan) {
    return new Builder(plan);
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

  /**
   * Collects a frame column by column or row by row (not both), then freezes it with {@link
   * #build()}. A repeated or conflicting setting is an {@link IllegalStateException} saying what
   * was set already.
   */
  public static final class Builder {
    private final RetrievalPlan plan;
    private final List<FrameColumn> columns = new ArrayList<>();
    private final List<FrameColumn.Builder> declared = new ArrayList<>();
    private final List<BitSet> matched = new ArrayList<>();
    private final List<NoMatchDiagnostic> noMatches = new ArrayList<>();
    private final Map<Integer, NoMatchDiagnostic> noMatchByView = new HashMap<>();
    private final List<String> entityWarnings = new ArrayList<>();
    private int rows;

    private Builder(RetrievalPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      for (int i = 0; i < plan.views().size(); i++) {
        matched.add(null);
      }
    }

    /** Adds a whole column (column-by-column building); all columns must have one size. */
    public Builder column(FrameColumn column) {
      Objects.requireNonNull(column, "column");
      if (!declared.isEmpty()) {
        throw new IllegalStateException(
            "columns were declared for row-by-row building; add rows with addRow instead");
      }
      requireNewName(column.name());
      columns.add(column);
      return this;
    }

    /**
     * Declares the next column for row-by-row building; declare every column (entity columns in
     * input order, then the features in plan order) before the first {@link #addRow}.
     */
    public Builder declare(String name, FrameColumn.Kind kind) {
      if (!columns.isEmpty()) {
        throw new IllegalStateException(
            "whole columns were added (" + columns.get(0).name() + "); do not mix in declare");
      }
      if (rows > 0) {
        throw new IllegalStateException("declare every column before the first row");
      }
      requireNewName(name);
      declared.add(FrameColumn.builder(name, kind));
      return this;
    }

    private void requireNewName(String name) {
      for (FrameColumn c : columns) {
        if (c.name().equals(name)) {
          throw new IllegalStateException("column " + Echo.of(name) + " was already added");
        }
      }
      for (FrameColumn.Builder c : declared) {
        if (c.name().equals(name)) {
          throw new IllegalStateException("column " + Echo.of(name) + " was already declared");
        }
      }
    }

    /**
     * Adds one row: a value per declared column, in order, boxed as {@link FrameColumn.Builder#add}
     * takes them, and for each view of the plan whether the row found a row in it.
     */
    public Builder addRow(List<?> values, boolean[] matchedPerView) {
      if (declared.isEmpty()) {
        throw new IllegalStateException("declare the columns before adding rows");
      }
      if (values.size() != declared.size()) {
        throw new IllegalArgumentException(
            "row "
                + rows
                + " has "
                + values.size()
                + " values for "
                + declared.size()
                + " columns");
      }
      if (matchedPerView.length != matched.size()) {
        throw new IllegalArgumentException(
            "row "
                + rows
                + " has "
                + matchedPerView.length
                + " matched flags for "
                + matched.size()
                + " views");
      }
      for (int c = 0; c < values.size(); c++) {
        declared.get(c).add(values.get(c));
      }
      for (int v = 0; v < matchedPerView.length; v++) {
        if (matched.get(v) == null) {
          matched.set(v, new BitSet());
        }
        if (matchedPerView[v]) {
          matched.get(v).set(rows);
        }
      }
      rows++;
      return this;
    }

    /** The rows that found a row in the {@code view}-th view (column-by-column building). */
    public Builder matchedRows(int view, BitSet rows) {
      Objects.checkIndex(view, matched.size());
      if (!declared.isEmpty()) {
        throw new IllegalStateException("row-by-row building sets matches with addRow");
      }
      if (matched.get(view) != null) {
        throw new IllegalStateException("the matched rows of view " + view + " were already set");
      }
      matched.set(view, (BitSet) rows.clone());
      return this;
    }

    /** The number of rows so far (row by row), or of the first column. */
    public int rowCount() {
      if (!declared.isEmpty()) {
        return rows;
      }
      return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /**
     * The views (indexes into the plan) in which no row found a row while there are rows: each
     * needs a {@link NoMatchDiagnostic} (DESIGN B5.7) before {@link #build()}.
     */
    public List<Integer> viewsWithoutMatches() {
      List<Integer> out = new ArrayList<>();
      int n = rowCount();
      for (int v = 0; v < matched.size(); v++) {
        if (n > 0 && (matched.get(v) == null || matched.get(v).nextSetBit(0) < 0)) {
          out.add(v);
        }
      }
      return out;
    }

    /** The diagnostic of the {@code view}-th view, one of {@link #viewsWithoutMatches()}. */
    public Builder noMatch(int view, NoMatchDiagnostic diagnostic) {
      Objects.checkIndex(view, matched.size());
      Objects.requireNonNull(diagnostic, "diagnostic");
      if (noMatchByView.putIfAbsent(view, diagnostic) != null) {
        throw new IllegalStateException("view " + view + " already has a no-match diagnostic");
      }
      return this;
    }

    /**
     * A warning about the entity rows themselves, kept in the summary's {@link
     * RetrievalSummary#entityWarnings()}: {@link EntityRows.Query#UNORDERED_WARNING} for an entity
     * query without a top-level {@code ORDER BY}.
     */
    public Builder entityWarning(String warning) {
      entityWarnings.add(Objects.requireNonNull(warning, "warning"));
      return this;
    }

    /**
     * The frame. Checks that the columns have one size, that the plan's features are columns, and
     * that exactly the views without matches have a diagnostic.
     */
    public TrainingFrame build() {
      List<FrameColumn> built = new ArrayList<>(columns);
      declared.forEach(b -> built.add(b.build()));
      int n = built.isEmpty() ? 0 : built.get(0).size();
      for (FrameColumn c : built) {
        if (c.size() != n) {
          throw new IllegalStateException(
              "column " + Echo.of(c.name()) + " has " + c.size() + " rows, not " + n);
        }
      }
      List<String> names = built.stream().map(FrameColumn::name).toList();
      for (String feature : plan.outputNames()) {
        if (!names.contains(feature)) {
          throw new IllegalStateException(
              "feature column " + Echo.of(feature) + " is missing; columns: " + names);
        }
      }
      List<BitSet> byView = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      for (BitSet m : matched) {
        BitSet b = m == null ? new BitSet() : m;
        if (b.length() > n) {
          throw new IllegalStateException("matched rows go past the " + n + " rows");
        }
        byView.add(b);
        counts.add((long) b.cardinality());
      }
      List<Integer> without = viewsWithoutMatches();
      if (!noMatchByView.keySet().equals(new java.util.HashSet<>(without))) {
        throw new IllegalStateException(
            "views without matches "
                + without
                + " need a no-match diagnostic each, and only they; given for "
                + noMatchByView.keySet());
      }
      noMatches.clear();
      without.forEach(v -> noMatches.add(noMatchByView.get(v)));
      return new TrainingFrame(
          built,
          plan.outputNames(),
          byView,
          new RetrievalSummary(n, counts, noMatches, entityWarnings));
    }
  }

  @Override
  public String toString() {
    return "TrainingFrame[" + rowCount + " rows, columns=" + columnNames() + "]";
  }
}
