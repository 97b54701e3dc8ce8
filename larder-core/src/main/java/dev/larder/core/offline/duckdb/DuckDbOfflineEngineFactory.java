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
 * Makes the {@link DuckDbOfflineEngine}: {@code offline_store: {type: duckdb}} (aliases {@code
 * file} and {@code dask}, Feast's names of its file offline store). Feast's DuckDB keys that Larder
 * does not use are accepted with one warning each ({@link #FEAST_ONLY}).
 */
public final class DuckDbOfflineEngineFactory implements OfflineEngineFactory {
  @Override
  public String type() {
    return "duckdb";
  }

  @Override
  public List<String> aliases() {
    return List.of("file", "dask");
  }

  /**
   * The keys of Feast's {@code DuckDBOfflineStoreConfig} that Larder does not use, each with what
   * Larder does instead.
   */
  static final Map<String, String> FEAST_ONLY =
      Map.of(
          "staging_location",
          "Larder's DuckDB engine reads sources where they are and writes results to --output,"
              + " with no staging copy",
          "staging_location_endpoint_override",
          "Larder's DuckDB engine reads sources where they are and writes results to --output,"
              + " with no staging copy");

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(DuckDbSettings.OPTIONS, FEAST_ONLY);
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
