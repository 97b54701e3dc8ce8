package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.SERVICE;
import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import dev.larder.core.model.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans: every transition, changes field by field, and the plan text exactly. */
class RegistryDiffTest {
  @TempDir Path dir;
  private Registry registry;

  @BeforeEach
  void open() {
    registry =
        new Registry(
            new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            definitions -> {},
            new MutableClock("2026-03-01T10:00:00Z"),
            new Actor("ana"));
  }

  @Test
  void againstNoRegistryEverythingIsCreatedInKindThenNameOrder() {
    RepoDefinitions definitions =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample())
            .add(
                Entity.builder("customer")
                    .joinKeys("customer_id")
                    .valueType(ValueType.STRING)
                    .build())
            .add(TestDefinitions.source())
            .add(TestDefinitions.view())
            .add(TestDefinitions.service())
            .add(
                FeatureService.builder("all_inputs")
                    .projection(FeatureViewProjection.of(VIEW))
                    .build())
            .freeze();
    RegistryDiff plan = registry.plan(definitions);

    assertThat(plan.baseRevision()).isZero();
    assertThat(plan.text())
        .isEqualTo(
            """
            + create entity customer  [compatible]
            + create entity sample  [compatible]
            + create data source classification_source  [compatible]
            + create feature view classification_features (v1)  [compatible]
            + create feature service all_inputs  [compatible]
            + create feature service classifier_inputs  [compatible]

            6 to create, 0 to update, 0 to delete, 0 unchanged; no breaking changes.
            """);
    assertThat(plan.plannedVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.number()).isEqualTo(1);
              assertThat(v.origin()).isEqualTo(VersionOrigin.CREATED);
            });
    assertThat(dir.resolve("registry.db")).doesNotExist();
  }

  @Test
  void sameDefinitionsAgainAreNoChanges() {
    registry.apply(TestDefinitions.classification());
    RegistryDiff plan = registry.plan(TestDefinitions.classification());

    assertThat(plan.text()).isEqualTo("No changes.\n");
    assertThat(plan.hasChanges()).isFalse();
    assertThat(plan.baseRevision()).isEqualTo(1);
    assertThat(plan.objects())
        .extracting(ObjectDiff::transition)
        .containsOnly(Transition.UNCHANGED)
        .hasSize(4);
  }

  @Test
  void updatesAreListedFieldByFieldAndDeletionsToo() {
    registry.apply(TestDefinitions.classification());
    FeatureView changed =
        FeatureView.builder(VIEW)
            .entities("sample")
            .source(TestDefinitions.SOURCE)
            .ttl(Duration.ofHours(2))
            .field("feature_0", ScalarType.FLOAT64)
            .field("feature_1", ScalarType.INT64)
            .field("target", ScalarType.INT64)
            .field("feature_3", ScalarType.FLOAT64)
            .description("4 synthetic features")
            .tags(Map.of("team", "ml"))
            .build();
    RepoDefinitions next =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample())
            .add(TestDefinitions.source())
            .add(changed)
            .freeze();

    RegistryDiff plan = registry.plan(next);

    assertThat(plan.text())
        .isEqualTo(
            """
            ~ update feature view classification_features (v1 → v2)
                ttl: 0 (unlimited) → 2h  [compatible: ttl applies at read time]
                schema.feature_1: Float64 → Int64  [breaking: retyped feature]
                schema.feature_2: Float64 → (none)  [breaking: removed feature]
                schema.feature_3: (none) → Float64  [compatible: added feature]
                description: 3 synthetic features → 4 synthetic features  [compatible]
                tags.team: (none) → ml  [compatible]
            - delete feature service classifier_inputs  [breaking: it can no longer be read]

            0 to create, 1 to update, 1 to delete, 2 unchanged; 3 breaking changes.
            """);
    ObjectDiff view = plan.find(DefinitionKind.FEATURE_VIEW, VIEW).orElseThrow();
    assertThat(view.transition()).isEqualTo(Transition.UPDATE);
    assertThat(view.changes()).contains(new FieldChange("ttl", "0 (unlimited)", "2h"));
    assertThat(view.before()).contains(TestDefinitions.view());
    assertThat(view.after()).contains(changed);
    assertThat(view.newVersion().orElseThrow().changes())
        .extracting(FieldChange::field)
        .containsExactly("ttl", "schema.feature_1", "schema.feature_2", "schema.feature_3");
    ObjectDiff service = plan.find(DefinitionKind.FEATURE_SERVICE, SERVICE).orElseThrow();
    assertThat(service.transition()).isEqualTo(Transition.DELETE);
    assertThat(service.after()).isEmpty();
  }

  @Test
  void aChangedSourceUpdatesItAndGivesItsViewsANewVersion() {
    registry.apply(TestDefinitions.classification());
    RepoDefinitions moved =
        TestDefinitions.with(
            TestDefinitions.source("data/v2/classification_data.parquet"), TestDefinitions.view());

    assertThat(registry.plan(moved).text())
        .isEqualTo(
            """
            ~ update data source classification_source
                path: data/classification_data.parquet → data/v2/classification_data.parquet  [breaking: changed source]
            ~ update feature view classification_features (v1 → v2)
                source.path: data/classification_data.parquet → data/v2/classification_data.parquet  [breaking: changed source]

            0 to create, 2 to update, 0 to delete, 2 unchanged; 2 breaking changes.
            """);
  }

  @Test
  void aChangedJoinKeyGivesTheViewANewVersion() {
    registry.apply(TestDefinitions.classification());
    RepoDefinitions rekeyed =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample("sample_id"))
            .add(TestDefinitions.source())
            .add(TestDefinitions.view())
            .add(TestDefinitions.service())
            .freeze();

    assertThat(registry.plan(rekeyed).text())
        .isEqualTo(
            """
            ~ update entity sample
                join_keys: [sample_index] → [sample_id]  [breaking: changed join keys]
            ~ update feature view classification_features (v1 → v2)
                entities.sample.join_keys: [sample_index] → [sample_id]  [breaking: changed join keys]

            0 to create, 2 to update, 0 to delete, 2 unchanged; 2 breaking changes.
            """);
  }

  @Test
  void aDescriptionChangeUpdatesWithoutANewVersion() {
    registry.apply(TestDefinitions.classification());
    FeatureView described =
        TestDefinitions.viewBuilder(3)
            .description("three features")
            .owner("ana@example.com")
            .build();

    RegistryDiff plan = registry.plan(TestDefinitions.with(TestDefinitions.source(), described));

    assertThat(plan.text())
        .isEqualTo(
            """
            ~ update feature view classification_features
                description: 3 synthetic features → three features  [compatible]
                owner: '' → ana@example.com  [compatible]

            0 to create, 1 to update, 0 to delete, 3 unchanged; no breaking changes.
            """);
    assertThat(plan.plannedVersions()).isEmpty();
  }

  @Test
  void serviceProjectionsAndSourceKindsAreComparedPartByPart() {
    registry.apply(TestDefinitions.classification());
    FeatureService service =
        FeatureService.builder(SERVICE)
            .projection(
                new FeatureViewProjection(
                    VIEW, List.of("feature_0", "feature_1"), 1, null, Map.of()))
            .projection(
                new FeatureViewProjection(
                    VIEW, List.of(), null, "cf", Map.of("sample_index", "id")))
            .build();
    RepoDefinitions next =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample())
            .add(
                new PushSource(
                    TestDefinitions.SOURCE,
                    new FileSource(
                        "pushed_rows", "data/pushed", "event_timestamp", null, Map.of())))
            .add(TestDefinitions.view())
            .add(service)
            .freeze();

    assertThat(registry.plan(next).text())
        .isEqualTo(
            """
            ~ update data source classification_source
                kind: file_source → push_source  [breaking: changed source]
                path: data/classification_data.parquet → (none)  [breaking: changed source]
                format: parquet → (none)  [breaking: changed source]
                timestamp_field: event_timestamp → (none)  [breaking: changed source]
                created_timestamp_column: created_timestamp → (none)  [breaking: changed source]
                batch_source.name: (none) → pushed_rows  [breaking: changed source]
                batch_source.path: (none) → data/pushed  [breaking: changed source]
                batch_source.format: (none) → parquet  [breaking: changed source]
                batch_source.timestamp_field: (none) → event_timestamp  [breaking: changed source]
            ~ update feature view classification_features (v1 → v2)
                source.kind: file_source → push_source  [breaking: changed source]
                source.path: data/classification_data.parquet → (none)  [breaking: changed source]
                source.format: parquet → (none)  [breaking: changed source]
                source.timestamp_field: event_timestamp → (none)  [breaking: changed source]
                source.created_timestamp_column: created_timestamp → (none)  [breaking: changed source]
                source.batch_source.name: (none) → pushed_rows  [breaking: changed source]
                source.batch_source.path: (none) → data/pushed  [breaking: changed source]
                source.batch_source.format: (none) → parquet  [breaking: changed source]
                source.batch_source.timestamp_field: (none) → event_timestamp  [breaking: changed source]
            ~ update feature service classifier_inputs
                features.classification_features.features: [feature_0] → [feature_0, feature_1]  [compatible: added features]
                features.classification_features.version: latest → v1  [breaking: changed version pin]
                features.cf: (none) → classification_features: (all features) (as cf, join_key_map {sample_index: id})  [compatible: added projection]

            0 to create, 3 to update, 0 to delete, 1 unchanged; 19 breaking changes.
            """);
  }
}
