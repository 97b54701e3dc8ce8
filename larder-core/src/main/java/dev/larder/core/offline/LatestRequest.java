package dev.larder.core.offline;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.time.IsoTimes;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest row per entity key of one view among rows with {@code start <= event_ts <= end}, as
 * materialization reads them (DESIGN B6): the greatest {@code (event_ts, created_ts)}, a null
 * created timestamp ranking lowest and an exact tie going to the row last in the source; no ttl.
 *
 * @param view the view, with the features to read (usually {@link ViewPlan#allFeatures})
 * @param start the earliest event time, inclusive
 * @param end the latest event time, inclusive
 */
public record LatestRequest(ViewPlan view, Instant start, Instant end) {
  public LatestRequest {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isAfter(end)) {
      throw new InvalidArgumentException(
          "start "
              + IsoTimes.format(start)
              + " is after end "
              + IsoTimes.format(end)
              + " for "
              + view.label(),
          "Give a start at or before the end");
    }
  }
}
