package dev.larder.cli;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.BackendSetup.Online;
import dev.larder.testkit.BackendSetup.Registry;
import dev.larder.testkit.MaterializationConsistencyContract;
import dev.larder.testkit.TestRedisCluster;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The materialization consistency suite (online values equal the point-in-time values at the end of
 * each materialization) on the shared backends (issue #9 item 7): the PostgreSQL registry with the
 * SQLite, the Redis and a 3-master Redis Cluster online store (started by the first case that uses
 * it). The SQLite-only run is larder-testkit's, the SQLite-and-Redis one larder-redis's.
 */
class BackendConsistencyIT {
  @RegisterExtension static final TestRedisCluster.PerClass CLUSTER = TestRedisCluster.perClass(3);

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
