package dev.larder.spark;

import dev.larder.core.model.ValueType;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.PreparedWrites;
import dev.larder.redis.RedisOnlineStoreFactory;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * What each Spark task of a materialization does on its executor ({@link ExecutorMaterialization}):
 * it opens the online store from its {@link OnlineStoreSection} and writes its partition of the
 * latest rows ({@link SparkLatestRows#latest}: keys, event and created time, values) in batches
 * through the store's own write path ({@link PreparedWrites}: the stores {@link
 * ExecutorMaterialization#writesTo} accepts have it), so keys, values and the not-older rule are
 * exactly the store's; it returns the number of rows written. Rows with a null join key are
 * skipped, as the driver's materialization skips them.
 *
 * <p>A Redis store's connections are named {@code larder-spark-executor-<executor id>} ({@code
 * CLIENT LIST} shows who wrote); in local mode the id is {@code driver}.
 */
final class ExecutorWrites implements MapPartitionsFunction<Row, Long> {
  private static final long serialVersionUID = 1L;

  /** The prefix of the Redis client name of an executor's connections. */
  static final String CLIENT_NAME_PREFIX = "larder-spark-executor-";

  private final OnlineStoreSection section;
  private final ExecutorViewSchema view;
  private final int batchSize;

  ExecutorWrites(OnlineStoreSection section, ExecutorViewSchema view, int batchSize) {
    this.section = section;
    this.view = view;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Long> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return List.of(0L).iterator();
    }
    SparkEnv env = SparkEnv.get();
    String executor = env == null ? "driver" : env.executorId();
    // An executor of its own JVM keeps its stores for the application; in local mode the
    // executor is the driver, which closes what it opens.
    boolean shared = !"driver".equals(executor);
    OnlineStoreSection mine = section;
    if (section.type().equals("redis")) {
      mine =
          section.withOption(
              RedisOnlineStoreFactory.CLIENT_NAME_OPTION,
              CLIENT_NAME_PREFIX + executor.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
    try (ExecutorStores.Lease lease = ExecutorStores.borrow(mine, shared)) {
      return List.of(write(lease.store(), rows)).iterator();
    }
  }

  private long write(OnlineStore store, Iterator<Row> rows) {
    OnlineViewSchema schema = view.schema();
    int keys = schema.joinKeys().size();
    boolean[] instantKey = new boolean[keys];
    for (int k = 0; k < keys; k++) {
      instantKey[k] = schema.joinKeys().get(k).type() == ValueType.UNIX_TIMESTAMP;
    }
    ColumnReader[] values =
        schema.features().stream()
            .map(f -> ColumnReader.feature(f.name(), f.dtype()))
            .toArray(ColumnReader[]::new);
    PreparedWrites prepared =
        store
            .capability(PreparedWrites.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "online store " + store.location() + " has no prepared writes"));
    PreparedWrites.RowBatch batch = prepared.newBatch(schema);
    long written = 0;
    Object[] key = new Object[keys];
    while (rows.hasNext()) {
      Row r = rows.next();
      boolean nullKey = false;
      for (int k = 0; k < keys; k++) {
        if (r.isNullAt(k)) {
          nullKey = true;
          break;
        }
        Object v = r.get(k);
        key[k] = instantKey[k] ? Micros.instant((Long) v) : v;
      }
      if (nullKey) {
        continue; // no read can ask for it
      }
      long created = r.getLong(keys + 1);
      batch.startRow(
          schema.key(key),
          Micros.instant(r.getLong(keys)),
          created == SparkScan.NULL_CREATED ? null : Micros.instant(created));
      for (int i = 0; i < values.length; i++) {
        ColumnReader c = values[i];
        Object v = c.read(r, keys + 2 + i);
        if (v == null) {
          batch.nullValue();
        } else if (c.kind() == FrameColumn.Kind.LONG) {
          batch.longValue((Long) v);
        } else if (c.kind() == FrameColumn.Kind.DOUBLE) {
          batch.doubleValue((Double) v);
        } else {
          batch.objectValue(v);
        }
      }
      batch.endRow();
      if (batch.size() == batchSize) {
        prepared.write(batch.build());
        written += batch.size();
        batch = prepared.newBatch(schema);
      }
    }
    if (batch.size() > 0) {
      prepared.write(batch.build());
      written += batch.size();
    }
    return written;
  }
}
