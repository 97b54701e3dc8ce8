package dev.larder.testkit.sqlite;

import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.SqliteRegistryStore;
import dev.larder.testkit.RegistryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry contract on the embedded SQLite registry: every handle opens the same file of the
 * test's own temporary folder. The SQLite registry's own tests (its file, schema, damage) are
 * larder-core's {@code SqliteRegistryStoreTest}.
 */
class SqliteRegistryStoreContractTest extends RegistryStoreContract {
  @TempDir Path dir;

  @Override
  protected RegistryStore open(String project) {
    return new SqliteRegistryStore(dir.resolve("data/registry.db"), project);
  }

  @Override
  protected RegistryStore openSecondLocation(String project) {
    return new SqliteRegistryStore(dir.resolve("elsewhere/registry.db"), project);
  }
}
