package dev.larder.core.online;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rows of one view encoded for a {@link SqliteOnlineStore} (see its row format), in key order so
 * that the upserts walk the table's B-tree in order. The sort is stable: rows of one key keep their
 * order, and the later of two equal rows wins. Rows that already come sorted (materialization
 * delivers them so) are not sorted again.
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

  /** Encodes {@code rows}, whose lengths the caller checked against {@code layout}. */
  static SqliteBatch encode(
      SqliteOnlineStore store, String table, Layout layout, List<OnlineRow> rows) {
    int[] order = keyOrder(rows);
    SqliteBatch batch = new SqliteBatch(store, table, layout, rows.size());
    ValueEncoding.Output output = new ValueEncoding.Output();
    for (int i = 0; i < order.length; i++) {
      OnlineRow row = rows.get(order[i]);
      batch.keys[i] = row.key().bytes();
      batch.eventMicros[i] = ValueEncoding.micros(row.eventTimestamp());
      if (row.createdTimestamp() == null) {
        batch.createdNull[i] = true;
      } else {
        batch.createdMicros[i] = ValueEncoding.micros(row.createdTimestamp());
      }
      output.reset();
      output.writeByte(SqliteOnlineStore.ROW_FORMAT);
      output.writeIntLe(layout.id());
      for (Object v : row.values()) {
        output.writeValue(v);
      }
      batch.values[i] = output.toByteArray();
    }
    return batch;
  }

  /** The positions of {@code rows} in key order, stable; the identity when already sorted. */
  private static int[] keyOrder(List<OnlineRow> rows) {
    int n = rows.size();
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = compare(rows.get(i - 1), rows.get(i)) <= 0;
    }
    if (sorted) {
      return IntStream.range(0, n).toArray();
    }
    return IntStream.range(0, n)
        .boxed()
        .sorted(Comparator.comparing(rows::get, SqliteBatch::compare))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int compare(OnlineRow a, OnlineRow b) {
    return Arrays.compareUnsigned(a.key().bytes(), b.key().bytes());
  }

  @Override
  public int size() {
    return keys.length;
  }
}
