package dev.larder.testkit.duckdb;

import dev.larder.testkit.EntityQueryContract;

/** The entity query contract on DuckDB. */
class DuckDbEntityQueryContractTest extends EntityQueryContract {
  @Override
  protected String offlineStore() {
    return "{type: duckdb}";
  }
}
