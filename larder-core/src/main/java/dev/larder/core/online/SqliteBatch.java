package dev.larder.core.online;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rows of one view encoded for a {@link SqliteOnlineStore} (see its row format), in key order so
 * that the upserts walk the table's B-tree in order. The sort is stable: rows of one key keep their
 * order, and the later of two equal rows wins. Rows that already come sorted (materialization
 * delivers them so) are not sorted again. A {@link Builder} makes one, for both {@link
 * SqliteOnlineStore#prepare} and {@link SqliteOnlineStore#newBatch}.
 */
final class SqliteBatch implements PreparedWrites.Batch {
  final SqliteOnlineStore store;
  final String table;
  final Layout layout;
  final byte[][] keys;
  final long[] eventMicros;

  /** Creation times in microseconds; an element of {@link #createdNull} set means none. */
  final long[] createdMicros;

  final boolean[] createdNull;
  final byte[][] values;

  private SqliteBatch(SqliteOnlineStore store, String table, Layout layout, int size) {
    this.store = store;
    this.table = table;
    this.layout = layout;
    this.keys = new byte[size][];
    this.eventMicros = new long[size];
    this.createdMicros = new long[size];
    this.createdNull = new boolean[size];
    this.values = new byte[size][];
  }

  @Override
  public int size() {
    return keys.length;
  }

  /** Encodes rows as they are given, each into its value blob at once. */
  static final class Builder implements PreparedWrites.RowBatch {
    private final SqliteOnlineStore store;
    private final String table;
    private final Layout layout;
    private final SqliteKeyFormat keyFormat;
    private final ValueEncoding.Output output = new ValueEncoding.Output();
    private byte[][] keys = new byte[64][];
    private long[] eventMicros = new long[64];
    private long[] createdMicros = new long[64];
    private boolean[] createdNull = new boolean[64];
    private byte[][] values = new byte[64][];
    private int size;

    /** The values given to the row being built, or -1 between rows. */
    private int rowValues = -1;

    Builder(SqliteOnlineStore store, String table, Layout layout, SqliteKeyFormat keyFormat) {
      this.store = store;
      this.table = table;
      this.layout = layout;
      this.keyFormat = keyFormat;
    }

    @Override
    public void startRow(EntityKey key, Instant eventTimestamp, Instant createdTimestamp) {
      if (rowValues >= 0) {
        throw new IllegalStateException("the previous row was not ended");
      }
      byte[] keyBytes = keyFormat.encode(key);
      if (size == keys.length) {
        int n = size * 2;
        keys = Arrays.copyOf(keys, n);
        eventMicros = Arrays.copyOf(eventMicros, n);
        createdMicros = Arrays.copyOf(createdMicros, n);
        createdNull = Arrays.copyOf(createdNull, n);
        values = Arrays.copyOf(values, n);
      }
      keys[size] = keyBytes;
      eventMicros[size] = ValueEncoding.micros(eventTimestamp);
      createdNull[size] = createdTimestamp == null;
      createdMicros[size] = createdTimestamp == null ? 0 : ValueEncoding.micros(createdTimestamp);
      output.reset();
      output.writeByte(SqliteOnlineStore.ROW_FORMAT);
      output.writeIntLe(layout.id());
      rowValues = 0;
    }

    @Override
    public void nullValue() {
      inRow().writeValue(null);
    }

    @Override
    public void longValue(long value) {
      inRow().writeInteger(value);
    }

    @Override
    public void doubleValue(double value) {
      inRow().writeTaggedDouble(value);
    }

    @Override
    public void objectValue(Object value) {
      inRow().writeValue(value);
    }

    private ValueEncoding.Output inRow() {
      if (rowValues < 0) {
        throw new IllegalStateException("a value outside a row");
      }
      rowValues++;
      return output;
    }

    @Override
    public void endRow() {
      int given = rowValues;
      rowValues = -1;
      int expected = layout.names().size();
      if (given != expected) {
        throw new IllegalArgumentException(
            "a row of " + given + " values for " + expected + " features");
      }
      values[size++] = output.toByteArray();
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public SqliteBatch build() {
      if (rowValues >= 0) {
        throw new IllegalStateException("the last row was not ended");
      }
      int[] order = keyOrder();
      SqliteBatch batch = new SqliteBatch(store, table, layout, size);
      for (int i = 0; i < size; i++) {
        int from = order[i];
        batch.keys[i] = keys[from];
        batch.eventMicros[i] = eventMicros[from];
        batch.createdMicros[i] = createdMicros[from];
        batch.createdNull[i] = createdNull[from];
        batch.values[i] = values[from];
      }
      return batch;
    }

    /** The positions of the rows in key order, stable; the identity when already sorted. */
    private int[] keyOrder() {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = Arrays.compareUnsigned(keys[i - 1], keys[i]) <= 0;
      }
      if (sorted) {
        return IntStream.range(0, size).toArray();
      }
      return IntStream.range(0, size)
          .boxed()
          .sorted(Comparator.comparing(i -> keys[i], Arrays::compareUnsigned))
          .mapToInt(Integer::intValue)
          .toArray();
    }
  }
}
