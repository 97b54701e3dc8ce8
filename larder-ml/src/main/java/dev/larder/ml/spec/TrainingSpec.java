package dev.larder.ml.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code larder train} needs: where the rows come from, which features, which model, and
 * the feature store settings. Read from a YAML file by {@link TrainingSpecFile}; command-line flags
 * override it.
 *
 * @param source direct loading or the feature store
 * @param db the sample database (direct loading, and the export the feature store starts from)
 * @param table the table in {@code db}
 * @param features one or more feature specs
 * @param model the model spec
 * @param featureStore the feature store spec; enabled exactly when {@code source} is the feature
 *     store
 */
public record TrainingSpec(
    TrainingSource source,
    Path db,
    String table,
    List<FeatureSpec> features,
    ModelSpec model,
    FeatureStoreSpec featureStore) {

  public static final Path DEFAULT_DB = Path.of("data", "database", "sample_data.db");
  public static final String DEFAULT_TABLE = "classification_data";

  public TrainingSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(featureStore, "featureStore");
    if (features == null || features.isEmpty()) {
      throw new dev.larder.core.InvalidArgumentException(
          "features must hold at least one feature spec, e.g. {include: ['feature_*'], scaling:"
              + " standard}");
    }
    features = List.copyOf(features);
    if (featureStore.enabled() != (source == TrainingSource.FEATURE_STORE)) {
      throw new IllegalArgumentException(
          "the feature store spec must be enabled exactly when the source is the feature store");
    }
  }

  /**
   * The defaults: the given source, {@code data/database/sample_data.db}, every feature
   * standardised, {@link ModelSpec#defaults()}.
   */
  public static TrainingSpec defaults(TrainingSource source) {
    FeatureStoreSpecBuilder fs = new FeatureStoreSpecBuilder();
    if (source == TrainingSource.FEATURE_STORE) {
      fs.enable();
    }
    return new TrainingSpec(
        source,
        DEFAULT_DB,
        DEFAULT_TABLE,
        List.of(FeatureSpec.ALL_STANDARD),
        ModelSpec.defaults(),
        fs.build());
  }
}
