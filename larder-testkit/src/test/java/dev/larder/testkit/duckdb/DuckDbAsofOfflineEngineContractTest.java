package dev.larder.testkit.duckdb;

import dev.larder.testkit.OfflineEngineContract;

/**
 * The offline engine contract on DuckDB with {@code direct_join_limit: 0} and {@code
 * late_materialization_cells: 0}, so every view is joined with ASOF joins and its winners are
 * decided on narrow columns before their features are fetched: the strategy and plan of large
 * requests. ({@link DuckDbOfflineEngineContractTest} runs the other plan, one statement per
 * request; {@code DuckDbPitPropertyIT} runs every combination.)
 */
class DuckDbAsofOfflineEngineContractTest extends OfflineEngineContract {
  @Override
  protected String offlineStore() {
    return "{type: duckdb, threads: 1, direct_join_limit: 0, late_materialization_cells: 0}";
  }

  @Override
  protected int propertyCases() {
    return 50;
  }

  @Override
  protected long propertySeed() {
    return super.propertySeed() + 50;
  }
}
