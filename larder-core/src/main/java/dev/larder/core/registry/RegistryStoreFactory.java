package dev.larder.core.registry;

import dev.larder.core.repo.BackendFactories;
import dev.larder.core.repo.BackendFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link RegistryStore} of one registry type. Implementations are listed in {@code
 * META-INF/services/dev.larder.core.registry.RegistryStoreFactory} and found with {@link
 * java.util.ServiceLoader}; {@code registry.registry_type} in {@code feature_store.yaml} chooses
 * one ({@code sqlite} when the registry is a plain path), and the factory checks the rest of its
 * section ({@link BackendFactory#configure}).
 */
public interface RegistryStoreFactory extends BackendFactory {
  /** A working section, for errors. */
  String EXAMPLE = "{registry_type: sqlite, path: data/registry.db}";

  /**
   * The keys of Feast's {@code RegistryConfig}, which every Feast registry type takes, that no
   * Larder registry uses, each with what Larder does instead (a factory passes them to {@link
   * BackendSection#allow(List, Map)}, so each one given is accepted with one warning).
   */
  Map<String, String> FEAST_ONLY = feastOnly();

  private static Map<String, String> feastOnly() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "registry_store_type",
        "registry_type chooses Larder's store (sqlite: a local SQLite file, sql: PostgreSQL)");
    m.put(
        "cache_mode",
        "a server checks the registry's revision on the first read after cache_ttl_seconds"
            + " (at once after its own apply), and follows PostgreSQL's change notices when it"
            + " has them");
    m.put(
        "s3_additional_kwargs",
        "Larder's registry is a SQLite file or a PostgreSQL database, never an object in S3");
    m.put(
        "purge_feast_metadata",
        "Larder's registry has no feast_metadata table; each project's rows are its own");
    m.put(
        "enable_online_feature_view_versioning",
        "Larder always versions feature views and reads a pinned version with"
            + " 'view@v2:feature'");
    m.put("mcp", "Larder has no MCP server");
    return Collections.unmodifiableMap(m);
  }

  /**
   * Reads the registry's {@code cache_ttl_seconds} (whole seconds, 0 or more), which every registry
   * type takes ({@link RepoConfig#registryCacheTtl()}), into {@code options} when given.
   */
  static void cacheTtl(BackendSection section, Map<String, Object> options) {
    Optional<Long> ttl = section.wholeNumber(RepoConfig.CACHE_TTL_SECONDS, 0, Integer.MAX_VALUE);
    ttl.ifPresent(t -> options.put(RepoConfig.CACHE_TTL_SECONDS, t));
  }

  /** The store of {@code config}'s project, at {@code config.registry()}. */
  RegistryStore create(RepoConfig config);

  /**
   * The factory of {@code type} on the class path; an unknown type is an error naming it and the
   * available types.
   */
  static RegistryStoreFactory forType(String type) {
    return BackendFactories.forType(RegistryStoreFactory.class, "registry", type, EXAMPLE);
  }
}
