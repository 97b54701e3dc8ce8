package dev.larder.core.materialize;

import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineRow;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.PreparedWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows for an {@link OnlineStore} without {@link PreparedWrites}: each row given to it becomes an
 * {@link OnlineRow}, integers and floats boxed as {@link Long} and {@link Double}, for {@link
 * OnlineStore#write}. It is its own batch.
 */
final class BoxedRows implements PreparedWrites.RowBatch, PreparedWrites.Batch {
  private final int featureCount;
  private final List<OnlineRow> rows = new ArrayList<>();
  private EntityKey key;
  private Instant eventTimestamp;
  private Instant createdTimestamp;
  private Object[] values;

  /** The values given to the row being built, or -1 between rows. */
  private int given = -1;

  BoxedRows(int featureCount) {
    this.featureCount = featureCount;
  }

  /** The rows ended so far. */
  List<OnlineRow> rows() {
    return rows;
  }

  @Override
  public void startRow(EntityKey key, Instant eventTimestamp, Instant createdTimestamp) {
    if (given >= 0) {
      throw new IllegalStateException("the previous row was not ended");
    }
    this.key = key;
    this.eventTimestamp = eventTimestamp;
    this.createdTimestamp = createdTimestamp;
    this.values = new Object[featureCount];
    this.given = 0;
  }

  @Override
  public void nullValue() {
    add(null);
  }

  @Override
  public void longValue(long value) {
    add(value);
  }

  @Override
  public void doubleValue(double value) {
    add(value);
  }

  @Override
  public void objectValue(Object value) {
    add(value);
  }

  private void add(Object value) {
    if (given < 0) {
      throw new IllegalStateException("a value outside a row");
    }
    if (given < featureCount) {
      values[given] = value;
    }
    given++;
  }

  @Override
  public void endRow() {
    int count = given;
    given = -1;
    if (count != featureCount) {
      throw new IllegalArgumentException(
          "a row of " + count + " values for " + featureCount + " features");
    }
    rows.add(new OnlineRow(key, Arrays.asList(values), eventTimestamp, createdTimestamp));
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public PreparedWrites.Batch build() {
    return this;
  }
}
