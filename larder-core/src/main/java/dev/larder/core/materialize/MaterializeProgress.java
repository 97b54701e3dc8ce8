package dev.larder.core.materialize;

import java.time.Instant;

/**
 * Hears how a materialization advances, so that a caller can draw a progress bar. Calls come from
 * the materializing thread; every method does nothing by default.
 */
public interface MaterializeProgress {
  /** Hears nothing. */
  MaterializeProgress NONE = new MaterializeProgress() {};

  /** {@code view} starts, over event times {@code start} to {@code end} inclusive. */
  default void viewStarted(String view, Instant start, Instant end) {}

  /** {@code rowsDone} rows of {@code view} are written so far (after each committed batch). */
  default void rowsWritten(String view, long rowsDone) {}

  /** {@code view} is written and its interval recorded in the registry. */
  default void viewFinished(ViewMaterialization result) {}
}
