package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@link EntityRows.TimeRange} (no entity rows: every key with rows in a time range) into
 * entity rows held in Java, by any engine's general methods: the keys of each requested view come
 * from {@link OfflineEngine#pullLatest} over the range (one row per key with a row in it), the
 * union is sorted, and every row is set at the range's end. Engines call {@link #resolve} before
 * they run a request, so that the point-in-time join that follows is their ordinary one (DESIGN
 * B5); larder-testkit's {@code OfflineEngineContract} checks the result on every engine.
 */
public final class TimeRangeRows {
  private TimeRangeRows() {}

  /**
   * {@code request} with its {@link EntityRows.TimeRange} replaced by the rows it stands for
   * (defaults resolved against the current time); any other request unchanged.
   */
  public static HistoricalRequest resolve(OfflineEngine engine, HistoricalRequest request) {
    if (!(request.entityRows() instanceof EntityRows.TimeRange range)) {
      return request;
    }
    EntityRows.TimeRange resolved = range.resolve(request.plan(), Instant.now());
    return new HistoricalRequest(
        rows(engine, request.plan(), resolved), request.plan(), request.filterByCreatedTimestamp());
  }

  /**
   * The entity rows of {@code range} (both bounds set) for the views of {@code plan}: see {@link
   * EntityRows.TimeRange}.
   *
   * @throws InvalidArgumentException when two views with keys join on different entity columns
   */
  public static EntityRows.Columns rows(
      OfflineEngine engine, RetrievalPlan plan, EntityRows.TimeRange range) {
    if (range.start() == null || range.end() == null) {
      throw new IllegalArgumentException("resolve the range's defaults first");
    }
    List<JoinKey> columns = keyColumns(plan);
    Map<List<Object>, Object[]> keys = new LinkedHashMap<>();
    boolean anyRow = false;
    Set<String> seen = new LinkedHashSet<>();
    for (ViewPlan view : plan.views()) {
      if (!seen.add(view.view().name() + "@" + view.version())) {
        continue; // one view projected twice has the same rows
      }
      int[] position = positions(view, columns);
      try (LatestRows rows =
          engine.pullLatest(new LatestRequest(view, range.start(), range.end()))) {
        while (rows.next()) {
          anyRow = true;
          if (view.isEntityless()) {
            break;
          }
          Object[] key = new Object[columns.size()];
          boolean complete = true;
          for (int k = 0; k < key.length; k++) {
            key[k] = rows.key(position[k]);
            complete &= key[k] != null;
          }
          if (complete) {
            keys.putIfAbsent(hashable(key), key);
          }
        }
      }
    }
    List<Object[]> sorted = new ArrayList<>(keys.values());
    sorted.sort(byNames(columns));
    if (columns.isEmpty() && anyRow) {
      sorted.add(new Object[0]);
    }
    EntityRows.Builder builder = EntityRows.builder();
    for (int k = 0; k < columns.size(); k++) {
      JoinKey key = columns.get(k);
      FrameColumn.Builder column =
          FrameColumn.builder(
              key.entityColumn(), FrameColumn.Kind.of(ColumnType.joinType(key.type())));
      for (Object[] values : sorted) {
        column.add(values[k]);
      }
      builder.column(column.build());
    }
    return builder
        .timestamps(EntityRows.EVENT_TIMESTAMP, Collections.nCopies(sorted.size(), range.end()))
        .build();
  }

  /**
   * The entity columns of the result: the join keys of the first view that has keys, in its order;
   * every other view with keys must join on the same columns, with the same types.
   */
  private static List<JoinKey> keyColumns(RetrievalPlan plan) {
    ViewPlan first = null;
    for (ViewPlan view : plan.views()) {
      if (view.isEntityless()) {
        continue;
      }
      if (first == null) {
        first = view;
        continue;
      }
      Map<String, Object> expected = new LinkedHashMap<>();
      first.joinKeys().forEach(k -> expected.put(k.entityColumn(), k.type()));
      Map<String, Object> actual = new LinkedHashMap<>();
      view.joinKeys().forEach(k -> actual.put(k.entityColumn(), k.type()));
      if (!expected.equals(actual)) {
        throw new InvalidArgumentException(
            "without entity rows, every requested view must join on the same entity columns, but "
                + first.label()
                + " joins on "
                + describe(first)
                + " and "
                + view.label()
                + " on "
                + describe(view),
            "Request views of one entity per retrieval, or give entity rows with every join key"
                + " (--entity-df or --entity-sql)");
      }
    }
    return first == null ? List.of() : first.joinKeys();
  }

  private static String describe(ViewPlan view) {
    List<String> keys = new ArrayList<>();
    view.joinKeys().forEach(k -> keys.add(Echo.of(k.entityColumn()) + " (" + k.type() + ")"));
    return String.join(", ", keys);
  }

  /** For each result column, the index of the view's join key that fills it. */
  private static int[] positions(ViewPlan view, List<JoinKey> columns) {
    int[] position = new int[columns.size()];
    if (view.isEntityless()) {
      return position;
    }
    for (int c = 0; c < columns.size(); c++) {
      for (int k = 0; k < view.joinKeys().size(); k++) {
        if (view.joinKeys().get(k).entityColumn().equals(columns.get(c).entityColumn())) {
          position[c] = k;
        }
      }
    }
    return position;
  }

  /** Keys in ascending order, compared column by column in the order of the columns' names. */
  private static Comparator<Object[]> byNames(List<JoinKey> columns) {
    Integer[] order = new Integer[columns.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.comparing(i -> columns.get(i).entityColumn(), TimeRangeRows::utf8));
    return (a, b) -> {
      for (int i : order) {
        int c = compare(a[i], b[i]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return utf8(x, y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Strings in the order of their UTF-8 bytes (code point order), as the engines sort them. */
  private static int utf8(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static List<Object> hashable(Object[] key) {
    List<Object> out = new ArrayList<>(key.length);
    for (Object k : key) {
      out.add(k instanceof byte[] b ? ByteBuffer.wrap(b) : k);
    }
    return out;
  }
}
