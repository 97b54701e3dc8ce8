package dev.larder.ml.data;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When each sample's rows happen and how its values drift between snapshots (B8).
 *
 * <p>The first row of each sample has an {@code event_timestamp} drawn uniformly at whole seconds
 * in [2025-01-01, 2026-01-01) UTC; further snapshots follow 7 days apart. The last snapshot holds
 * exactly the values of {@code make_classification}; each earlier one is the next one minus a step
 * of a random walk, N(0, 0.1²) per feature, so retrieval as of different times gives different but
 * checkable values. The target never changes.
 *
 * <p>Times and drift come from their own random streams, derived from the seed, so they never
 * change the generated values and the times do not depend on the number of features.
 */
final class SampleTimeline {
  static final Instant FIRST_EVENT_START = Instant.parse("2025-01-01T00:00:00Z");
  static final Instant FIRST_EVENT_END = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration SNAPSHOT_INTERVAL = Duration.ofDays(7);
  static final Duration CREATED_DELAY = Duration.ofSeconds(60);
  static final double DRIFT_STANDARD_DEVIATION = 0.1;

  private static final long TIME_STREAM = 0x74696d65L; // "time"
  private static final long DRIFT_STREAM = 0x6472696674L; // "drift"

  private final int snapshots;
  private final Random times;
  private final Random drift;

  SampleTimeline(long seed, int snapshots) {
    this.snapshots = snapshots;
    this.times = new Random(seed ^ TIME_STREAM);
    this.drift = new Random(seed ^ DRIFT_STREAM);
  }

  /** The event time of the next sample's first row; call once per sample, in sample order. */
  Instant nextFirstEvent() {
    int range = (int) Duration.between(FIRST_EVENT_START, FIRST_EVENT_END).toSeconds();
    return FIRST_EVENT_START.plusSeconds(times.nextInt(range));
  }

  /** The event time of snapshot {@code s} of a sample whose first row is at {@code first}. */
  static Instant event(Instant first, int snapshot) {
    return first.plus(SNAPSHOT_INTERVAL.multipliedBy(snapshot));
  }

  /**
   * The values of the next sample's snapshots, oldest first; the last row equals {@code latest}.
   * Call once per sample, in sample order.
   */
  double[][] nextSnapshots(double[] latest) {
    double[][] rows = new double[snapshots][];
    rows[snapshots - 1] = latest.clone();
    for (int s = snapshots - 2; s >= 0; s--) {
      double[] later = rows[s + 1];
      double[] row = new double[later.length];
      for (int c = 0; c < row.length; c++) {
        row[c] = later[c] - DRIFT_STANDARD_DEVIATION * drift.nextGaussian();
      }
      rows[s] = row;
    }
    return rows;
  }
}
