package dev.larder.ml.data;

/**
 * Where a workflow gets its rows. Direct loading from the sample database is one source; the
 * feature store is another; rows already in memory are a third. The workflow times {@link #load()}
 * as its load stage.
 */
public interface TrainingDataSource {

  /** Loads the rows; may take time and touch disk. */
  TrainingData load();

  /** A short description for reports and run records, e.g. {@code direct:data/db.db#table}. */
  String describe();

  /** Rows already in memory; loading them costs nothing. */
  static TrainingDataSource inMemory(TrainingData data) {
    return new TrainingDataSource() {
      @Override
      public TrainingData load() {
        return data;
      }

      @Override
      public String describe() {
        return data.source();
      }
    };
  }
}
