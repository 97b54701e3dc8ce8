package dev.larder.core.online;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.Names;
import dev.larder.core.model.ScalarType;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.KeyCoercion;
import dev.larder.core.offline.PushedRows;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.ViewPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The columns of one push, checked whole against the views they feed before anything is written:
 * every expected column present (join keys, the source's timestamp field and created column, every
 * feature), no other column, one length, no null key or event time, every value convertible to its
 * declared type. Column names are the names after the source's {@code field_mapping}.
 */
final class PushColumns {
  private enum Role {
    JOIN_KEY("join key"),
    TIMESTAMP("timestamp field"),
    CREATED("created timestamp column"),
    FEATURE("feature");

    final String label;

    Role(String label) {
      this.label = label;
    }
  }

  private record Expected(String name, Role role, JoinKey key, FeatureType type) {}

  private final BatchSource source;
  private final Map<String, Expected> expected;
  private final Map<String, Object[]> values;
  private final int rows;

  private PushColumns(
      BatchSource source, Map<String, Expected> expected, Map<String, Object[]> values, int rows) {
    this.source = source;
    this.expected = expected;
    this.values = values;
    this.rows = rows;
  }

  /**
   * Checks {@code columns} for rows of {@code views} read from {@code source}; {@code target} names
   * the push in messages (e.g. {@code push source 'driver_push'}).
   */
  static PushColumns check(
      String target,
      BatchSource source,
      List<ViewPlan> views,
      Map<String, ? extends List<?>> columns) {
    Map<String, Expected> expected = new LinkedHashMap<>();
    for (ViewPlan v : views) {
      for (JoinKey k : v.joinKeys()) {
        expected.putIfAbsent(
            k.name(), new Expected(k.name(), Role.JOIN_KEY, k, k.type().featureType()));
      }
    }
    expected.putIfAbsent(
        source.timestampField(),
        new Expected(source.timestampField(), Role.TIMESTAMP, null, ScalarType.UNIX_TIMESTAMP));
    if (source.createdTimestampColumn() != null) {
      expected.putIfAbsent(
          source.createdTimestampColumn(),
          new Expected(
              source.createdTimestampColumn(), Role.CREATED, null, ScalarType.UNIX_TIMESTAMP));
    }
    for (ViewPlan v : views) {
      for (RequestedFeature f : v.features()) {
        expected.putIfAbsent(f.name(), new Expected(f.name(), Role.FEATURE, null, f.dtype()));
      }
    }
    if (columns == null || columns.isEmpty()) {
      throw new InvalidArgumentException(
          "no columns given for " + target, "Give the columns " + Names.listing(expected.keySet()));
    }
    List<String> unknown = new ArrayList<>();
    for (String name : columns.keySet()) {
      if (!expected.containsKey(name)) {
        unknown.add(
            Echo.of(name)
                + DidYouMean.closest(name, expected.keySet())
                    .map(c -> " (did you mean " + Echo.of(c) + "?)")
                    .orElse(""));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidArgumentException(
          target + " takes no column " + String.join(", ", unknown),
          "Give exactly the columns " + Names.listing(expected.keySet()));
    }
    List<String> missing = new ArrayList<>();
    for (Expected e : expected.values()) {
      if (!columns.containsKey(e.name())) {
        missing.add(Echo.of(e.name()) + " (" + e.role().label + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidArgumentException(
          target
              + " needs column"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing),
          "Give exactly the columns "
              + Names.listing(expected.keySet())
              + " (a created timestamp column may hold nulls)");
    }
    int rows = -1;
    String first = null;
    for (Map.Entry<String, ? extends List<?>> c : columns.entrySet()) {
      int size = c.getValue() == null ? 0 : c.getValue().size();
      if (rows >= 0 && size != rows) {
        throw new InvalidArgumentException(
            "columns of "
                + target
                + " have different lengths: "
                + Echo.of(first)
                + " has "
                + rows
                + " values, "
                + Echo.of(c.getKey())
                + " has "
                + size,
            "Give every column one value per row");
      }
      if (rows < 0) {
        rows = size;
        first = c.getKey();
      }
    }
    Map<String, Object[]> values = new LinkedHashMap<>();
    for (Expected e : expected.values()) {
      values.put(e.name(), convert(e, columns.get(e.name()), rows));
    }
    return new PushColumns(source, expected, values, rows);
  }

  private static Object[] convert(Expected e, List<?> column, int rows) {
    Object[] out = new Object[rows];
    for (int r = 0; r < rows; r++) {
      int row = r;
      Supplier<String> what =
          () -> e.role().label + " column " + Echo.of(e.name()) + " at index " + row;
      Object raw = column.get(r);
      out[r] =
          switch (e.role()) {
            case JOIN_KEY -> KeyCoercion.value(raw, e.key(), what);
            case TIMESTAMP, CREATED -> ValueCoercion.time(raw, what);
            case FEATURE -> ValueCoercion.feature(raw, e.type(), what);
          };
      if (out[r] == null && (e.role() == Role.JOIN_KEY || e.role() == Role.TIMESTAMP)) {
        throw new InvalidArgumentException(
            what.get() + " is null; every row needs its " + e.role().label,
            "Fill in " + Echo.of(e.name()) + " in every row, or leave the row out");
      }
    }
    return out;
  }

  /** The number of rows. */
  int rows() {
    return rows;
  }

  /** The rows of {@code view} for the online store, in push order. */
  List<OnlineRow> onlineRows(ViewPlan view, OnlineViewSchema schema) {
    Object[] events = values.get(source.timestampField());
    Object[] created =
        source.createdTimestampColumn() == null
            ? null
            : values.get(source.createdTimestampColumn());
    List<OnlineRow> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      Object[] keys = new Object[view.joinKeys().size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = values.get(view.joinKeys().get(k).name())[r];
      }
      Object[] row = new Object[view.features().size()];
      for (int f = 0; f < row.length; f++) {
        row[f] = values.get(view.features().get(f).name())[r];
      }
      out.add(
          new OnlineRow(
              schema.key(keys),
              Arrays.asList(row),
              (Instant) events[r],
              created == null ? null : (Instant) created[r]));
    }
    return out;
  }

  /** The rows as the batch source's files hold them: source column names, declared types. */
  PushedRows offlineRows() {
    Map<String, PushedRows.Column> out = new LinkedHashMap<>();
    for (Expected e : expected.values()) {
      String column = source.sourceColumn(e.name());
      out.putIfAbsent(
          column, new PushedRows.Column(column, e.type(), Arrays.asList(values.get(e.name()))));
    }
    return new PushedRows(List.copyOf(out.values()), rows);
  }
}
