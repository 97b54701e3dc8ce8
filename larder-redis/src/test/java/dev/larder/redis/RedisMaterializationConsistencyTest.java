package dev.larder.redis;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.MaterializationConsistencyContract;

/**
 * The materialization consistency suite with the Redis online store (at {@code LARDER_TEST_REDIS})
 * and the SQLite registry.
 */
class RedisMaterializationConsistencyTest extends MaterializationConsistencyContract {
  @Override
  protected BackendSetup backends() {
    return BackendSetup.of(BackendSetup.Registry.SQLITE, BackendSetup.Online.REDIS);
  }
}
