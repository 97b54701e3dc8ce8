package dev.larder.core.online;

import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link SqliteOnlineStore}: {@code online_store: {type: sqlite, path:
 * data/online_store.db}} (the path relative to the repository).
 */
public final class SqliteOnlineStoreFactory implements OnlineStoreFactory {
  /** Where the store is when {@code online_store} names no path. */
  public static final String DEFAULT_PATH = "data/online_store.db";

  @Override
  public String type() {
    return "sqlite";
  }

  /**
   * The keys of Feast's {@code SqliteOnlineStoreConfig} that Larder does not use, each with what
   * Larder does instead (accepted with one warning each).
   */
  static final Map<String, String> FEAST_ONLY =
      Map.of(
          "vector_enabled",
          "Larder's online store has no vector search",
          "similarity",
          "Larder's online store has no vector search",
          "text_search_enabled",
          "Larder's online store has no text search",
          "enable_openai_compatible_store",
          "Larder's feature server has no OpenAI-compatible vector store endpoints");

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("path"), FEAST_ONLY);
    return section.config(Map.of("path", section.path("path", DEFAULT_PATH).toString()));
  }

  @Override
  public OnlineStore open(RepoConfig config) {
    Path path =
        config
            .onlineStore()
            .path("path")
            .map(p -> config.resolve(p.toString()))
            .orElseGet(() -> config.resolve(DEFAULT_PATH));
    return new SqliteOnlineStore(path, config.project());
  }
}
