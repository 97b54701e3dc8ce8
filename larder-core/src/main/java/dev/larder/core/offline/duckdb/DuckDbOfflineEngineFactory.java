package dev.larder.core.offline.duckdb;

import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  public StoreConfig configure(BackendSection section) {
    section.allow(DuckDbSettings.OPTIONS);
    Map<String, Object> options = new LinkedHashMap<>();
    section.text("memory_limit").ifPresent(v -> options.put("memory_limit", v));
    section
        .optionalPath("temp_directory")
        .ifPresent(v -> options.put("temp_directory", v.toString()));
    section.wholeNumber("threads", 1, Integer.MAX_VALUE).ifPresent(v -> options.put("threads", v));
    section
        .wholeNumber("direct_join_limit", 0, Long.MAX_VALUE)
        .ifPresent(v -> options.put("direct_join_limit", v));
    return section.config(options);
  }

  @Override
  public OfflineEngine open(RepoConfig config) {
    return DuckDbOfflineEngine.open(
        config.repoPath(), DuckDbSettings.of(config.offlineStore(), config.repoPath()));
  }
}
