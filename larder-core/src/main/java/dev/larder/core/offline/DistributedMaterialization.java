package dev.larder.core.offline;

import dev.larder.core.online.OnlineStoreSection;

/**
 * An optional capability of an {@link OfflineEngine} that runs on a cluster: materialization
 * (DESIGN B6) in which the engine's workers write the latest rows into the online store themselves,
 * each its share of the keys and all in parallel, instead of streaming every row through this
 * process (as Feast's Spark materialization engine does). Ask for it with {@code
 * engine.capability(DistributedMaterialization.class)}; {@link
 * dev.larder.core.materialize.Materializer} uses it for the online stores {@link #writesTo} accepts
 * and reads {@link OfflineEngine#pullLatest} itself for the others (a SQLite file, say, which the
 * workers may not see). What the registry records, and when, is the same either way.
 *
 * <p>Contract: the rows written are exactly those {@link OfflineEngine#pullLatest} gives for the
 * same request, less those with a null join key (no read can ask for them); each worker opens the
 * store from the {@link OnlineStoreSection} and writes through the store's own write path, so keys,
 * values, the not-older rule and the atomicity of each key are the store's. A failure on a worker
 * (the store unreachable, a refused password) is thrown here as the {@link
 * dev.larder.core.LarderException} the store gave, as if this process had written the rows; the
 * rows written until then stay, each key whole.
 */
public interface DistributedMaterialization {
  /**
   * Whether this engine's workers write into the online store {@code store} describes; when not,
   * the caller materializes through {@link OfflineEngine#pullLatest}.
   */
  boolean writesTo(OnlineStoreSection store);

  /**
   * Reads the latest row per key of {@code request} and writes the rows into the online store
   * {@code store} describes from the engine's workers, in batches of at most {@code batchSize} rows
   * (each batch one write of the store).
   *
   * @return the rows written
   */
  long materialize(LatestRequest request, OnlineStoreSection store, int batchSize);
}
