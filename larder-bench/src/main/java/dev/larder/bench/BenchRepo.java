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

  static BenchRepo create() throws IOException {
    Path dir = Files.createTempDirectory("larder-bench-online");
    Path repo = dir.resolve("feature_repo");
    ClassificationRepoTemplate.init(repo, false);
    try (FeatureStore store = FeatureStore.open(repo)) {
      store.apply();
      store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
    }
    return new BenchRepo(repo);
  }

  void delete() throws IOException {
    Directories.deleteTree(path.getParent());
  }
}
