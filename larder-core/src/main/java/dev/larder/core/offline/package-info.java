/**
 * Offline feature data: point-in-time retrieval (DESIGN B5) and the latest rows per key for
 * materialization (B6), behind {@link dev.larder.core.offline.OfflineEngine}.
 *
 * <p>A request is resolved first, without reading data: {@link
 * dev.larder.core.offline.RetrievalPlan#forReferences} or {@link
 * dev.larder.core.offline.RetrievalPlan#forService} over a {@link
 * dev.larder.core.offline.DefinitionLookup} (the registry's, or {@code DefinitionLookup.of(defs)}
 * over definition files). Then an engine runs it:
 *
 * <pre>{@code
 * RetrievalPlan plan = RetrievalPlan.forReferences(
 *     List.of(FeatureReference.parse("classification_features:feature_0")),
 *     DefinitionLookup.of(definitions), false);
 * try (OfflineEngine engine = OfflineEngine.open(repoConfig)) {
 *   TrainingFrame frame = engine.getHistoricalFeatures(HistoricalRequest.of(
 *       EntityRows.forKeys("sample_index", List.of(0L, 10L), Instant.parse("2025-11-01T00:00:00Z")),
 *       plan));
 *   double[][] x = frame.select(frame.matchedRows()).x();
 *   RetrievalSummary summary = engine.writeHistoricalFeatures(
 *       new HistoricalRequest(EntityRows.file(Path.of("entities.csv")), plan, false),
 *       Path.of("training.parquet"));
 *   summary.warnings().forEach(w -> System.err.println("warning: " + w));
 *   // entity rows from a query in the engine's own SQL (Feast's entity_df as SQL)
 *   TrainingFrame fromQuery = engine.getHistoricalFeatures(HistoricalRequest.of(
 *       EntityRows.query("SELECT sample_index, event_timestamp FROM read_parquet('e.parquet')"
 *           + " ORDER BY event_timestamp"), plan));
 * }
 * }</pre>
 *
 * <p>This package holds only what every engine shares. An engine other than DuckDB builds its
 * results with {@link dev.larder.core.offline.TrainingFrame#builder} and {@link
 * dev.larder.core.offline.FrameColumn#builder}, writes B2 files with {@link
 * dev.larder.core.offline.ResultFileWriter} (fed row by row, same bytes as DuckDB's CSV, same
 * Parquet schema and values), reports {@link dev.larder.core.offline.NoMatchDiagnostic}s and {@link
 * dev.larder.core.offline.KeyCoercion}'s errors with the same text, describes sources in
 * engine-neutral {@link dev.larder.core.model.ColumnType}s, and passes larder-testkit's {@code
 * OfflineEngineContract}.
 *
 * <p>The DuckDB engine ({@code offline_store: {type: duckdb}}, alias {@code file}) is in {@link
 * dev.larder.core.offline.duckdb}; its {@code DuckDbEntityQuery} explains how an entity query is
 * checked and keeps its order.
 */
package dev.larder.core.offline;
