package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Feast {@code feature_store.yaml} loads (issue 11, item 2): every key of Feast's {@code
 * RepoConfig} and of its registry, online store, offline store and auth configurations for the
 * store types Larder has is accepted; one Larder does not use gives exactly one warning naming it
 * and what Larder does instead; a key neither knows stays an error with "did you mean".
 */
class FeastRepoConfigTest {
  @TempDir Path repo;

  /** The acceptance point: Feast's cache_ttl_seconds, coerce_tz_aware and flags. */
  @Test
  void cacheTtlCoerceTzAwareAndFlagsLoadWithOneWarningForEachKeyLarderDoesNotUse()
      throws IOException {
    RepoConfig config =
        load(
            """
            project: my_project
            registry:
              registry_type: file
              path: data/registry.db
              cache_ttl_seconds: 60
            provider: local
            online_store:
              type: sqlite
              path: data/online_store.db
            entity_key_serialization_version: 3
            coerce_tz_aware: true
            flags:
              alpha_features: true
            auth:
              type: no_auth
            """);
    assertThat(config.registry().type()).isEqualTo("sqlite");
    assertThat(config.registryCacheTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.auth()).isEqualTo(StoreConfig.of("none"));
    assertThat(config.warnings())
        .containsExactly(
            file(11)
                + ": coerce_tz_aware is Feast's and not used by Larder: Larder always reads entity"
                + " timestamps as UTC (an offset is converted, none means UTC)",
            file(12)
                + ": flags is Feast's and not used by Larder: Larder has no feature flags;"
                + " everything it supports is on");
  }

  @Test
  void everyTopLevelKeyOfFeastsRepoConfigIsAcceptedAndTheUnusedOnesWarnOnceEach()
      throws IOException {
    RepoConfig config =
        load(
            """
            project: driver_stats
            project_description: Driver statistics
            provider: local
            registry: data/registry.db
            online_store: {type: sqlite}
            offline_store: {type: file}
            auth: {type: no_auth}
            batch_engine: {type: local}
            feature_server: {type: local, enabled: true, max_request_values: 500}
            embedding_model: {model: all-MiniLM-L6-v2}
            flags: {}
            repo_path: /somewhere
            entity_key_serialization_version: 3
            coerce_tz_aware: false
            materialization: {pull_latest_features: true, online_write_batch_size: 1000}
            openlineage: {enabled: false}
            mlflow: {enabled: false}
            data_quality_monitoring: {auto_baseline: true}
            """);
    assertThat(config.featureServer().maxRequestValues()).isEqualTo(500);
    assertThat(config.offlineStore().type()).isEqualTo("duckdb");
    assertThat(keysWarnedAbout(config))
        .containsExactly(
            "project_description",
            "batch_engine",
            "feature_server.type",
            "feature_server.enabled",
            "embedding_model",
            "flags",
            "repo_path",
            "coerce_tz_aware",
            "materialization",
            "openlineage",
            "mlflow",
            "data_quality_monitoring");
    assertThat(config.warnings()).allMatch(w -> w.contains(" is Feast's and not used by Larder: "));
    assertThat(load("project: p\nregistry: r.db\nbatch_engine_config: local\n").warnings())
        .singleElement()
        .asString()
        .contains("batch_engine_config is Feast's");
  }

  /** Feast takes a store section as its type alone; so does Larder. */
  @Test
  void aSectionMayBeItsTypeAlone() throws IOException {
    RepoConfig config =
        load(
            "project: p\nregistry: r.db\nonline_store: sqlite\noffline_store: file\n"
                + "auth: no_auth\n");
    assertThat(config.onlineStore().type()).isEqualTo("sqlite");
    assertThat(config.onlineStore().path("path")).contains(repo.resolve("data/online_store.db"));
    assertThat(config.offlineStore()).isEqualTo(StoreConfig.of("duckdb"));
    assertThat(config.auth()).isEqualTo(StoreConfig.of("none"));
    assertThat(error("project: p\nregistry: r.db\nonline_store: dynamodb\n"))
        .hasMessageStartingWith(
            file(3) + ": online_store type 'dynamodb' is not available; available: sqlite");
  }

  /** Feast's deprecated versions 1 and 2 do not matter to the SQLite store's own keys. */
  @Test
  void anOlderEntityKeySerializationVersionWarnsWithTheSqliteStore() throws IOException {
    RepoConfig config = load("project: p\nregistry: r.db\nentity_key_serialization_version: 2\n");
    assertThat(config.entityKeySerializationVersion()).isEqualTo(3);
    assertThat(config.warnings())
        .containsExactly(
            file(3)
                + ": entity_key_serialization_version is Feast's and not used by Larder: its"
                + " SQLite online store keys rows its own way, so version 2 is ignored (Larder"
                + " writes Feast's version 3 where keys are Feast's, in Redis)");
    assertThat(error("project: p\nregistry: r.db\nentity_key_serialization_version: 0\n"))
        .hasMessageContaining("entity_key_serialization_version 0 is not supported");
  }

  @Test
  void aFileWithoutFeastKeysHasNoWarnings() throws IOException {
    assertThat(load("project: p\nregistry: r.db\nauth: {type: none}\n").warnings()).isEmpty();
  }

  @Test
  void aKeyNeitherFeastNorLarderKnowsStaysAnErrorWithDidYouMean() throws IOException {
    assertThat(error("project: p\nregistry: r.db\ncoerce_tz_awre: true\n"))
        .hasMessageStartingWith(
            file(3)
                + ": configuration: unknown key 'coerce_tz_awre'; did you mean 'coerce_tz_aware'?"
                + " Valid keys: project, registry,")
        .hasMessageContaining("Feast's keys that Larder accepts without using them: batch_engine,");
    assertThat(error("project: p\nregistry: {path: r.db, cache_ttl_second: 5}\n"))
        .hasMessageStartingWith(
            file(2)
                + ": registry: unknown key 'cache_ttl_second'; did you mean 'cache_ttl_seconds'?");
    assertThat(
            error("project: p\nregistry: r.db\nonline_store: {type: sqlite, vector_enable: 1}\n"))
        .hasMessageStartingWith(
            file(3)
                + ": online_store: unknown key 'vector_enable'; did you mean 'vector_enabled'?");
    assertThat(error("project: p\nregistry: r.db\nfeature_server: {enabeld: true}\n"))
        .hasMessageStartingWith(
            file(3) + ": feature_server: unknown key 'enabeld'; did you mean 'enabled'?");
  }

  @Test
  void registryKeysOfFeastAreAcceptedAndCacheTtlSecondsIsUsedByTheSqliteRegistry()
      throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry:
              registry_type: sqlite
              registry_store_type: LocalRegistryStore
              path: data/registry.db
              cache_ttl_seconds: 0
              cache_mode: thread
              s3_additional_kwargs: {ServerSideEncryption: AES256}
              purge_feast_metadata: false
              enable_online_feature_view_versioning: true
              mcp: {enabled: false}
            """);
    assertThat(config.registry().options())
        .containsEntry("path", repo.resolve("data/registry.db").toString())
        .containsEntry("cache_ttl_seconds", 0L);
    assertThat(config.registryCacheTtl()).isEqualTo(Duration.ZERO);
    assertThat(keysWarnedAbout(config))
        .containsExactly(
            "registry.registry_store_type",
            "registry.cache_mode",
            "registry.s3_additional_kwargs",
            "registry.purge_feast_metadata",
            "registry.enable_online_feature_view_versioning",
            "registry.mcp");
    assertThat(load("project: p\nregistry: data/registry.db\n").registryCacheTtl())
        .isEqualTo(RepoConfig.DEFAULT_REGISTRY_CACHE_TTL);
    assertThat(error("project: p\nregistry: {path: r.db, cache_ttl_seconds: -1}\n"))
        .hasMessage(
            file(2)
                + ": registry: 'cache_ttl_seconds' must be a whole number from 0 to 2147483647,"
                + " got '-1'");
  }

  @Test
  void sqliteOnlineStoreAndDuckDbOfflineStoreKeysOfFeast() throws IOException {
    RepoConfig config =
        load(
            """
            project: p
            registry: r.db
            online_store:
              type: sqlite
              path: data/online.db
              vector_enabled: true
              similarity: cosine
              text_search_enabled: false
              enable_openai_compatible_store: false
            offline_store:
              type: duckdb
              staging_location: s3://bucket/staging
              staging_location_endpoint_override: http://minio:9000
            """);
    assertThat(config.onlineStore().path("path")).contains(repo.resolve("data/online.db"));
    assertThat(keysWarnedAbout(config))
        .containsExactly(
            "online_store.vector_enabled",
            "online_store.similarity",
            "online_store.text_search_enabled",
            "online_store.enable_openai_compatible_store",
            "offline_store.staging_location",
            "offline_store.staging_location_endpoint_override");
    assertThat(load("project: p\nregistry: r.db\noffline_store: {type: dask}\n").offlineStore())
        .isEqualTo(StoreConfig.of("duckdb"));
  }

  @Test
  void authNoAuthMeansNoneAndFeastsOtherAuthTypesNameLardersChoices() throws IOException {
    assertThat(load("project: p\nregistry: r.db\nauth: {type: no_auth}\n").auth())
        .isEqualTo(StoreConfig.of("none"));
    assertThat(load("project: p\nregistry: r.db\nauth:\n  type: no_auth\n").warnings()).isEmpty();
    assertThat(error("project: p\nregistry: r.db\nauth: {type: oidc, client_id: x}\n"))
        .hasMessageStartingWith(
            file(3)
                + ": auth: auth type 'oidc' is Feast's OpenID Connect authentication, which"
                + " Larder does not have. Use type: api_key");
    assertThat(error("project: p\nregistry: r.db\nauth: {type: kubernetes}\n"))
        .hasMessageContaining("Kubernetes service account authentication");
    assertThat(error("project: p\nregistry: r.db\nauth: {type: no_auht}\n"))
        .hasMessageContaining("did you mean 'no_auth'?");
  }

  /** Each warning's key, as the warning names it ({@code registry.cache_mode}). */
  private static List<String> keysWarnedAbout(RepoConfig config) {
    return config.warnings().stream()
        .map(w -> w.substring(w.indexOf(": ") + 2, w.indexOf(" is Feast's")))
        .toList();
  }

  private RepoConfig load(String text) throws IOException {
    Files.writeString(repo.resolve("feature_store.yaml"), text);
    return RepoConfig.load(repo, Map.<String, String>of()::get);
  }

  private InvalidDefinitionException error(String text) {
    return (InvalidDefinitionException)
        assertThatThrownBy(() -> load(text))
            .isInstanceOf(InvalidDefinitionException.class)
            .actual();
  }

  private String file(int line) {
    return repo.resolve("feature_store.yaml") + ":" + line;
  }
}
