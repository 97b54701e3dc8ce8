package dev.larder.bench;

import dev.larder.core.FeatureStore;
import dev.larder.core.files.Directories;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The repository of {@code larder init} (1000 samples × 20 features), applied and materialized up
 * to now in a temporary directory: the data of the online benchmarks.
 *
 * @param path the repository
 */
record BenchRepo(Path path) {
  static final int SAMPLES = 1000;

  private static final String SQLITE = "online_store: {type: sqlite, path: data/online_store.db}";

  static BenchRepo create() throws IOException {
    Path dir = Files.createTempDirectory("larder-bench-online");
    Path repo = dir.resolve("feature_repo");
    ClassificationRepoTemplate.init(repo, false);
    return materialize(repo);
  }

  /**
   * The same definitions and Parquet data as this repository's in a new temporary repository of
   * project {@code project} whose online store is {@code onlineStore} (a {@code feature_store.yaml}
   * section, e.g. {@code {type: redis, …}}), applied and materialized up to now. The store's rows
   * of {@code project} are deleted first, so the materialization starts from an empty store.
   */
  BenchRepo copy(String project, String onlineStore) throws IOException {
    Path dir = Files.createTempDirectory("larder-bench-online");
    Path repo = dir.resolve("feature_repo");
    Path data = repo.resolve(ClassificationRepoTemplate.INIT_DATA_PATH);
    Files.createDirectories(data.getParent());
    Files.copy(path.resolve(ClassificationRepoTemplate.INIT_DATA_PATH), data);
    Files.copy(
        path.resolve(ClassificationRepoTemplate.DEFINITIONS_FILE),
        repo.resolve(ClassificationRepoTemplate.DEFINITIONS_FILE));
    String config = ClassificationRepoTemplate.configYaml();
    String changed =
        config
            .replace("project: classification\n", "project: " + project + "\n")
            .replace(SQLITE, "online_store: " + onlineStore);
    if (!changed.contains("project: " + project + "\n") || changed.contains(SQLITE)) {
      throw new IllegalStateException("unexpected feature_store.yaml of larder init:\n" + config);
    }
    Files.writeString(repo.resolve(ClassificationRepoTemplate.CONFIG_FILE), changed);
    try (FeatureStore store = FeatureStore.open(repo)) {
      store.online().deleteProject();
    }
    return materialize(repo);
  }

  private static BenchRepo materialize(Path repo) {
    try (FeatureStore store = FeatureStore.open(repo)) {
      store.apply();
      store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
    }
    return new BenchRepo(repo);
  }

  /** Deletes the project's rows from its online store (a shared Redis, say). */
  void deleteOnlineRows() {
    try (FeatureStore store = FeatureStore.open(path)) {
      store.online().deleteProject();
    }
  }

  void delete() throws IOException {
    Directories.deleteTree(path.getParent());
  }
}
