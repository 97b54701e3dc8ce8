package dev.larder.testkit.sqlite;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.ConcurrentAppliesContract;

/**
 * The multi-process commit race on one SQLite registry file shared by eight processes'
 * repositories.
 */
class SqliteConcurrentAppliesIT extends ConcurrentAppliesContract {
  @Override
  protected BackendSetup backends() {
    return BackendSetup.embedded();
  }
}
