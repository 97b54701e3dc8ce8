package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The guide's feature store specification: whether training data comes from the feature store,
 * where its repository lives and what to retrieve. Build it with {@link FeatureStoreSpecBuilder}.
 *
 * @param enabled whether the workflow loads its rows through the feature store
 * @param repoPath the feature repository (the guide's {@code repo_path}, default {@code
 *     feature_repo})
 * @param nFeatures how many {@code feature_i} columns the feature view declares (guide: {@code
 *     n_features}, default 20)
 * @param initializeOnStart create, export and apply the repository on first use
 * @param forceRecreate rebuild the repository even if it exists
 * @param sampleIndices only these samples, in this order; {@code null} for all
 * @param timestamp retrieve as of this instant; {@code null} for now
 */
public record FeatureStoreSpec(
    boolean enabled,
    Path repoPath,
    int nFeatures,
    boolean initializeOnStart,
    boolean forceRecreate,
    List<Long> sampleIndices,
    Instant timestamp) {

  public static final Path DEFAULT_REPO_PATH = Path.of("feature_repo");
  public static final int DEFAULT_N_FEATURES = 20;

  public FeatureStoreSpec {
    Objects.requireNonNull(repoPath, "repoPath");
    if (nFeatures < 1 || nFeatures > 10_000) {
      throw new InvalidArgumentException(
          "feature_store.n_features must be in [1, 10000], got " + nFeatures);
    }
    if (sampleIndices != null) {
      if (sampleIndices.isEmpty()) {
        throw new InvalidArgumentException(
            "feature_store.sample_indices is empty; leave it out to use every sample");
      }
      for (Long index : sampleIndices) {
        if (index == null || index < 0) {
          throw new InvalidArgumentException(
              "feature_store.sample_indices must be non-negative integers, got " + index);
        }
      }
      sampleIndices = List.copyOf(sampleIndices);
    }
  }

  /** The default: disabled (direct loading). */
  public static FeatureStoreSpec disabled() {
    return new FeatureStoreSpecBuilder().build();
  }
}
