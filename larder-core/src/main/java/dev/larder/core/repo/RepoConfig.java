package dev.larder.core.repo;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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
 * are errors naming the key, the file and the valid keys. {@code ${NAME}} in a string value is the
 * environment variable {@code NAME} (a password kept out of the file); an unset one is an error.
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
 * @param warnings one line per key of Feast's that the file gives and Larder does not use ({@code
 *     file:line: key is Feast's and not used by Larder: what Larder does instead}), in file order;
 *     the CLI prints each after {@code warning: }
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
    FeatureServerConfig featureServer,
    List<String> warnings) {

  /** The configuration file's name. */
  public static final String FILE = "feature_store.yaml";

  /** The only entity key serialization version Larder writes (Feast's current one). */
  public static final int ENTITY_KEY_SERIALIZATION_VERSION = 3;

  /** The registry option that bounds how stale a server's registry snapshot may be. */
  public static final String CACHE_TTL_SECONDS = "cache_ttl_seconds";

  /**
   * {@link #registryCacheTtl()} when {@code feature_store.yaml} sets none: a server sees another
   * process's {@code apply} within 2 seconds (DESIGN B7 asks for 5).
   */
  public static final Duration DEFAULT_REGISTRY_CACHE_TTL = Duration.ofSeconds(2);

  public RepoConfig {
    repoPath = Objects.requireNonNull(repoPath, "repoPath").toAbsolutePath().normalize();
    Names.require("project", project);
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(onlineStore, "onlineStore");
    Objects.requireNonNull(offlineStore, "offlineStore");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(featureServer, "featureServer");
    warnings = List.copyOf(warnings);
    if (entityKeySerializationVersion != ENTITY_KEY_SERIALIZATION_VERSION) {
      throw new InvalidDefinitionException(
          "entity_key_serialization_version "
              + entityKeySerializationVersion
              + " is not supported; Larder writes version 3");
    }
  }

  /** A configuration without warnings. */
  public RepoConfig(
      Path repoPath,
      String project,
      StoreConfig registry,
      String provider,
      StoreConfig onlineStore,
      StoreConfig offlineStore,
      int entityKeySerializationVersion,
      StoreConfig auth,
      FeatureServerConfig featureServer) {
    this(
        repoPath,
        project,
        registry,
        provider,
        onlineStore,
        offlineStore,
        entityKeySerializationVersion,
        auth,
        featureServer,
        List.of());
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
   * Reads {@code repo/feature_store.yaml}, with {@code ${NAME}} in a string value read from the
   * process's environment; a missing file is a not-found error that names the path and {@code
   * larder init}.
   */
  public static RepoConfig load(Path repo) {
    return load(repo, System::getenv);
  }

  /**
   * Reads {@code repo/feature_store.yaml}, with {@code ${NAME}} in a string value replaced by
   * {@code environment.apply(NAME)} ({@code null}: not set, an error naming {@code NAME} and the
   * line); <code>$${</code> writes a literal <code>${</code> (DESIGN B9).
   */
  public static RepoConfig load(Path repo, Function<String, String> environment) {
    return RepoConfigReader.read(repo, environment);
  }

  /**
   * This configuration with {@code registry} in place of its own: the same project, repository and
   * other backends (the target of {@code larder registry copy}).
   */
  public RepoConfig withRegistry(StoreConfig registry) {
    return new RepoConfig(
        repoPath,
        project,
        registry,
        provider,
        onlineStore,
        offlineStore,
        entityKeySerializationVersion,
        auth,
        featureServer,
        warnings);
  }

  /**
   * The most a long-running process's registry snapshot may lag behind the registry (a feature
   * server's, for online reads and pushes): the registry's {@code cache_ttl_seconds}, every
   * registry type, or {@link #DEFAULT_REGISTRY_CACHE_TTL} when the file leaves it out. Zero checks
   * the registry's revision on every read (Feast's 0 means "never refresh", which would keep a
   * server on its first snapshot forever). A registry that tells of its commits (PostgreSQL's
   * change notices) is followed at once instead, and asked this often only while its notices are
   * down.
   */
  public Duration registryCacheTtl() {
    return registry
        .text(CACHE_TTL_SECONDS)
        .map(t -> Duration.ofSeconds(Long.parseLong(t)))
        .orElse(DEFAULT_REGISTRY_CACHE_TTL);
  }

  /**
   * Reads the {@code registry} section of the YAML file {@code file}: a whole {@code
   * feature_store.yaml} (its other keys are not read) or a file holding only {@code registry:}, in
   * {@code feature_store.yaml}'s syntax and checked as strictly by the registry type's factory.
   * Relative paths in it are relative to the file's folder.
   */
  public static StoreConfig registrySection(Path file) {
    return RepoConfigReader.registrySection(file);
  }

  /**
   * A registry named by its location alone: a {@code postgresql://…} URL ({@code
   * postgresql+psycopg://…} too) is registry type {@code sql}; anything else is the path of a
   * SQLite registry file, relative to {@code base}. Checked by the type's factory as {@code
   * feature_store.yaml} is; {@code origin} names where the location came from in errors (e.g.
   * {@code --to}).
   */
  public static StoreConfig registryAt(String location, Path base, String origin) {
    return RepoConfigReader.registryAt(location, base, origin);
  }

  /** {@code path} resolved against the repository directory (absolute paths stay as they are). */
  public Path resolve(String path) {
    return repoPath.resolve(path).normalize();
  }
}
