package dev.larder.ml.data;

/**
 * Told how far {@link SampleDatabase#create} has come, so a caller can draw a progress bar. Called
 * on the generating thread after each batch of rows and once at the end.
 */
@FunctionalInterface
public interface GenerationProgress {
  /** Reports nothing. */
  GenerationProgress NONE = (rowsWritten, totalRows) -> {};

  /**
   * @param rowsWritten rows inserted so far
   * @param totalRows rows the database will hold
   */
  void rowsWritten(long rowsWritten, long totalRows);
}
