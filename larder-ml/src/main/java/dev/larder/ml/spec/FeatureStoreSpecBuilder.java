package dev.larder.ml.spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The guide's {@code FeatureStoreSpecBuilder}, method for method: {@code enable}, {@code
 * set_repo_path}, {@code set_n_features}, {@code set_initialize_on_start}, {@code
 * set_force_recreate}, {@code set_sample_indices}, {@code set_timestamp}, {@code build}.
 *
 * <pre>{@code
 * FeatureStoreSpec spec = new FeatureStoreSpecBuilder()
 *     .enable()
 *     .setRepoPath("feature_repo")
 *     .setNFeatures(20)
 *     .setInitializeOnStart(true)
 *     .build();
 * }</pre>
 *
 * Each setting may be given once; a second call is an error naming the value already set.
 */
public final class FeatureStoreSpecBuilder {
  private Boolean enabled;
  private Path repoPath;
  private Integer nFeatures;
  private Boolean initializeOnStart;
  private Boolean forceRecreate;
  private List<Long> sampleIndices;
  private Instant timestamp;

  /** Turns the feature store on (it is off by default). */
  public FeatureStoreSpecBuilder enable() {
    enabled = ModelSpec.once("enabled", enabled, true);
    return this;
  }

  public FeatureStoreSpecBuilder setRepoPath(String repoPath) {
    return setRepoPath(Path.of(repoPath));
  }

  public FeatureStoreSpecBuilder setRepoPath(Path repoPath) {
    this.repoPath = ModelSpec.once("repo path", this.repoPath, repoPath);
    return this;
  }

  public FeatureStoreSpecBuilder setNFeatures(int nFeatures) {
    this.nFeatures = ModelSpec.once("n_features", this.nFeatures, nFeatures);
    return this;
  }

  public FeatureStoreSpecBuilder setInitializeOnStart(boolean initializeOnStart) {
    this.initializeOnStart =
        ModelSpec.once("initialize_on_start", this.initializeOnStart, initializeOnStart);
    return this;
  }

  public FeatureStoreSpecBuilder setForceRecreate(boolean forceRecreate) {
    this.forceRecreate = ModelSpec.once("force_recreate", this.forceRecreate, forceRecreate);
    return this;
  }

  public FeatureStoreSpecBuilder setSampleIndices(List<Long> sampleIndices) {
    this.sampleIndices = ModelSpec.once("sample_indices", this.sampleIndices, sampleIndices);
    return this;
  }

  public FeatureStoreSpecBuilder setTimestamp(Instant timestamp) {
    this.timestamp = ModelSpec.once("timestamp", this.timestamp, timestamp);
    return this;
  }

  public FeatureStoreSpec build() {
    return new FeatureStoreSpec(
        enabled != null && enabled,
        repoPath == null ? FeatureStoreSpec.DEFAULT_REPO_PATH : repoPath,
        nFeatures == null ? FeatureStoreSpec.DEFAULT_N_FEATURES : nFeatures,
        initializeOnStart == null || initializeOnStart,
        forceRecreate != null && forceRecreate,
        sampleIndices,
        timestamp);
  }
}
