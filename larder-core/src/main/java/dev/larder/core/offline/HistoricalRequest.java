package dev.larder.core.offline;

import java.util.Objects;

/**
 * A point-in-time retrieval (DESIGN B5): entity rows, the resolved plan, and whether candidates
 * must also have been created by the entity row's time.
 *
 * @param entityRows the entity rows
 * @param plan the views and features to join
 * @param filterByCreatedTimestamp B5.2: a view with a {@code created_timestamp_column} only offers
 *     rows created at or before the entity row's time (a null created timestamp excludes the row)
 */
public record HistoricalRequest(
    EntityRows entityRows, RetrievalPlan plan, boolean filterByCreatedTimestamp) {
  public HistoricalRequest {
    Objects.requireNonNull(entityRows, "entityRows");
    Objects.requireNonNull(plan, "plan");
  }

  /** A request without the created-timestamp filter. */
  public static HistoricalRequest of(EntityRows entityRows, RetrievalPlan plan) {
    return new HistoricalRequest(entityRows, plan, false);
  }
}
