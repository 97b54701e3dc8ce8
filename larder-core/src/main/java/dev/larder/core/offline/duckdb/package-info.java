/**
 * The offline engine on an in-process DuckDB ({@code offline_store: {type: duckdb}}, alias {@code
 * file}): {@link dev.larder.core.offline.duckdb.DuckDbOfflineEngine} and its helpers. Rows stay in
 * DuckDB: Parquet results are written by DuckDB itself and large joins spill to disk, so the JVM
 * heap stays small. {@code PitQuery} explains why its SQL picks exactly B5's rows; {@code
 * DuckDbLatestRows} reads the latest rows per key; {@code SourceSchemas} describes sources; {@link
 * dev.larder.core.offline.duckdb.DuckDbTypes} maps DuckDB's type names to Larder's neutral ones,
 * which are all that leaves this package.
 */
package dev.larder.core.offline.duckdb;
