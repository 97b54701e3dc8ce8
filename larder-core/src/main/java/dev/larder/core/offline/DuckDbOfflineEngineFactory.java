package dev.larder.core.offline;

import dev.larder.core.repo.RepoConfig;
import java.util.List;

/**
 * Makes the {@link DuckDbOfflineEngine}: {@code offline_store: {type: duckdb}} (alias {@code
 * file}).
 */
public final class DuckDbOfflineEngineFactory implements OfflineEngineFactory {
  @Override
  public String type() {
    return "duckdb";
  }

  @Override
  public List<String> aliases() {
    return List.of("file");
  }

  @Override
  public OfflineEngine open(RepoConfig config) {
    return DuckDbOfflineEngine.open(
        config.repoPath(), DuckDbSettings.of(config.offlineStore(), config.repoPath()));
  }
}
