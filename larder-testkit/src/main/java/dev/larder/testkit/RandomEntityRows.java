package dev.larder.testkit;

import dev.larder.core.model.ValueType;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.ViewPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Random entity rows for a property-test plan: a column per entity column the plan joins on (held
 * as declared, or as text or longs to exercise B5.7's conversions), a label, event_timestamp; some
 * rows duplicated, some keys null or unknown.
 */
final class RandomEntityRows {
  private final SplittableRandom random;
  private final Consumer<String> count;

  RandomEntityRows(SplittableRandom random, Consumer<String> count) {
    this.random = random;
    this.count = count;
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Builds the entity columns the plan needs, a label and event_timestamp; returns the times. */
  long[] build(RetrievalPlan plan, Map<String, FrameColumn> entityColumns) {
    Map<String, ValueType> keyColumns = new LinkedHashMap<>();
    for (ViewPlan v : plan.views()) {
      for (JoinKey k : v.joinKeys()) {
        keyColumns.put(k.entityColumn(), k.type());
      }
    }
    int n = chance(0.04) ? 0 : 1 + random.nextInt(8);
    if (n == 0) {
      count.accept("cases without entity rows");
    }
    Map<String, Boolean> asText = new HashMap<>();
    keyColumns.forEach(
        (column, type) -> {
          boolean text = type == ValueType.STRING ? !chance(0.15) : chance(0.2);
          if (text != (type == ValueType.STRING)) {
            count.accept("key columns converted (B5.7)");
          }
          asText.put(column, text);
        });
    List<Map<String, Object>> rows = new ArrayList<>();
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      if (i > 0 && chance(0.25)) {
        int j = random.nextInt(i);
        rows.add(rows.get(j));
        times[i] = times[j];
        count.accept("duplicate entity rows");
        continue;
      }
      Map<String, Object> row = new HashMap<>();
      keyColumns.forEach(
          (column, type) ->
              row.put(column, chance(0.05) ? null : entityKey(type, asText.get(column))));
      row.put("label", (long) random.nextInt(3));
      rows.add(row);
      times[i] = random.nextInt(11) * 1_000_000L + (chance(0.1) ? random.nextInt(-1, 2) : 0);
    }
    List<String> order = new ArrayList<>(keyColumns.keySet());
    order.add("label");
    order.add(EntityRows.EVENT_TIMESTAMP);
    Collections.shuffle(order, new Random(random.nextLong()));
    for (String column : order) {
      if (column.equals(EntityRows.EVENT_TIMESTAMP)) {
        List<Instant> instants = new ArrayList<>();
        for (long t : times) {
          instants.add(RandomPitCase.BASE.plusNanos(t * 1_000));
        }
        entityColumns.put(column, FrameColumn.ofTimestamps(column, instants));
      } else if (column.equals("label") || !asText.get(column)) {
        List<Long> values = new ArrayList<>();
        rows.forEach(r -> values.add((Long) r.get(column)));
        entityColumns.put(column, FrameColumn.ofLongs(column, values));
      } else {
        List<String> values = new ArrayList<>();
        rows.forEach(r -> values.add((String) r.get(column)));
        entityColumns.put(column, FrameColumn.ofStrings(column, values));
      }
    }
    return times;
  }

  private Object entityKey(ValueType type, boolean text) {
    if (type == ValueType.STRING) {
      if (!text) {
        return new long[] {7, 12}[random.nextInt(2)];
      }
      return chance(0.1)
          ? "zz"
          : RandomPitCase.STRINGS[random.nextInt(RandomPitCase.STRINGS.length)];
    }
    if (text) {
      return new String[] {"1", "2", "007", "+2", "99"}[random.nextInt(5)];
    }
    return chance(0.1) ? 99L : RandomPitCase.LONGS[random.nextInt(RandomPitCase.LONGS.length)];
  }
}
