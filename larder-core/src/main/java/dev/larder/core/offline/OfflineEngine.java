package dev.larder.core.offline;

import dev.larder.core.model.DataSource;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.source.SourceSchema;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads feature data offline: point-in-time retrieval (DESIGN B5) and the latest rows per key for
 * materialization (B6). Backends are chosen by {@code offline_store.type} in {@code
 * feature_store.yaml} through {@link OfflineEngineFactory}.
 *
 * <p>Optional abilities (writing pushed rows, say) are further interfaces that an engine class
 * implements as well; callers ask for them with {@link #capability(Class)}. An engine runs one
 * request at a time; a request of another thread waits for the one in progress (and for an open
 * {@link LatestRows} cursor) instead of failing.
 */
public interface OfflineEngine extends AutoCloseable {
  /** Opens the engine that the repository's {@code offline_store.type} names. */
  static OfflineEngine open(RepoConfig config) {
    return OfflineEngineFactory.forType(config.offlineStore().type()).open(config);
  }

  /**
   * The columns of {@code source}'s data (a push source's batch source) as this engine reads them,
   * with engine-neutral {@link dev.larder.core.model.ColumnType}s. {@code apply} and {@code plan}
   * check definitions against it ({@link dev.larder.core.source.SourceValidator}), so a source is
   * checked where the engine reads it (a local file for DuckDB, any path the cluster reads for
   * Spark).
   *
   * @throws dev.larder.core.NotFoundException when the data is not there, naming the path and how
   *     to create it
   * @throws dev.larder.core.InvalidDefinitionException when it is not in the source's format
   */
  SourceSchema describeSource(DataSource source);

  /**
   * For a text column of {@code source} (a CSV file's timestamp column, say): its first non-null
   * value that is not an ISO-8601 time, if any.
   */
  Optional<String> firstNonTimestamp(DataSource source, String column);

  /**
   * Runs {@code request} and returns the result in Java. Entity rows given as a {@link
   * EntityRows.TimeRange} (no entity rows) are first turned into rows by {@link
   * TimeRangeRows#resolve}, so that every engine lists the same keys.
   */
  TrainingFrame getHistoricalFeatures(HistoricalRequest request);

  /**
   * Runs {@code request} and writes the result to {@code output}: {@code .csv} or {@code .parquet}
   * (DESIGN B2). The file is replaced only once the whole result is written.
   */
  RetrievalSummary writeHistoricalFeatures(HistoricalRequest request, Path output);

  /** The latest row per entity key in a time range; the caller closes the cursor. */
  LatestRows pullLatest(LatestRequest request);

  /** This engine as {@code type}, when it has that optional ability. */
  default <T> Optional<T> capability(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  @Override
  void close();
}
