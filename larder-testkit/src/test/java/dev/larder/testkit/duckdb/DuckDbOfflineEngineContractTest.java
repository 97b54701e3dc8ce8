package dev.larder.testkit.duckdb;

import dev.larder.testkit.OfflineEngineContract;

/**
 * The offline engine contract on DuckDB as configured by default: small requests (all of these)
 * join directly, every entity row paired with its key's candidate rows, in one statement (the
 * single-statement plan). Its files are the reference, so they are not compared with themselves;
 * {@link DuckDbAsofOfflineEngineContractTest} compares the ASOF strategy's files with them.
 */
class DuckDbOfflineEngineContractTest extends OfflineEngineContract {
  @Override
  protected String offlineStore() {
    return "{type: duckdb, threads: 1}";
  }

  @Override
  protected boolean compareWithDuckDb() {
    return false;
  }

  @Override
  protected int propertyCases() {
    return 50;
  }
}
