package dev.larder.core.online;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row to write to an online store: an entity key, the values of the batch's features in order,
 * and the row's times, which decide whether it replaces the stored row (see {@link
 * OnlineStore#write}).
 *
 * @param key the entity key
 * @param values the feature values, in the batch's feature order; elements may be {@code null}
 * @param eventTimestamp the row's event time
 * @param createdTimestamp the row's creation time, or {@code null}
 */
public record OnlineRow(
    EntityKey key, List<Object> values, Instant eventTimestamp, Instant createdTimestamp) {
  public OnlineRow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventTimestamp, "eventTimestamp");
    values = Collections.unmodifiableList(Arrays.asList(values.toArray()));
  }
}
