package dev.larder.testkit.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.SqliteOnlineStore;
import dev.larder.testkit.OnlineStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online store contract on the embedded SQLite store: every store opens the same file of the
 * test's own temporary folder. The SQLite store's own tests (its file, row format, prepared
 * batches) are larder-core's {@code SqliteOnlineStoreTest}.
 */
class SqliteOnlineStoreContractTest extends OnlineStoreContract {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("data/online_store.db");
  }

  @Override
  protected OnlineStore open(String project) {
    return new SqliteOnlineStore(file(), project);
  }

  @Override
  protected void assertNothingCreated() {
    assertThat(file()).doesNotExist();
    assertThat(file().getParent()).doesNotExist();
  }
}
