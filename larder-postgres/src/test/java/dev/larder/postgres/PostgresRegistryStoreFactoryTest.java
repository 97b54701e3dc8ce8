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

  /** Every key of Feast's SqlRegistryConfig loads; those Larder does not use warn once each. */
  @Test
  void feastsSqlRegistryKeysAreAcceptedWithOneWarningEachForThoseLarderDoesNotUse()
      throws IOException {
    RepoConfig config =
        load(
            "  registry_type: sql\n"
                + "  path: postgresql+psycopg://larder@127.0.0.1:5432/features\n"
                + "  cache_ttl_seconds: 5\n"
                + "  registry_store_type: x\n"
                + "  cache_mode: sync\n"
                + "  s3_additional_kwargs: {}\n"
                + "  purge_feast_metadata: false\n"
                + "  enable_online_feature_view_versioning: false\n"
                + "  mcp: {enabled: false}\n"
                + "  read_path: postgresql+psycopg://larder@replica:5432/features\n"
                + "  sqlalchemy_config_kwargs: {echo: false, pool_pre_ping: true}\n"
                + "  thread_pool_executor_worker_count: 0\n"
                + "  schema_mode: auto\n");
    assertThat(config.registry().options()).containsEntry("cache_ttl_seconds", 5L);
    assertThat(config.registryCacheTtl()).hasSeconds(5);
    assertThat(config.warnings())
        .extracting(w -> w.substring(w.indexOf(": ") + 2, w.indexOf(" is Feast's")))
        .containsExactly(
            "registry.registry_store_type",
            "registry.cache_mode",
            "registry.s3_additional_kwargs",
            "registry.purge_feast_metadata",
            "registry.enable_online_feature_view_versioning",
            "registry.mcp",
            "registry.read_path",
            "registry.sqlalchemy_config_kwargs",
            "registry.thread_pool_executor_worker_count",
            "registry.schema_mode");
    assertThat(config.warnings().get(9))
        .endsWith(
            ": registry.schema_mode is Feast's and not used by Larder: Larder always creates and"
                + " migrates its own tables (Feast's schema_mode: auto)");
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
