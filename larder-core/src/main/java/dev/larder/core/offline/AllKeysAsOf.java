package dev.larder.core.offline;

import dev.larder.core.model.ColumnType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The optional ability of an {@link OfflineEngine} to answer the commonest training request — every
 * key of one view, all at one time — faster than a point-in-time join of as many entity rows; ask
 * for it with {@code engine.capability(AllKeysAsOf.class)}.
 *
 * <p>The result is exactly what {@link OfflineEngine#getHistoricalFeatures} gives for entity rows
 * holding every key of {@code view}'s source once, in ascending key order (keys compared in the
 * order of their names), each at {@code asOf}, without the created-timestamp filter: the join-key
 * columns (named by {@link JoinKey#entityColumn()}), {@code event_timestamp}, then the view's
 * features; the rows matched, the summary and its diagnostic alike. larder-testkit's {@code
 * OfflineEngineContract} checks that against the engine's own {@code getHistoricalFeatures}.
 */
public interface AllKeysAsOf {
  /** Every key of {@code view}'s source at {@code asOf}, as described above. */
  TrainingFrame getHistoricalFeaturesForAllKeys(ViewPlan view, Instant asOf);

  /**
   * The same result from any engine, by its general methods: the keys listed from {@link
   * OfflineEngine#pullLatest} over all time, then joined with {@link
   * OfflineEngine#getHistoricalFeatures}; what callers use when the engine lacks this ability.
   */
  static TrainingFrame byJoin(OfflineEngine engine, ViewPlan view, Instant asOf) {
    List<Object[]> keys = new ArrayList<>();
    try (LatestRows rows =
        engine.pullLatest(new LatestRequest(view, ALL_TIME_START, ALL_TIME_END))) {
      while (rows.next()) {
        Object[] key = new Object[view.joinKeys().size()];
        for (int k = 0; k < key.length; k++) {
          key[k] = rows.key(k);
        }
        keys.add(key);
      }
    }
    return engine.getHistoricalFeatures(
        HistoricalRequest.of(
            entityRows(view, keys, asOf), new RetrievalPlan(List.of(view), false)));
  }

  /** The earliest event time a request for all time reads. */
  Instant ALL_TIME_START = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest event time a request for all time reads. */
  Instant ALL_TIME_END = Instant.parse("9999-12-31T23:59:59.999999Z");

  /**
   * The entity rows the result stands for: {@code keys} (each a value per join key, as {@link
   * LatestRows#key} gives them) in order, each at {@code asOf}.
   */
  static EntityRows entityRows(ViewPlan view, List<Object[]> keys, Instant asOf) {
    EntityRows.Builder rows = EntityRows.builder();
    for (int k = 0; k < view.joinKeys().size(); k++) {
      JoinKey key = view.joinKeys().get(k);
      FrameColumn.Builder column =
          FrameColumn.builder(
              key.entityColumn(), FrameColumn.Kind.of(ColumnType.joinType(key.type())));
      for (Object[] values : keys) {
        column.add(values[k]);
      }
      rows.column(column.build());
    }
    return rows.timestamps(EntityRows.EVENT_TIMESTAMP, Collections.nCopies(keys.size(), asOf))
        .build();
  }
}
