package dev.larder.core.online;

import dev.larder.core.Echo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One column of an {@link OnlineFeatures} result: an entity column echoed, or a feature, with one
 * entry per entity row in each list.
 *
 * @param name the column's name: a join key as given, or the feature's output name
 * @param values the values: {@link Long} (Int32, Int64), {@link Double} (Float32, Float64), {@link
 *     String}, {@link Boolean}, {@code byte[]}, {@link Instant} (UnixTimestamp) or {@link List}
 *     (arrays), or {@code null}
 * @param statuses each value's status; {@link FeatureStatus#PRESENT} for entity columns
 * @param eventTimestamps the event time of the row each value came from; the epoch for entity
 *     columns and for {@link FeatureStatus#NOT_FOUND}
 */
public record OnlineColumn(
    String name, List<Object> values, List<FeatureStatus> statuses, List<Instant> eventTimestamps) {
  /** A column whose values are copied from {@code values}. */
  public static OnlineColumn of(
      String name, List<?> values, List<FeatureStatus> statuses, List<Instant> eventTimestamps) {
    return new OnlineColumn(name, new ArrayList<>(values), statuses, eventTimestamps);
  }

  public OnlineColumn {
    Objects.requireNonNull(name, "name");
    values = Collections.unmodifiableList(new ArrayList<>(values));
    statuses = List.copyOf(statuses);
    eventTimestamps = List.copyOf(eventTimestamps);
    if (values.size() != statuses.size() || values.size() != eventTimestamps.size()) {
      throw new IllegalArgumentException(
          "column " + Echo.of(name) + " has lists of different lengths");
    }
  }
}
