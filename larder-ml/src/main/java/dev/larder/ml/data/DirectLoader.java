package dev.larder.ml.data;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The guide's {@code load_data}: reads {@code X} and {@code y} straight from the sample database,
 * without a feature store ({@code larder data load}, {@code larder train --source direct}).
 *
 * <p>Each sample contributes its latest row: the greatest {@code (event_timestamp,
 * created_timestamp)}, a NULL created time ranking lowest and exact ties going to the row inserted
 * last. Rows come out ordered by {@code sample_index}. Timestamps are compared as text, which is
 * time order for the database's fixed form {@code 2025-03-04T05:06:07Z}; any other form is rejected
 * rather than mis-ordered.
 *
 * <p>One forward scan in time order keeps the last row of each sample, so loading costs little more
 * than a bare {@code SELECT} of the rows.
 */
public final class DirectLoader {
  private static final String HINT =
      "Direct loading uses each sample's latest row and needs a number in every feature and the"
          + " target; fix or delete that row.";

  private DirectLoader() {}

  /** Loads table {@value SampleDatabase#TABLE} of the default database. */
  public static TrainingData load() {
    return load(SampleDatabase.DEFAULT_PATH, SampleDatabase.TABLE);
  }

  /** Loads table {@value SampleDatabase#TABLE} of the database at {@code db}. */
  public static TrainingData load(Path db) {
    return load(db, SampleDatabase.TABLE);
  }

  /**
   * Loads the latest row of every sample in {@code table} of the database at {@code db}.
   *
   * @return features in table column order, one row per sample ordered by {@code sample_index}
   * @throws NotFoundException when the database file or the table does not exist
   * @throws InvalidArgumentException when a column is missing or of the wrong type, or a latest row
   *     has a NULL or non-numeric feature or target
   * @throws BackendException when SQLite fails
   */
  public static TrainingData load(Path db, String table) {
    try (SampleTable sample = SampleTable.open(db, table)) {
      return read(sample);
    } catch (SQLException e) {
      throw new BackendException(
          "Cannot load " + table + " from " + db.toAbsolutePath() + ": " + e.getMessage(), null, e);
    }
  }

  private static TrainingData read(SampleTable sample) throws SQLException {
    SampleRowChecks checks = new SampleRowChecks(sample);
    List<String> featureNames = sample.featureNames();
    int features = featureNames.size();
    StringJoiner select = new StringJoiner(", ", "SELECT ", "");
    select.add("rowid").add(SampleTable.quote(sample.column(SampleTable.Role.KEY).name()));
    featureNames.forEach(name -> select.add(SampleTable.quote(name)));
    select.add(SampleTable.quote(sample.column(SampleTable.Role.TARGET).name()));
    select.add(checks.flagExpression(false));
    String query = select + " FROM " + sample.quotedTable() + " ORDER BY " + sample.timeOrder();
    int targetColumn = features + 3;
    int flagColumn = features + 4;

    Rows rows = new Rows(initialCapacity(sample), features);
    try (PreparedStatement statement = sample.connection().prepareStatement(query);
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        long rowid = result.getLong(1);
        int flag = result.getInt(flagColumn);
        if ((flag & 1) != 0) {
          // A bad key or timestamp breaks the order itself, whichever row is latest.
          throw checks.errorForRow(rowid, false, HINT);
        }
        double[] values = rows.slotFor(result.getLong(2));
        for (int c = 0; c < features; c++) {
          double value = result.getDouble(c + 3);
          if (value == 0.0 && !SampleRowChecks.holdsNumber(result, c + 3)) {
            flag |= 4;
          }
          values[c] = value;
        }
        long target = result.getLong(targetColumn);
        if (target != (int) target) {
          flag |= 2;
        }
        rows.finishRow(rowid, (int) target, flag);
      }
    }
    // Only each sample's latest row has to be complete.
    for (int i = 0; i < rows.count; i++) {
      if (rows.flags[i] != 0) {
        throw checks.errorForRow(rows.rowids[i], false, HINT);
      }
    }
    return rows.toTrainingData(featureNames, sample.source());
  }

  /** The largest rowid bounds the row count, so the arrays rarely grow. */
  private static int initialCapacity(SampleTable sample) throws SQLException {
    try (Statement statement = sample.connection().createStatement();
        ResultSet result =
            statement.executeQuery("SELECT max(rowid) FROM " + sample.quotedTable())) {
      long max = result.next() ? result.getLong(1) : 0;
      return (int) Math.max(16, Math.min(max, 1 << 16));
    }
  }

  /** The latest row so far of each sample, in key order; growing arrays without boxing. */
  private static final class Rows {
    private final int features;
    private double[][] x;
    private int[] y;
    private long[] keys;
    private long[] rowids;
    private int[] flags;
    private int count;

    Rows(int capacity, int features) {
      this.features = features;
      x = new double[capacity][];
      y = new int[capacity];
      keys = new long[capacity];
      rowids = new long[capacity];
      flags = new int[capacity];
    }

    /**
     * The values array to fill for the next row: a new slot, or the previous row's when it is of
     * the same sample (rows come in time order, so the later one wins).
     */
    double[] slotFor(long key) {
      if (count == 0 || keys[count - 1] != key) {
        if (count == keys.length) {
          grow();
        }
        keys[count] = key;
        x[count] = new double[features];
        count++;
      }
      return x[count - 1];
    }

    /** Records the rest of the row whose values {@link #slotFor} took. */
    void finishRow(long rowid, int target, int flag) {
      rowids[count - 1] = rowid;
      y[count - 1] = target;
      flags[count - 1] = flag;
    }

    private void grow() {
      int capacity = keys.length + (keys.length >> 1) + 1;
      x = Arrays.copyOf(x, capacity);
      y = Arrays.copyOf(y, capacity);
      keys = Arrays.copyOf(keys, capacity);
      rowids = Arrays.copyOf(rowids, capacity);
      flags = Arrays.copyOf(flags, capacity);
    }

    TrainingData toTrainingData(List<String> featureNames, String source) {
      if (count == keys.length) {
        return new TrainingData(x, y, featureNames, keys, source);
      }
      return new TrainingData(
          Arrays.copyOf(x, count),
          Arrays.copyOf(y, count),
          featureNames,
          Arrays.copyOf(keys, count),
          source);
    }
  }
}
