package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code registry} section of type {@code sql}: found through {@link java.util.ServiceLoader},
 * its keys and URL checked when {@code feature_store.yaml} is read, the password kept out of every
 * message. No server needed: nothing connects until the registry is first used.
 */
class PostgresRegistryStoreFactoryTest {
  @TempDir Path repo;

  private RepoConfig load(String registry) throws IOException {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: shop\nregistry:\n" + registry + "provider: local\n");
    return RepoConfig.load(repo);
  }

  @Test
  void aSqlRegistryOpensAPostgresStoreWithoutConnectingAndHidesThePassword() throws IOException {
    RepoConfig config =
        load(
            "  registry_type: sql\n"
                + "  path: postgresql+psycopg://larder:s3cret@10.1.2.3:6432/features"
                + "?currentSchema=team_a\n"
                + "  cache_ttl_seconds: 60\n");
    assertThat(config.registry().type()).isEqualTo("sql");
    assertThat(config.registry().options()).containsEntry("cache_ttl_seconds", 60L);
    try (RegistryStore store = RegistryStore.open(config)) {
      assertThat(store).isInstanceOf(PostgresRegistryStore.class);
      assertThat(store.location())
          .isEqualTo(
              "postgresql://larder@10.1.2.3:6432/features?currentSchema=team_a (project shop)");
    }
  }

  @Test
  void cacheTtlDefaultsToTwoSeconds() throws IOException {
    RepoConfig config =
        load("  registry_type: sql\n  path: postgresql://larder@127.0.0.1:5432/features\n");
    assertThat(config.registry().options()).containsEntry("cache_ttl_seconds", 2L);
  }

  @Test
  void unknownKeysAreErrorsAtLoadWithTheLine() {
    assertThatThrownBy(
            () ->
                load(
                    "  registry_type: sql\n  path: postgresql://u@h/d\n"
                        + "  cache_ttl_second: 5\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:5")
        .hasMessageContaining("unknown key 'cache_ttl_second'")
        .hasMessageContaining("did you mean 'cache_ttl_seconds'");
  }

  @Test
  void aPathThatIsNotAPostgresUrlIsAnErrorAtLoadThatNeverShowsThePassword() {
    assertThatThrownBy(
            () -> load("  registry_type: sql\n  path: postgresql://u:s3cret@h/d?sslmod=require\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:4")
        .hasMessageContaining("'path' is not a PostgreSQL URL")
        .hasMessageContaining("did you mean 'sslmode'?")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> load("  registry_type: sql\n  path: data/registry.db\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'path' is not a PostgreSQL URL");
    assertThatThrownBy(() -> load("  registry_type: sql\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(
            () ->
                load("  registry_type: sql\n  path: postgresql://u@h/d\n  cache_ttl_seconds: -1\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'cache_ttl_seconds' must be a whole number from 0");
  }
}
