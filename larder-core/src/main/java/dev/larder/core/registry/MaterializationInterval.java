package dev.larder.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A time range of a feature view's rows copied into the online store (DESIGN B6), as recorded in
 * the registry; {@code materialize-incremental} starts at the greatest {@code end}.
 *
 * @param start the first event time included
 * @param end the last event time included; not before {@code start}
 * @param recordedAt when the materialization was recorded (UTC)
 */
public record MaterializationInterval(Instant start, Instant end, Instant recordedAt) {
  public MaterializationInterval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("interval end " + end + " is before its start " + start);
    }
  }
}
