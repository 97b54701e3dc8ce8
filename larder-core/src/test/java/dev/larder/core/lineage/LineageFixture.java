package dev.larder.core.lineage;

import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.SqliteRegistryStore;
import dev.larder.core.registry.TestRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A registry with a history, in a real SQLite file: a classification view at v1 then v2 (two more
 * features), a feature service over its latest version, a push source with its batch source and a
 * view over it, and three runs — r1 read v1 directly, r2 read v2 through the service, r3 read v2
 * directly.
 */
final class LineageFixture {
  static final String PROJECT = "classification";
  static final String VIEW = "classification_features";
  static final String SOURCE = "classification_source";
  static final String SERVICE = "classifier_inputs";
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-03-01T11:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-01T12:00:00Z");

  private final Path file;

  LineageFixture(Path dir) {
    this.file = dir.resolve("registry.db");
    registry(T0).apply(definitions(3, true));
    registry(T0).recordRun(run("r1", T0, null, 1));
    registry(T1).apply(definitions(5, true));
    registry(T1).recordRun(run("r2", T1, SERVICE, 2));
    registry(T2).recordRun(run("r3", T2, null, 2));
  }

  Registry registry(Instant now) {
    return new Registry(
        new SqliteRegistryStore(file, PROJECT),
        PROJECT,
        d -> {},
        Clock.fixed(now, ZoneOffset.UTC),
        new Actor("ana"));
  }

  ProjectLineage lineage() {
    Registry registry = registry(T2);
    return ProjectLineage.of(registry.snapshot(), registry.runs());
  }

  /** Deletes the push source and its view, keeping everything else. */
  void deleteEvents() {
    registry(T2).apply(definitions(5, false), ApplyOptions.ALLOW_BREAKING);
  }

  static RecordedRun run(String id, Instant at, String service, int version) {
    return TestRuns.run(
        id, at, service, VIEW + "@v" + version + ":feature_0", VIEW + "@v" + version + ":target");
  }

  static RepoDefinitions definitions(int features, boolean events) {
    FeatureView.Builder view = FeatureView.builder(VIEW).entities("sample").source(SOURCE);
    for (int i = 0; i < features; i++) {
      view.field("feature_" + i, ScalarType.FLOAT64);
    }
    view.field("target", ScalarType.INT64);
    RepoDefinitions.Builder b =
        RepoDefinitions.builder()
            .add(
                Entity.builder("sample")
                    .joinKeys("sample_index")
                    .valueType(ValueType.INT64)
                    .build())
            .add(
                new FileSource(
                    SOURCE,
                    "data/classification_data.parquet",
                    "event_timestamp",
                    "created_timestamp",
                    Map.of()))
            .add(view.build())
            .add(
                FeatureService.builder(SERVICE)
                    .projection(FeatureViewProjection.of(VIEW, List.of("feature_0")))
                    .build());
    if (events) {
      FileSource batch =
          new FileSource("events_file", "data/events", "event_timestamp", null, Map.of());
      b.add(batch)
          .add(new PushSource("events_push", batch))
          .add(
              FeatureView.builder("event_stats")
                  .entities("sample")
                  .source("events_push")
                  .field("clicks", ScalarType.INT64)
                  .build());
    }
    return b.freeze();
  }
}
