package dev.larder.ml.report;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.registry.TrainingInputs;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run's rows came from and what it was asked to do.
 *
 * @param source how the workflow's source describes itself (a database and table, or the feature
 *     store's repository and view)
 * @param rows the rows loaded
 * @param dataSha256 the SHA-256 of the loaded {@code X} and {@code y}
 * @param features the features the model uses
 * @param featureStore what the feature store served (view versions, sources, feature service, as-of
 *     time, entity rows and their hash); empty for direct loading
 * @param modelSpec the model spec as JSON text
 * @param featureSpecs the feature specs as JSON text (an array)
 * @param runPath the run folder, if the run was written to one
 */
public record ReportProvenance(
    String source,
    long rows,
    String dataSha256,
    List<String> features,
    Optional<TrainingInputs> featureStore,
    String modelSpec,
    String featureSpecs,
    Optional<String> runPath) {

  /** The {@link #path()} of rows read directly. */
  public static final String DIRECT = "direct";

  /** The {@link #path()} of rows that came through the feature store. */
  public static final String FEATURE_STORE = "feature-store";

  public ReportProvenance {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dataSha256, "dataSha256");
    features = List.copyOf(features);
    Objects.requireNonNull(featureStore, "featureStore");
    Objects.requireNonNull(modelSpec, "modelSpec");
    Objects.requireNonNull(featureSpecs, "featureSpecs");
    Objects.requireNonNull(runPath, "runPath");
    if (rows < 0) {
      throw new InvalidArgumentException("a run's row count cannot be negative, got " + rows);
    }
  }

  /**
   * {@value #FEATURE_STORE} when the rows came through the feature store, else {@value #DIRECT}.
   */
  public String path() {
    return featureStore.isPresent() ? FEATURE_STORE : DIRECT;
  }
}
