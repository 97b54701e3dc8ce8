package dev.larder.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Definitions shaped like the ones {@code larder init} writes (DESIGN B4), for tests. */
final class Samples {
  private Samples() {}

  static Entity sample() {
    return Entity.builder("sample")
        .joinKeys("sample_index")
        .valueType(ValueType.INT64)
        .description("One generated sample")
        .build();
  }

  static FileSource source() {
    return new FileSource(
        "classification_source",
        "data/classification_data.parquet",
        "event_timestamp",
        "created_timestamp",
        Map.of());
  }

  static FeatureView view() {
    FeatureView.Builder b =
        FeatureView.builder("classification_features")
            .entities("sample")
            .ttl(Duration.ZERO)
            .source("classification_source")
            .online(true)
            .description("20 synthetic features for binary classification");
    for (int i = 0; i < 20; i++) {
      b.field("feature_" + i, ScalarType.FLOAT64);
    }
    return b.field("target", ScalarType.INT64).build();
  }

  static FeatureService service() {
    return FeatureService.builder("classifier_inputs")
        .projection(FeatureViewProjection.of("classification_features", List.of("feature_0")))
        .build();
  }

  static RepoDefinitions.Builder all() {
    return RepoDefinitions.builder().add(sample()).add(source()).add(view()).add(service());
  }
}
