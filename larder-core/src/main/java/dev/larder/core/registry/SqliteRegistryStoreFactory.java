package dev.larder.core.registry;

import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link SqliteRegistryStore}s: registry type {@code sqlite}, the default. The file is the
 * registry's {@code path}, relative to the repository; without one, {@value #DEFAULT_PATH}.
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
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("path"));
    section.requiredText("path", "add path: " + DEFAULT_PATH);
    return section.config(Map.of("path", section.path("path", DEFAULT_PATH).toString()));
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
