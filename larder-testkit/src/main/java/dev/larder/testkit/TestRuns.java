package dev.larder.testkit;

import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Recorded runs for registry and lineage tests. */
public final class TestRuns {
  public static final String ENTITY_SHA = "e".repeat(64);
  public static final String DATA_SHA = "d".repeat(64);
  public static final String MODEL_SPEC =
      "{\"algorithm\":\"logistic-regression\",\"hyperparameters\":{\"c\":1.0},\"seed\":42}";

  /**
   * A run report's JSON text as core keeps it (opaque): markup, quotes and non-ASCII text must come
   * back byte for byte.
   */
  public static final String REPORT =
      "{\"format\":\"larder-run-report\",\"format_version\":1,"
          + "\"note\":\"</script><b>\\\"ünïcode\\\"</b>\",\"roc\":[[0,0],[0.5,0.9],[1,1]]}";

  private TestRuns() {}

  /** A run of {@code id} at {@code at} that read {@code features} ({@code view@v1:feature}). */
  public static RecordedRun run(String id, Instant at, String service, String... features) {
    List<ResolvedFeature> resolved = new ArrayList<>();
    for (String f : features) {
      resolved.add(ResolvedFeature.parse(f));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.93);
    metrics.put("roc_auc", 0.9712);
    metrics.put("log_loss", Double.NaN);
    return new RecordedRun(
        id,
        at,
        "ana",
        new TrainingInputs(
            resolved,
            List.of("classification_source"),
            Optional.ofNullable(service),
            Instant.parse("2025-11-01T00:00:00Z"),
            ENTITY_SHA,
            1000),
        998,
        DATA_SHA,
        "logistic-regression",
        MODEL_SPEC,
        metrics,
        "/work/runs/" + id);
  }

  /** A run of {@code id} at {@code at} that read {@code classification_features@v1:feature_0}. */
  public static RecordedRun run(String id, Instant at) {
    return run(
        id, at, null, "classification_features@v1:feature_0", "classification_features@v1:target");
  }
}
