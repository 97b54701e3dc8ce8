package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.larder.core.model.ValueType;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark cursor of a {@link LatestRequest} (DESIGN B6): per key, the greatest {@link
 * SparkScan#ord()} among rows with {@code start <= event_ts <= end}, by a grouped {@code max}; the
 * rows come sorted by key (join keys compared in the order of their names, nulls last) and stream
 * to the driver one partition at a time as the caller reads them.
 */
final class SparkLatestRows implements LatestRows {
  private final ViewPlan view;
  private final Iterator<Row> rows;
  private final List<ColumnReader> values = new ArrayList<>();
  private final Runnable onClose;
  private final Runnable onRead;
  private Row row;
  private boolean closed;

  private SparkLatestRows(ViewPlan view, Iterator<Row> rows, Runnable onRead, Runnable onClose) {
    this.view = view;
    this.rows = rows;
    this.onRead = onRead;
    this.onClose = onClose;
    view.features().forEach(f -> values.add(ColumnReader.feature(f.name(), f.dtype())));
  }

  /**
   * Opens the cursor over {@code scan}; {@code onRead} runs around each read (to set the class
   * loader Spark needs) and {@code onClose} once when it is closed.
   */
  static SparkLatestRows open(
      SparkScan scan, LatestRequest request, Runnable onRead, Runnable onClose) {
    ViewPlan view = request.view();
    int keys = view.joinKeys().size();
    List<Integer> byName = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      byName.add(k);
    }
    byName.sort(Comparator.comparing(k -> view.joinKeys().get(k).name()));
    Dataset<Row> out = latest(scan, request);
    if (keys > 0) {
      out =
          out.orderBy(
              byName.stream().map(k -> col("__k" + k).asc_nulls_last()).toArray(Column[]::new));
    }
    return new SparkLatestRows(view, out.toLocalIterator(), onRead, onClose);
  }

  /**
   * The latest row per key, unordered: {@code __k0…} (join keys), {@code __ts}, {@code __cr}, then
   * {@code __v0…} (features), as this cursor reads them.
   */
  static Dataset<Row> latest(SparkScan scan, LatestRequest request) {
    ViewPlan view = request.view();
    Dataset<Row> src =
        scan.rows()
            .filter(
                col("__ts")
                    .geq(lit(Micros.of(request.start())))
                    .and(col("__ts").leq(lit(Micros.of(request.end())))));
    int keys = view.joinKeys().size();
    List<Column> keyColumns = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      keyColumns.add(col("__k" + k));
    }
    Dataset<Row> latest =
        keys == 0
            ? src.agg(max(scan.ord()).as("__best")).filter(col("__best").isNotNull())
            : src.groupBy(keyColumns.toArray(Column[]::new)).agg(max(scan.ord()).as("__best"));
    List<Column> select = new ArrayList<>(keyColumns);
    select.add(col("__best.__ts"));
    select.add(col("__best.__cr"));
    for (int f = 0; f < view.features().size(); f++) {
      select.add(col("__best.__v" + f));
    }
    return latest.select(select.toArray(Column[]::new));
  }

  @Override
  public ViewPlan view() {
    return view;
  }

  @Override
  public boolean next() {
    if (closed) {
      throw new IllegalStateException("the cursor is closed");
    }
    onRead.run();
    if (!rows.hasNext()) {
      row = null;
      return false;
    }
    row = rows.next();
    return true;
  }

  private Row current() {
    if (row == null) {
      throw new IllegalStateException("no current row; call next() first");
    }
    return row;
  }

  @Override
  public Object key(int i) {
    Objects.checkIndex(i, view.joinKeys().size());
    Row r = current();
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return view.joinKeys().get(i).type() == ValueType.UNIX_TIMESTAMP ? Micros.instant((Long) v) : v;
  }

  @Override
  public Object value(int i) {
    Objects.checkIndex(i, view.features().size());
    return values.get(i).read(current(), view.joinKeys().size() + 2 + i);
  }

  @Override
  public void values(ValueSink sink) {
    Row r = current();
    int first = view.joinKeys().size() + 2;
    for (int i = 0; i < values.size(); i++) {
      ColumnReader c = values.get(i);
      Object v = c.read(r, first + i);
      if (v == null) {
        sink.nullValue();
      } else if (c.kind() == FrameColumn.Kind.LONG) {
        sink.longValue((Long) v);
      } else if (c.kind() == FrameColumn.Kind.DOUBLE) {
        sink.doubleValue((Double) v);
      } else {
        sink.objectValue(v);
      }
    }
  }

  @Override
  public Instant eventTimestamp() {
    return Micros.instant(current().getLong(view.joinKeys().size()));
  }

  @Override
  public Instant createdTimestamp() {
    long created = current().getLong(view.joinKeys().size() + 1);
    return created == SparkScan.NULL_CREATED ? null : Micros.instant(created);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
  }
}
