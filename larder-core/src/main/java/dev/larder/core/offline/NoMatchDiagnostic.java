package dev.larder.core.offline;

import dev.larder.core.time.IsoTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Why no entity row found a row in a view (DESIGN B5.7): the keys and time range of the entity rows
 * beside those of the source. The CLI prints {@link #message()} as a {@code warning:} line.
 *
 * <p>Every engine builds it the same way, so that the warning text is the same: key ranges with
 * {@link #keyRange(String, String)} of the least and greatest value as text (integers in decimal,
 * strings as they are; the entity side over the entity column as read, the source side over the
 * join key in its {@link dev.larder.core.model.ColumnType#joinType join type}); {@code source} is
 * where the source's data lies (the resolved path, as {@code SourceSchema#location()} names it);
 * {@code entityRowsWithKnownKey} counts entity rows whose keys (converted to the join type) all
 * occur together in one source row with an event timestamp, or every entity row for an entity-less
 * view over a source with rows; {@code sourceRows} counts source rows with an event timestamp.
 *
 * @param view how messages name the view ({@code feature view 'x'})
 * @param entityRows the number of entity rows
 * @param entityRowsWithKnownKey how many of them have a key that occurs in the source (all of them
 *     for an entity-less view with a non-empty source)
 * @param keyColumns the entity columns holding the join keys (empty for an entity-less view)
 * @param entityKeyRanges for each key column, its least and greatest value ({@code 3 … 17})
 * @param entityFrom the earliest entity timestamp
 * @param entityTo the latest entity timestamp
 * @param source where the source's data lies
 * @param sourceRows the number of source rows with an event timestamp
 * @param sourceKeyRanges for each join key, its least and greatest value in the source
 * @param sourceFrom the earliest event timestamp in the source, or {@code null} when it has no rows
 * @param sourceTo the latest event timestamp in the source, or {@code null}
 * @param ttl the view's ttl (zero is unlimited)
 * @param createdFilter whether candidates also had to be created by the entity row's time
 */
public record NoMatchDiagnostic(
    String view,
    long entityRows,
    long entityRowsWithKnownKey,
    List<String> keyColumns,
    List<String> entityKeyRanges,
    Instant entityFrom,
    Instant entityTo,
    String source,
    long sourceRows,
    List<String> sourceKeyRanges,
    Instant sourceFrom,
    Instant sourceTo,
    Duration ttl,
    boolean createdFilter) {
  public NoMatchDiagnostic {
    Objects.requireNonNull(view, "view");
    keyColumns = List.copyOf(keyColumns);
    entityKeyRanges = List.copyOf(entityKeyRanges);
    sourceKeyRanges = List.copyOf(sourceKeyRanges);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(ttl, "ttl");
  }

  /** One paragraph: what matched nothing, the two sides, and the likely reason. */
  public String message() {
    StringBuilder out = new StringBuilder();
    out.append(view)
        .append(" found no row for any of the ")
        .append(entityRows)
        .append(" entity row")
        .append(entityRows == 1 ? "" : "s")
        .append(". Entity rows: ")
        .append(ranges(entityKeyRanges))
        .append("event_timestamp ")
        .append(range(entityFrom, entityTo))
        .append(". Source ")
        .append(source)
        .append(": ")
        .append(sourceRows)
        .append(" row")
        .append(sourceRows == 1 ? "" : "s");
    if (sourceRows > 0) {
      out.append(", ")
          .append(ranges(sourceKeyRanges))
          .append("event_timestamp ")
          .append(range(sourceFrom, sourceTo));
    }
    out.append(". ").append(reason());
    return out.toString();
  }

  private String reason() {
    if (sourceRows == 0) {
      return "The source has no rows; write data to it, or fix the source's path.";
    }
    if (!keyColumns.isEmpty() && entityRowsWithKnownKey == 0) {
      return "None of the entity rows' keys is in the source; check the key values and columns.";
    }
    String bounds =
        "at or before the entity row's event_timestamp"
            + (ttl.isZero() ? "" : " and no older than the ttl of " + ttl)
            + (createdFilter ? ", created by then too" : "");
    if (keyColumns.isEmpty()) {
      return "The source has no row " + bounds + "; check the entity rows' event_timestamp.";
    }
    return entityRowsWithKnownKey
        + " of the entity rows have keys in the source, but none of their rows is "
        + bounds
        + "; check the entity rows' event_timestamp.";
  }

  /**
   * A key's range as the message shows it: {@code (all null)} when {@code min} is null, the value
   * when both are equal, else {@code min … max}.
   */
  public static String keyRange(String min, String max) {
    return min == null ? "(all null)" : min.equals(max) ? min : min + " … " + max;
  }

  private String ranges(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keyColumns.size() && i < values.size(); i++) {
      out.append(keyColumns.get(i)).append(' ').append(values.get(i)).append(", ");
    }
    return out.toString();
  }

  private static String range(Instant from, Instant to) {
    if (from == null) {
      return "(none)";
    }
    return from.equals(to)
        ? IsoTimes.format(from)
        : IsoTimes.format(from) + " … " + IsoTimes.format(to);
  }
}
