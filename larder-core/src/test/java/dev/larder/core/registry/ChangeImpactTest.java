package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.SERVICE;
import static dev.larder.core.registry.TestDefinitions.SOURCE;
import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The breaking-change table: each kind of change, applied to the definitions {@code larder init}
 * writes, planned against a real registry; the plan line shows it compatible or breaking.
 */
class ChangeImpactTest {
  @TempDir Path dir;

  /** The init-shaped definitions with the given parts. */
  private static RepoDefinitions defs(
      Entity sample, FileSource source, FeatureView view, FeatureService service) {
    RepoDefinitions.Builder b = RepoDefinitions.builder().add(sample).add(source).add(view);
    return service == null ? b.freeze() : b.add(service).freeze();
  }

  private static RepoDefinitions withView(FeatureView view) {
    return defs(
        TestDefinitions.sample(), TestDefinitions.source(), view, TestDefinitions.service());
  }

  private static RepoDefinitions withService(FeatureViewProjection... projections) {
    FeatureService.Builder s = FeatureService.builder(SERVICE);
    for (FeatureViewProjection p : projections) {
      s.projection(p);
    }
    return defs(
        TestDefinitions.sample(), TestDefinitions.source(), TestDefinitions.view(), s.build());
  }

  /** The view of {@code larder init} with its fields replaced. */
  private static FeatureView.Builder view() {
    return FeatureView.builder(VIEW)
        .entities("sample")
        .source(SOURCE)
        .description("3 synthetic features")
        .online(true);
  }

  /** A builder of {@link TestDefinitions#view()}, to change one part of it. */
  private static FeatureView.Builder initView() {
    return TestDefinitions.viewBuilder(3).description("3 synthetic features").online(true);
  }

  private static FeatureView.Builder viewOf(String... features) {
    FeatureView.Builder b = view();
    for (String f : features) {
      b.field(f, f.equals("target") ? ScalarType.INT64 : ScalarType.FLOAT64);
    }
    return b;
  }

  private static Arguments change(String what, RepoDefinitions next, String line, boolean breaks) {
    return Arguments.of(what, next, line, breaks);
  }

  static Stream<Arguments> changes() {
    FileSource other =
        new FileSource("other_source", "data/other.parquet", "event_timestamp", null, Map.of());
    Entity sampleWithType =
        Entity.builder("sample")
            .joinKeys("sample_index")
            .valueType(ValueType.STRING)
            .description("One generated sample")
            .build();
    Entity described =
        Entity.builder("sample")
            .joinKeys("sample_index")
            .valueType(ValueType.INT64)
            .description("A sample")
            .build();
    return Stream.of(
        change(
            "added feature",
            withView(viewOf("feature_0", "feature_1", "feature_2", "feature_3", "target").build()),
            "schema.feature_3: (none) → Float64  [compatible: added feature]",
            false),
        change(
            "removed feature",
            withView(viewOf("feature_0", "feature_1", "target").build()),
            "schema.feature_2: Float64 → (none)  [breaking: removed feature]",
            true),
        change(
            "retyped feature",
            withView(
                viewOf("feature_0", "feature_1")
                    .field("feature_2", ScalarType.INT64)
                    .field("target", ScalarType.INT64)
                    .build()),
            "schema.feature_2: Float64 → Int64  [breaking: retyped feature]",
            true),
        change(
            "reordered features",
            withView(viewOf("feature_1", "feature_0", "feature_2", "target").build()),
            "schema order: [feature_0, feature_1, feature_2, target] → [feature_1, feature_0,"
                + " feature_2, target]  [compatible: reordered features]",
            false),
        change(
            "description",
            withView(
                TestDefinitions.viewBuilder(3).description("other words").online(true).build()),
            "description: 3 synthetic features → other words  [compatible]",
            false),
        change(
            "tags",
            withView(initView().tags(Map.of("team", "ml")).build()),
            "tags.team: (none) → ml  [compatible]",
            false),
        change(
            "owner",
            withView(initView().owner("ana").build()),
            "owner: '' → ana  [compatible]",
            false),
        change(
            "online",
            withView(
                TestDefinitions.viewBuilder(3)
                    .description("3 synthetic features")
                    .online(false)
                    .build()),
            "online: true → false  [compatible]",
            false),
        change(
            "ttl",
            withView(initView().ttl(Duration.ofHours(2)).build()),
            "ttl: 0 (unlimited) → 2h  [compatible: ttl applies at read time]",
            false),
        change(
            "entities",
            withView(
                FeatureView.builder(VIEW)
                    .entities(List.of())
                    .source(SOURCE)
                    .description("3 synthetic features")
                    .online(true)
                    .field("feature_0", ScalarType.FLOAT64)
                    .field("feature_1", ScalarType.FLOAT64)
                    .field("feature_2", ScalarType.FLOAT64)
                    .field("target", ScalarType.INT64)
                    .build()),
            "entities: [sample] → []  [breaking: changed entities]",
            true),
        change(
            "source",
            RepoDefinitions.builder()
                .add(TestDefinitions.sample())
                .add(TestDefinitions.source())
                .add(other)
                .add(
                    FeatureView.builder(VIEW)
                        .entities("sample")
                        .source("other_source")
                        .description("3 synthetic features")
                        .field("feature_0", ScalarType.FLOAT64)
                        .field("feature_1", ScalarType.FLOAT64)
                        .field("feature_2", ScalarType.FLOAT64)
                        .field("target", ScalarType.INT64)
                        .build())
                .add(TestDefinitions.service())
                .freeze(),
            "source: classification_source → other_source  [breaking: changed source]",
            true),
        change(
            "source path",
            defs(
                TestDefinitions.sample(),
                TestDefinitions.source("data/v2.parquet"),
                TestDefinitions.view(),
                TestDefinitions.service()),
            "source.path: data/classification_data.parquet → data/v2.parquet  [breaking: changed"
                + " source]",
            true),
        change(
            "join keys",
            defs(
                TestDefinitions.sample("sample_id"),
                TestDefinitions.source(),
                TestDefinitions.view(),
                TestDefinitions.service()),
            "entities.sample.join_keys: [sample_index] → [sample_id]  [breaking: changed join"
                + " keys]",
            true),
        change(
            "join key type",
            defs(
                sampleWithType,
                TestDefinitions.source(),
                TestDefinitions.view(),
                TestDefinitions.service()),
            "entities.sample.value_type: INT64 → STRING  [breaking: changed join key type]",
            true),
        change(
            "entity description",
            defs(
                described,
                TestDefinitions.source(),
                TestDefinitions.view(),
                TestDefinitions.service()),
            "description: One generated sample → A sample  [compatible]",
            false),
        change(
            "deleted view",
            RepoDefinitions.builder()
                .add(TestDefinitions.sample())
                .add(TestDefinitions.source())
                .freeze(),
            "- delete feature view classification_features  [breaking: its features can no longer"
                + " be read]",
            true),
        change(
            "deleted service",
            defs(TestDefinitions.sample(), TestDefinitions.source(), TestDefinitions.view(), null),
            "- delete feature service classifier_inputs  [breaking: it can no longer be read]",
            true),
        change(
            "deleted unused source",
            defs(
                TestDefinitions.sample(),
                TestDefinitions.source(),
                TestDefinitions.view(),
                TestDefinitions.service()),
            "- delete data source other_source  [compatible]",
            false),
        change(
            "new view",
            RepoDefinitions.builder()
                .add(TestDefinitions.sample())
                .add(TestDefinitions.source())
                .add(TestDefinitions.view())
                .add(
                    FeatureView.builder("other_view")
                        .entities("sample")
                        .source(SOURCE)
                        .field("feature_0", ScalarType.FLOAT64)
                        .build())
                .add(TestDefinitions.service())
                .freeze(),
            "+ create feature view other_view (v1)  [compatible]",
            false),
        change(
            "service adds a feature",
            withService(FeatureViewProjection.of(VIEW, List.of("feature_0", "feature_1"))),
            "features.classification_features.features: [feature_0] → [feature_0, feature_1] "
                + " [compatible: added features]",
            false),
        change(
            "service takes every feature",
            withService(FeatureViewProjection.of(VIEW)),
            "features.classification_features.features: [feature_0] → (all features) "
                + " [compatible: added features]",
            false),
        change(
            "service removes a feature",
            withService(FeatureViewProjection.of(VIEW, List.of("feature_1"))),
            "features.classification_features.features: [feature_0] → [feature_1]  [breaking:"
                + " removed features]",
            true),
        change(
            "service pins a version",
            withService(new FeatureViewProjection(VIEW, List.of("feature_0"), 1, null, Map.of())),
            "features.classification_features.version: latest → v1  [breaking: changed version"
                + " pin]",
            true),
        change(
            "service maps a join key",
            withService(
                new FeatureViewProjection(
                    VIEW, List.of("feature_0"), null, null, Map.of("sample_index", "id"))),
            "features.classification_features.join_key_map.sample_index: (none) → id  [breaking:"
                + " changed entity columns]",
            true),
        change(
            "service adds a projection",
            withService(
                FeatureViewProjection.of(VIEW, List.of("feature_0")),
                new FeatureViewProjection(VIEW, List.of("feature_1"), null, "other", Map.of())),
            "features.other: (none) → classification_features: [feature_1] (as other) "
                + " [compatible: added projection]",
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void eachChangeIsCompatibleOrBreaking(
      String what, RepoDefinitions next, String line, boolean breaking) {
    Registry registry =
        new Registry(
            new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            definitions -> {},
            new MutableClock("2026-03-01T10:00:00Z"),
            new Actor("ana"));
    RepoDefinitions base =
        what.equals("deleted unused source")
            ? RepoDefinitions.builder()
                .add(TestDefinitions.sample())
                .add(TestDefinitions.source())
                .add(
                    new FileSource(
                        "other_source", "data/other.parquet", "event_timestamp", null, Map.of()))
                .add(TestDefinitions.view())
                .add(TestDefinitions.service())
                .freeze()
            : TestDefinitions.classification();
    registry.apply(base);

    RegistryDiff plan = registry.plan(next);

    assertThat(plan.text().lines().map(String::strip)).contains(line);
    assertThat(plan.hasBreakingChanges()).isEqualTo(breaking);
    assertThat(plan.breakingChanges().isEmpty()).isEqualTo(!breaking);
    registry.close();
  }
}
