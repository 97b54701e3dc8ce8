package dev.larder.testkit.sqlite;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.MaterializationConsistencyContract;

/** The materialization consistency suite on the embedded SQLite registry and online store. */
class SqliteMaterializationConsistencyTest extends MaterializationConsistencyContract {
  @Override
  protected BackendSetup backends() {
    return BackendSetup.embedded();
  }
}
