package dev.larder.core.registry;

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

/** Definitions shaped like the ones {@code larder init} writes (DESIGN B4), for registry tests. */
final class TestDefinitions {
  static final String PROJECT = "classification";
  static final String VIEW = "classification_features";
  static final String SOURCE = "classification_source";
  static final String SERVICE = "classifier_inputs";

  private TestDefinitions() {}

  static Entity sample() {
    return sample("sample_index");
  }

  static Entity sample(String joinKey) {
    return Entity.builder("sample")
        .joinKeys(joinKey)
        .valueType(ValueType.INT64)
        .description("One generated sample")
        .build();
  }

  static FileSource source(String path) {
    return new FileSource(SOURCE, path, "event_timestamp", "created_timestamp", Map.of());
  }

  static FileSource source() {
    return source("data/classification_data.parquet");
  }

  /** The view with {@code features} Float64 features and an Int64 target; ttl unset (0). */
  static FeatureView.Builder viewBuilder(int features) {
    FeatureView.Builder b = FeatureView.builder(VIEW).entities("sample").source(SOURCE);
    for (int i = 0; i < features; i++) {
      b.field("feature_" + i, ScalarType.FLOAT64);
    }
    return b.field("target", ScalarType.INT64);
  }

  static FeatureView view() {
    return viewBuilder(3).description("3 synthetic features").online(true).build();
  }

  static FeatureService service() {
    return FeatureService.builder(SERVICE)
        .projection(FeatureViewProjection.of(VIEW, List.of("feature_0")))
        .build();
  }

  /** Entity, source, view and service, in that order. */
  static RepoDefinitions classification() {
    return with(source(), view());
  }

  /** The classification definitions with another source and view. */
  static RepoDefinitions with(FileSource source, FeatureView view) {
    return RepoDefinitions.builder().add(sample()).add(source).add(view).add(service()).freeze();
  }
}
