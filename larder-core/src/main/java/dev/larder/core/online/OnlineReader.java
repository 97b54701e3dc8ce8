package dev.larder.core.online;

import dev.larder.core.Echo;
import dev.larder.core.FeatureSelection;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.TooLargeException;
import dev.larder.core.offline.KeyCoercion;
import dev.larder.core.registry.RegistrySnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Online reads in process (DESIGN B6): resolves a selection against the registry, reads each view's
 * rows for the distinct entity keys, and shapes the result as B7's response. The resolved plan is
 * cached per request shape and registry revision, so a repeated request costs only the key encoding
 * and the store's read. Safe for use by many threads.
 */
public final class OnlineReader {
  private static final int MAX_PLANS = 1024;

  private record Shape(
      long revision, FeatureSelection selection, List<String> entityColumns, boolean full) {}

  private final Supplier<RegistrySnapshot> snapshots;
  private final OnlineStore store;
  private final Clock clock;
  private final Map<Shape, OnlineReadPlan> plans = new ConcurrentHashMap<>();

  /**
   * A reader of {@code store}.
   *
   * @param snapshots the registry snapshot to resolve against (typically a {@link CachedSnapshot})
   * @param clock the time that ttl ages are measured at
   */
  public OnlineReader(Supplier<RegistrySnapshot> snapshots, OnlineStore store, Clock clock) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads {@code selection} for the entity rows given column-wise in {@code entities} (join key, or
   * the name of an entity with one join key in the view → one value per row, all of one length;
   * iteration order is the output order of the entity columns). Columns that are no join key of the
   * requested views are ignored and not echoed, as Feast ignores them.
   *
   * @throws dev.larder.core.NotFoundException for an unknown view, feature or feature service
   * @throws InvalidArgumentException for a missing join key, columns of different lengths, or a
   *     value that does not convert to its join key's type
   */
  public OnlineFeatures read(
      FeatureSelection selection,
      Map<String, ? extends List<?>> entities,
      boolean fullFeatureNames) {
    return read(selection, entities, fullFeatureNames, Long.MAX_VALUE);
  }

  /**
   * {@link #read(FeatureSelection, Map, boolean)} of at most {@code maxValues} values (entity rows
   * × features), checked once the selection is resolved and before anything is read.
   *
   * @throws TooLargeException when the read asks for more, naming the limit and the setting ({@code
   *     feature_server.max_request_values}) that raises it
   */
  public OnlineFeatures read(
      FeatureSelection selection,
      Map<String, ? extends List<?>> entities,
      boolean fullFeatureNames,
      long maxValues) {
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(entities, "entities");
    List<String> names = List.copyOf(entities.keySet());
    List<List<?>> columns = new ArrayList<>(names.size());
    int rows = -1;
    for (String name : names) {
      List<?> column = entities.get(name);
      if (column == null) {
        throw new InvalidArgumentException(
            "entity column " + Echo.of(name) + " has no values", "Give a list of values for it");
      }
      if (rows >= 0 && column.size() != rows) {
        throw new InvalidArgumentException(
            "entity columns have different lengths: "
                + Echo.of(names.get(0))
                + " has "
                + rows
                + " values, "
                + Echo.of(name)
                + " has "
                + column.size(),
            "Give every entity column one value per entity row");
      }
      rows = column.size();
      columns.add(column);
    }
    OnlineReadPlan plan = plan(selection, names, fullFeatureNames);
    rows = Math.max(rows, 0);
    checkValueLimit(rows, plan.outputs().size(), maxValues);
    return execute(plan, columns, rows, clock.instant());
  }

  /**
   * Checks that {@code rows} entity rows × {@code features} features fit in {@code maxValues}; the
   * server calls it before it has even converted the request's keys, when it can count both.
   *
   * @throws TooLargeException naming both counts, the limit, how many rows would fit and the
   *     setting ({@code feature_server.max_request_values}) that raises the limit
   */
  public static void checkValueLimit(long rows, long features, long maxValues) {
    if (features <= 0 || rows <= maxValues / features) {
      return;
    }
    throw new TooLargeException(
        String.format(
            Locale.ROOT,
            "this online read asks for %,d entity rows × %,d features = %,d values, over the"
                + " limit of %,d values per request",
            rows,
            features,
            rows * features,
            maxValues),
        String.format(
            Locale.ROOT,
            "Send at most %,d entity rows per request for these features (split the keys into"
                + " batches), or raise feature_server.max_request_values in feature_store.yaml",
            Math.max(1, maxValues / features)));
  }

  private OnlineReadPlan plan(FeatureSelection selection, List<String> names, boolean full) {
    RegistrySnapshot snapshot = snapshots.get();
    Shape shape = new Shape(snapshot.revision(), selection, names, full);
    OnlineReadPlan plan = plans.get(shape);
    if (plan == null) {
      plan = OnlineReadPlan.resolve(snapshot, selection, names, full);
      if (plans.size() >= MAX_PLANS) {
        plans.clear();
      }
      plans.put(shape, plan);
    }
    return plan;
  }

  private OnlineFeatures execute(
      OnlineReadPlan plan, List<List<?>> entities, int rows, Instant now) {
    List<OnlineColumn> out = new ArrayList<>(plan.echoed().size() + plan.outputs().size());
    List<FeatureStatus> present = Collections.nCopies(rows, FeatureStatus.PRESENT);
    List<Instant> epochs = Collections.nCopies(rows, Instant.EPOCH);
    for (OnlineReadPlan.Echoed e : plan.echoed()) {
      out.add(OnlineColumn.of(e.name(), entities.get(e.column()), present, epochs));
    }
    List<ViewKeys> reads = new ArrayList<>(plan.views().size());
    List<int[]> rowKeys = new ArrayList<>(plan.views().size());
    for (OnlineReadPlan.View view : plan.views()) {
      int[] rowToKey = new int[rows];
      reads.add(new ViewKeys(view.schema(), keys(plan, view, entities, rows, rowToKey)));
      rowKeys.add(rowToKey);
    }
    List<List<StoredRow>> perView = store.readAll(reads);
    for (OnlineReadPlan.Output o : plan.outputs()) {
      OnlineReadPlan.View view = plan.views().get(o.view());
      List<StoredRow> stored = perView.get(o.view());
      int[] rowToKey = rowKeys.get(o.view());
      Object[] values = new Object[rows];
      FeatureStatus[] statuses = new FeatureStatus[rows];
      Instant[] times = new Instant[rows];
      for (int r = 0; r < rows; r++) {
        StoredRow row = rowToKey[r] < 0 ? null : stored.get(rowToKey[r]);
        if (row == null || !row.has(o.feature())) {
          statuses[r] = FeatureStatus.NOT_FOUND;
          times[r] = Instant.EPOCH;
          continue;
        }
        Object value = row.value(o.feature());
        values[r] = value;
        times[r] = row.eventTimestamp();
        if (!view.ttl().isZero() && row.eventTimestamp().plus(view.ttl()).isBefore(now)) {
          statuses[r] = FeatureStatus.OUTSIDE_MAX_AGE;
        } else {
          statuses[r] = value == null ? FeatureStatus.NULL_VALUE : FeatureStatus.PRESENT;
        }
      }
      out.add(
          new OnlineColumn(
              o.name(), Arrays.asList(values), Arrays.asList(statuses), Arrays.asList(times)));
    }
    return new OnlineFeatures(out);
  }

  /**
   * The distinct keys of {@code view}'s rows; {@code rowToKey[r]} is -1 for a row with a null key.
   */
  private static List<EntityKey> keys(
      OnlineReadPlan plan,
      OnlineReadPlan.View view,
      List<List<?>> entities,
      int rows,
      int[] rowToKey) {
    int[] columns = view.keyColumns();
    if (columns.length == 0) {
      Arrays.fill(rowToKey, 0);
      return rows == 0 ? List.of() : List.of(view.schema().key());
    }
    List<EntityKey> keys = new ArrayList<>(rows);
    Map<EntityKey, Integer> seen = rows > 1 ? new HashMap<>(rows * 2) : null;
    for (int r = 0; r < rows; r++) {
      Object[] values = new Object[columns.length];
      boolean missing = false;
      for (int k = 0; k < columns.length; k++) {
        String column = plan.entityColumns().get(columns[k]);
        int row = r;
        values[k] =
            KeyCoercion.value(
                entities.get(columns[k]).get(r),
                view.joinKeys().get(k),
                () -> "entity column " + Echo.of(column) + " (row " + row + ")");
        missing |= values[k] == null;
      }
      if (missing) {
        rowToKey[r] = -1;
        continue;
      }
      EntityKey key = view.schema().key(values);
      Integer known = seen == null ? null : seen.putIfAbsent(key, keys.size());
      if (known == null) {
        rowToKey[r] = keys.size();
        keys.add(key);
      } else {
        rowToKey[r] = known;
      }
    }
    return keys;
  }
}
