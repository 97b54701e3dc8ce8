package dev.larder.core.materialize;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the materialization of one feature view did.
 *
 * @param view the view's name
 * @param start the first event time read, inclusive
 * @param end the last event time read, inclusive
 * @param rows the rows written to the online store (one per entity key with data in the interval)
 * @param elapsed how long the view took, reading, writing and recording
 * @param continued whether the interval starts where an earlier materialization of the view ended
 *     (an incremental one), so that finding no rows means only that nothing is new
 */
public record ViewMaterialization(
    String view, Instant start, Instant end, long rows, Duration elapsed, boolean continued) {
  public ViewMaterialization {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A materialization of an interval given by the caller (not continued). */
  public ViewMaterialization(String view, Instant start, Instant end, long rows, Duration elapsed) {
    this(view, start, end, rows, elapsed, false);
  }
}
