package dev.larder.testkit.duckdb;

import dev.larder.testkit.OfflineEngineContract;

/**
 * The offline engine contract on DuckDB with {@code direct_join_limit: 0}, so every view is joined
 * with ASOF joins, the strategy of large requests.
 */
class DuckDbAsofOfflineEngineContractTest extends OfflineEngineContract {
  @Override
  protected String offlineStore() {
    return "{type: duckdb, threads: 1, direct_join_limit: 0}";
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
