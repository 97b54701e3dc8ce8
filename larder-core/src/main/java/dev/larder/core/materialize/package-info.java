/**
 * Materialization (DESIGN B6): copying the latest value per entity key from the offline engine into
 * the online store, with {@link dev.larder.core.materialize.Materializer}, reached through {@code
 * FeatureStore.materialize} and {@code FeatureStore.materializeIncremental}.
 *
 * <pre>{@code
 * List<ViewMaterialization> done = store.materialize(
 *     Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-11-01T00:00:00Z"),
 *     null, new MaterializeProgress() {
 *       public void rowsWritten(String view, long rows) { bar.update(view, rows); }
 *     });
 * }</pre>
 *
 * <p>Rules: rows with {@code start <= event_ts <= end}; per key the greatest {@code (event_ts,
 * created_ts)}; no ttl filter; batches of {@value
 * dev.larder.core.materialize.Materializer#DEFAULT_BATCH_SIZE} rows, each one transaction, read
 * (and encoded) on a thread of their own while the calling thread writes, with at most two batches
 * waiting between them; the interval is recorded in the registry once the view is written. An
 * incremental run starts each view at its last recorded end, or at {@code end - ttl}, or at the
 * beginning of the data.
 */
package dev.larder.core.materialize;
