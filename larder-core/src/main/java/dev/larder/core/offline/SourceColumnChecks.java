package dev.larder.core.offline;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.Names;
import java.util.List;
import java.util.Map;

/**
 * The checks every offline engine makes of a view's source before it reads it: the view's timestamp
 * field, created-timestamp column, features and join keys are columns of the source, and the two
 * timestamp columns hold timestamps, dates or text. An engine passes the source's columns in
 * engine-neutral {@link ColumnType}s (in the source's order) and the text naming where the source
 * lies; the errors are the same from every engine.
 */
public final class SourceColumnChecks {
  private SourceColumnChecks() {}

  /**
   * Checks the view's timestamp field, its created-timestamp column (if it has one) and each
   * feature's source column; the join keys are checked one by one with {@link #requireJoinKey}.
   *
   * @param types the source's columns and their types, in the source's order
   * @param location where the source's data lies, as errors name it
   * @throws InvalidDefinitionException naming the view, the column and its role, when a column is
   *     missing or a timestamp column is of another type
   */
  public static void requireTimesAndFeatures(
      ViewPlan view, Map<String, ColumnType> types, String location) {
    requireTime(view, types, view.timestampColumn(), "its timestamp_field", location);
    view.createdColumn()
        .ifPresent(c -> requireTime(view, types, c, "its created_timestamp_column", location));
    for (RequestedFeature f : view.features()) {
      requireColumn(view, types, f.sourceColumn(), "feature " + Echo.of(f.name()), location);
    }
  }

  /** Checks that {@code key}'s source column is a column of the source (see above). */
  public static void requireJoinKey(
      ViewPlan view, Map<String, ColumnType> types, JoinKey key, String location) {
    requireColumn(view, types, key.sourceColumn(), "join key " + Echo.of(key.name()), location);
  }

  private static void requireTime(
      ViewPlan view, Map<String, ColumnType> types, String column, String role, String location) {
    requireColumn(view, types, column, role, location);
    ColumnType type = types.get(column);
    switch (type.family()) {
      case TIMESTAMP, DATE, STRING, NULL -> {}
      default ->
          throw new InvalidDefinitionException(
              view.label()
                  + ": column "
                  + Echo.of(column)
                  + " ("
                  + role
                  + ") of "
                  + location
                  + " is "
                  + type
                  + ", not a timestamp",
              "Store it as TIMESTAMP WITH TIME ZONE (or TIMESTAMP, taken as UTC), or as ISO-8601"
                  + " text in a CSV file");
    }
  }

  private static void requireColumn(
      ViewPlan view, Map<String, ColumnType> types, String column, String role, String location) {
    if (!types.containsKey(column)) {
      List<String> names = List.copyOf(types.keySet());
      throw new InvalidDefinitionException(
          view.label()
              + ": column "
              + Echo.of(column)
              + " ("
              + role
              + ") is not in "
              + location
              + DidYouMean.sentenceEnd(column, names)
              + " Its columns: "
              + Names.listing(names),
          "Fix the definition or the data, then run 'larder apply', which checks definitions"
              + " against their data");
    }
  }
}
