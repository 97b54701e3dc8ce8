package dev.larder.testkit;

import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.util.List;
import java.util.Map;

/**
 * Definitions shaped like the ones {@code larder init} writes (DESIGN B4), for the registry
 * contract and a backend's own registry tests.
 */
public final class TestDefinitions {
  public static final String PROJECT = "classification";
  public static final String VIEW = "classification_features";
  public static final String SOURCE = "classification_source";
  public static final String SERVICE = "classifier_inputs";

  private TestDefinitions() {}

  /** The entity {@code sample}, joined on {@code sample_index} (INT64). */
  public static Entity sample() {
    return Entity.builder("sample")
        .joinKeys("sample_index")
        .valueType(ValueType.INT64)
        .description("One generated sample")
        .build();
  }

  /** The source of the view, reading {@code path}. */
  public static FileSource source(String path) {
    return new FileSource(SOURCE, path, "event_timestamp", "created_timestamp", Map.of());
  }

  /** The source of the view, reading {@code data/classification_data.parquet}. */
  public static FileSource source() {
    return source("data/classification_data.parquet");
  }

  /** The view with {@code features} Float64 features and an Int64 target; ttl unset (0). */
  public static FeatureView.Builder viewBuilder(int features) {
    FeatureView.Builder b = FeatureView.builder(VIEW).entities("sample").source(SOURCE);
    for (int i = 0; i < features; i++) {
      b.field("feature_" + i, ScalarType.FLOAT64);
    }
    return b.field("target", ScalarType.INT64);
  }

  /** The view with 3 features and the target, online. */
  public static FeatureView view() {
    return viewBuilder(3).description("3 synthetic features").online(true).build();
  }

  /** A service of the view's {@code feature_0}. */
  public static FeatureService service() {
    return FeatureService.builder(SERVICE)
        .projection(FeatureViewProjection.of(VIEW, List.of("feature_0")))
        .build();
  }

  /** Entity, source, view and service, in that order. */
  public static RepoDefinitions classification() {
    return with(source(), view());
  }

  /** The classification definitions with another source and view. */
  public static RepoDefinitions with(FileSource source, FeatureView view) {
    return RepoDefinitions.builder().add(sample()).add(source).add(view).add(service()).freeze();
  }
}
