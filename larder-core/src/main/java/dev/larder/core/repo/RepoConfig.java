package dev.larder.core.repo;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.Names;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A feature repository's configuration, {@code feature_store.yaml} (DESIGN B3):
 *
 * <pre>
 * project: classification            # required; letters, digits, _
 * registry: data/registry.db         # required; a path, or {registry_type: sqlite|sql, path: …}
 * provider: local
 * online_store: {type: sqlite, path: data/online_store.db}
 * offline_store: {type: duckdb}      # "file" is an alias of duckdb
 * entity_key_serialization_version: 3
 * auth: {type: none}                 # or {type: api_key, keys_file: auth/keys.yaml}
 * feature_server: {max_request_values: 1000000}   # limits of larder serve, see FeatureServerConfig
 * </pre>
 *
 * Relative paths are resolved against the repository directory when the file is read. Unknown keys
 * are errors naming the key, the file and the valid keys.
 *
 * @param repoPath the repository directory, absolute
 * @param project the project name
 * @param registry {@code sqlite} with an absolute {@code path}, or {@code sql} (PostgreSQL) with a
 *     connection URL as {@code path}
 * @param provider {@code local}
 * @param onlineStore {@code sqlite} with an absolute {@code path}, or another type's options
 * @param offlineStore {@code duckdb}, or another type's options
 * @param entityKeySerializationVersion 3
 * @param auth {@code none}, or {@code api_key} with an absolute {@code keys_file}
 * @param featureServer the limits of the feature server ({@code feature_server}; defaults when
 *     absent)
 */
public record RepoConfig(
    Path repoPath,
    String project,
    StoreConfig registry,
    String provider,
    StoreConfig onlineStore,
    StoreConfig offlineStore,
    int entityKeySerializationVersion,
    StoreConfig auth,
    FeatureServerConfig featureServer) {

  /** The configuration file's name. */
  public static final String FILE = "feature_store.yaml";

  /** The only entity key serialization version Larder writes (Feast's current one). */
  public static final int ENTITY_KEY_SERIALIZATION_VERSION = 3;

  public RepoConfig {
    repoPath = Objects.requireNonNull(repoPath, "repoPath").toAbsolutePath().normalize();
    Names.require("project", project);
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(onlineStore, "onlineStore");
    Objects.requireNonNull(offlineStore, "offlineStore");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(featureServer, "featureServer");
    if (entityKeySerializationVersion != ENTITY_KEY_SERIALIZATION_VERSION) {
      throw new InvalidDefinitionException(
          "entity_key_serialization_version "
              + entityKeySerializationVersion
              + " is not supported; Larder writes version 3");
    }
  }

  /** A configuration with the feature server's default limits. */
  public RepoConfig(
      Path repoPath,
      String project,
      StoreConfig registry,
      String provider,
      StoreConfig onlineStore,
      StoreConfig offlineStore,
      int entityKeySerializationVersion,
      StoreConfig auth) {
    this(
        repoPath,
        project,
        registry,
        provider,
        onlineStore,
        offlineStore,
        entityKeySerializationVersion,
        auth,
        FeatureServerConfig.defaults());
  }

  /**
   * Reads {@code repo/feature_store.yaml}; a missing file is a not-found error that names the path
   * and {@code larder init}.
   */
  public static RepoConfig load(Path repo) {
    return RepoConfigReader.read(repo);
  }

  /** {@code path} resolved against the repository directory (absolute paths stay as they are). */
  public Path resolve(String path) {
    return repoPath.resolve(path).normalize();
  }
}
