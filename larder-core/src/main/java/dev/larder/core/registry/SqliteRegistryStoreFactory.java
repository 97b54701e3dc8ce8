package dev.larder.core.registry;

import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link SqliteRegistryStore}s: registry type {@code sqlite}, the default ({@code file}, the
 * name of Feast's file registry, is an alias). The file is the registry's {@code path}, relative to
 * the repository; without one, {@value #DEFAULT_PATH}. {@code cache_ttl_seconds} bounds how stale a
 * server's snapshot may be ({@link RepoConfig#registryCacheTtl()}); the other keys of Feast's
 * registry configuration are accepted with a warning ({@link RegistryStoreFactory#FEAST_ONLY}).
 */
public final class SqliteRegistryStoreFactory implements RegistryStoreFactory {
  /** The registry type: the embedded registry, on this machine only. */
  public static final String TYPE = "sqlite";

  /** The registry file when the configuration names none, relative to the repository. */
  public static final String DEFAULT_PATH = "data/registry.db";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> aliases() {
    return List.of("file");
  }

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("path", RepoConfig.CACHE_TTL_SECONDS), FEAST_ONLY);
    section.requiredText("path", "add path: " + DEFAULT_PATH);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("path", section.path("path", DEFAULT_PATH).toString());
    RegistryStoreFactory.cacheTtl(section, options);
    return section.config(options);
  }

  @Override
  public RegistryStore create(RepoConfig config) {
    Path path =
        config
            .registry()
            .text("path")
            .map(config::resolve)
            .orElseGet(() -> config.resolve(DEFAULT_PATH));
    return new SqliteRegistryStore(path, config.project());
  }
}
