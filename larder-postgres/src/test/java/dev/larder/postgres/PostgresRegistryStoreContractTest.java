package dev.larder.postgres;

import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.RegistryStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The registry contract on PostgreSQL: every handle is a store of its own on the same database and
 * schema (one per test, named in the URL's {@code currentSchema}, created by the store and dropped
 * after the test), as another process's would be. The copy tests' second location is a second
 * schema of the test's own in the same database, dropped after the test too.
 */
class PostgresRegistryStoreContractTest extends RegistryStoreContract {
  private final String schema = TestPostgres.newSchema("contract");
  private final String secondSchema = TestPostgres.newSchema("contract_copy");

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  @Override
  protected RegistryStore open(String project) {
    return new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), project);
  }

  @Override
  protected RegistryStore openSecondLocation(String project) {
    return new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(secondSchema)), project);
  }

  @AfterEach
  void dropSchemas() {
    closeStores();
    TestPostgres.dropSchema(schema);
    TestPostgres.dropSchema(secondSchema);
  }
}
