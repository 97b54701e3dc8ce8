package dev.larder.cli;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.BackendSetup.Online;
import dev.larder.testkit.BackendSetup.Registry;
import dev.larder.testkit.MaterializationConsistencyContract;
import org.junit.jupiter.api.Nested;

/**
 * The materialization consistency suite (online values equal the point-in-time values at the end of
 * each materialization) on the shared backends (issue #9 item 7): the PostgreSQL registry with the
 * SQLite and with the Redis online store. The SQLite-only run is larder-testkit's, the
 * SQLite-and-Redis one larder-redis's.
 */
class BackendConsistencyIT {
  @Nested
  class PostgresRegistrySqliteOnlineStore extends MaterializationConsistencyContract {
    @Override
    protected BackendSetup backends() {
      return BackendSetup.of(Registry.POSTGRES, Online.SQLITE);
    }
  }

  @Nested
  class PostgresRegistryRedisOnlineStore extends MaterializationConsistencyContract {
    @Override
    protected BackendSetup backends() {
      return BackendSetup.of(Registry.POSTGRES, Online.REDIS);
    }
  }

  @Nested
  class PostgresRegistryRedisClusterOnlineStore extends MaterializationConsistencyContract {
    @Override
    protected BackendSetup backends() {
      return BackendSetup.ofCluster(Registry.POSTGRES, CLUSTER::seeds);
    }
  }
}
