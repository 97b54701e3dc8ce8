package dev.larder.core.registry;

import dev.larder.core.repo.RepoConfig;
import java.nio.file.Path;

/**
 * Makes {@link SqliteRegistryStore}s: registry type {@code sqlite}, the default. The file is the
 * registry's {@code path}, relative to the repository; without one, {@value #DEFAULT_PATH}.
 */
public final class SqliteRegistryStoreFactory implements RegistryStoreFactory {
  /** The registry file when the configuration names none, relative to the repository. */
  public static final String DEFAULT_PATH = "data/registry.db";

  @Override
  public String type() {
    return "sqlite";
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
