package dev.larder.core.offline.duckdb;

import dev.larder.core.model.ColumnType;
import dev.larder.core.offline.AllKeysAsOf;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DuckDB engine's {@link AllKeysAsOf}: from the latest rows per key, which DuckDB reads in one
 * grouped scan, instead of a join of as many entity rows. A key's pick at {@code asOf} is the
 * greatest {@code (event_ts, created_ts)} among its rows with {@code asOf − ttl <= event_ts <=
 * asOf}, ties to the last row (DESIGN B5.1, B5.3), which is B6's latest row in that window. Its
 * latest row over all time is that pick whenever it lies in the window (it beats every other
 * candidate), and shows there is none when it is older; only when some key's latest row lies after
 * {@code asOf} is the window read a second time. When no key has a pick, the request runs as a
 * join, whose summary carries the no-match diagnostic.
 */
final class DuckDbAllKeysAsOf {
  private static final Instant ALL_TIME_START = AllKeysAsOf.ALL_TIME_START;
  private static final Instant ALL_TIME_END = AllKeysAsOf.ALL_TIME_END;

  private DuckDbAllKeysAsOf() {}

  static TrainingFrame run(OfflineEngine engine, ViewPlan view, Instant asOf) {
    RetrievalPlan plan = new RetrievalPlan(List.of(view), false);
    List<String> entityColumns = new ArrayList<>();
    view.joinKeys().forEach(k -> entityColumns.add(k.entityColumn()));
    entityColumns.add(EntityRows.EVENT_TIMESTAMP);
    plan.checkOutputNames(entityColumns);
    Duration ttl = view.ttl();
    Instant windowStart =
        ttl.isZero() || asOf.minus(ttl).isBefore(ALL_TIME_START) ? ALL_TIME_START : asOf.minus(ttl);
    int features = view.features().size();
    List<Object[]> keys = new ArrayList<>();
    List<Object[]> picks = new ArrayList<>();
    boolean later = false;
    try (LatestRows rows =
        engine.pullLatest(new LatestRequest(view, ALL_TIME_START, ALL_TIME_END))) {
      while (rows.next()) {
        Object[] key = keys(rows, view);
        keys.add(key);
        Instant event = rows.eventTimestamp();
        Object[] pick = null;
        if (event.isAfter(asOf)) {
          later = true;
        } else if (!event.isBefore(windowStart) && !hasNull(key)) {
          pick = values(rows, features);
        }
        picks.add(pick);
      }
    }
    if (later && !asOf.isBefore(windowStart)) {
      Map<List<Object>, Integer> index = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        index.put(hashable(keys.get(i)), i);
      }
      try (LatestRows rows = engine.pullLatest(new LatestRequest(view, windowStart, asOf))) {
        while (rows.next()) {
          Object[] key = keys(rows, view);
          Integer i = index.get(hashable(key));
          if (i != null && picks.get(i) == null && !hasNull(key)) {
            picks.set(i, values(rows, features));
          }
        }
      }
    }
    boolean anyPick = picks.stream().anyMatch(p -> p != null);
    if (!anyPick && !keys.isEmpty()) {
      return engine.getHistoricalFeatures(
          HistoricalRequest.of(AllKeysAsOf.entityRows(view, keys, asOf), plan));
    }
    TrainingFrame.Builder frame = TrainingFrame.builder(plan);
    for (JoinKey k : view.joinKeys()) {
      frame.declare(k.entityColumn(), FrameColumn.Kind.of(ColumnType.joinType(k.type())));
    }
    frame.declare(EntityRows.EVENT_TIMESTAMP, FrameColumn.Kind.TIMESTAMP);
    for (RequestedFeature f : view.features()) {
      frame.declare(f.outputName(), FrameColumn.Kind.of(ColumnType.of(f.dtype())));
    }
    for (int i = 0; i < keys.size(); i++) {
      List<Object> row = new ArrayList<>(Arrays.asList(keys.get(i)));
      row.add(asOf);
      Object[] pick = picks.get(i);
      row.addAll(pick == null ? Arrays.asList(new Object[features]) : Arrays.asList(pick));
      frame.addRow(row, new boolean[] {pick != null});
    }
    return frame.build();
  }

  private static Object[] keys(LatestRows rows, ViewPlan view) {
    Object[] key = new Object[view.joinKeys().size()];
    for (int k = 0; k < key.length; k++) {
      key[k] = rows.key(k);
    }
    return key;
  }

  private static Object[] values(LatestRows rows, int features) {
    Object[] values = new Object[features];
    for (int f = 0; f < features; f++) {
      values[f] = rows.value(f);
    }
    return values;
  }

  private static boolean hasNull(Object[] key) {
    for (Object k : key) {
      if (k == null) {
        return true;
      }
    }
    return false;
  }

  private static List<Object> hashable(Object[] key) {
    List<Object> out = new ArrayList<>(key.length);
    for (Object k : key) {
      out.add(k instanceof byte[] b ? ByteBuffer.wrap(b) : k);
    }
    return out;
  }
}
