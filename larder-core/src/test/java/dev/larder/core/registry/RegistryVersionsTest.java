package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.SOURCE;
import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.core.NotFoundException;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature view versions, created and last-updated times, and materialization intervals. */
class RegistryVersionsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-03-01T11:00:00Z");
  static final Instant T2 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private Registry registry;

  @BeforeEach
  void open() {
    registry = registry(new Actor("ana"));
  }

  private Registry registry(Actor actor) {
    return new Registry(
        new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
        TestDefinitions.PROJECT,
        definitions -> {},
        clock,
        actor);
  }

  private static RepoDefinitions withView(FeatureView view) {
    return TestDefinitions.with(TestDefinitions.source(), view);
  }

  @Test
  void aSchemaChangeRecordsVersionTwoAndBothAreListedWithTheirTimes() throws Exception {
    ApplyResult first = registry.apply(TestDefinitions.classification());
    assertThat(first.revision()).isEqualTo(1);
    assertThat(first.newVersions()).extracting(FeatureViewVersion::label).containsExactly("v1");

    clock.advance(Duration.ofHours(1));
    ApplyResult second =
        registry(new Actor("bo"))
            .apply(
                withView(
                    TestDefinitions.viewBuilder(4).description("3 synthetic features").build()));

    assertThat(second.revision()).isEqualTo(2);
    assertThat(second.newVersions()).extracting(FeatureViewVersion::label).containsExactly("v2");
    List<FeatureViewVersion> versions = registry.versions(VIEW);
    assertThat(versions).extracting(FeatureViewVersion::number).containsExactly(1, 2);
    FeatureViewVersion v1 = versions.get(0);
    FeatureViewVersion v2 = versions.get(1);
    assertThat(v1.appliedAt()).isEqualTo(T0);
    assertThat(v1.appliedBy()).isEqualTo("ana");
    assertThat(v1.revision()).isEqualTo(1);
    assertThat(v1.origin()).isEqualTo(VersionOrigin.CREATED);
    assertThat(v1.summary()).isEqualTo("created");
    assertThat(v2.appliedAt()).isEqualTo(T1);
    assertThat(v2.appliedBy()).isEqualTo("bo");
    assertThat(v2.revision()).isEqualTo(2);
    assertThat(v2.summary()).isEqualTo("schema.feature_3: (none) → Float64");
    assertThat(v2.definition().featureView().featureNames()).contains("feature_3");
    assertThat(v1.definition().featureView()).isEqualTo(TestDefinitions.view());
    assertThat(v1.definition().source()).isEqualTo(TestDefinitions.source());
    assertThat(v1.definition().entities()).containsExactly(TestDefinitions.sample());
    assertThat(v1.sha256()).isEqualTo(sha256(v1.definition().json())).isNotEqualTo(v2.sha256());
    assertThat(v1.definition().json())
        .startsWith("{\"feature_view\":{\"kind\":\"feature_view\",\"name\":\"" + VIEW + "\"")
        .contains(",\"source\":{\"kind\":\"file_source\",\"name\":\"" + SOURCE + "\"")
        .contains(",\"entities\":[{\"kind\":\"entity\",\"name\":\"sample\"");

    RegistrySnapshot snapshot = registry.snapshot();
    ObjectMetadata view = snapshot.metadata(DefinitionKind.FEATURE_VIEW, VIEW).orElseThrow();
    assertThat(view).isEqualTo(new ObjectMetadata(T0, T1));
    assertThat(snapshot.metadata(DefinitionKind.ENTITY, "sample"))
        .contains(new ObjectMetadata(T0, T0));
  }

  @Test
  void aDescriptionChangeMovesLastUpdatedButMakesNoVersion() {
    registry.apply(TestDefinitions.classification());
    clock.advance(Duration.ofHours(1));
    ApplyResult result =
        registry.apply(
            withView(
                TestDefinitions.viewBuilder(3)
                    .description("other words")
                    .tags(Map.of("team", "ml"))
                    .online(false)
                    .build()));

    assertThat(result.revision()).isEqualTo(2);
    assertThat(result.newVersions()).isEmpty();
    assertThat(registry.versions(VIEW)).extracting(FeatureViewVersion::number).containsExactly(1);
    assertThat(registry.snapshot().metadata(DefinitionKind.FEATURE_VIEW, VIEW))
        .contains(new ObjectMetadata(T0, T1));
  }

  @Test
  void aSourcePathChangeRecordsANewVersionOfTheView() {
    registry.apply(TestDefinitions.classification());
    clock.advance(Duration.ofHours(1));
    registry.apply(
        TestDefinitions.with(TestDefinitions.source("data/v2.parquet"), TestDefinitions.view()),
        ApplyOptions.ALLOW_BREAKING);

    List<FeatureViewVersion> versions = registry.versions(VIEW);
    assertThat(versions).extracting(FeatureViewVersion::number).containsExactly(1, 2);
    assertThat(versions.get(1).changes())
        .containsExactly(
            new FieldChange("source.path", "data/classification_data.parquet", "data/v2.parquet"));
    assertThat(((FileSource) versions.get(1).definition().source().batchSource()).path())
        .isEqualTo("data/v2.parquet");
    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.metadata(DefinitionKind.DATA_SOURCE, SOURCE))
        .contains(new ObjectMetadata(T0, T1));
    assertThat(snapshot.metadata(DefinitionKind.FEATURE_VIEW, VIEW))
        .contains(new ObjectMetadata(T0, T1));
  }

  @Test
  void anApplyWithoutChangesCommitsNothing() {
    registry.apply(TestDefinitions.classification());
    clock.advance(Duration.ofHours(1));
    ApplyResult again = registry.apply(TestDefinitions.classification());

    assertThat(again.committed()).isFalse();
    assertThat(again.revision()).isEqualTo(1);
    assertThat(registry.history()).hasSize(1);
    assertThat(registry.snapshot().metadata(DefinitionKind.FEATURE_VIEW, VIEW))
        .contains(new ObjectMetadata(T0, T0));
  }

  @Test
  void aDeletedViewKeepsItsHistoryAndDefinedAgainStartsFreshWithTheNextNumber() {
    registry.apply(TestDefinitions.classification());
    registry.recordMaterialization(VIEW, T0.minus(Duration.ofDays(1)), T0);
    clock.advance(Duration.ofHours(1));
    ApplyResult deletion =
        registry.apply(
            RepoDefinitions.builder().add(TestDefinitions.sample()).freeze(),
            ApplyOptions.ALLOW_BREAKING);

    assertThat(deletion.diff().with(Transition.DELETE))
        .extracting(ObjectDiff::name)
        .containsExactly(SOURCE, VIEW, TestDefinitions.SERVICE);
    RegistrySnapshot deleted = registry.snapshot();
    assertThat(deleted.definitions().featureView(VIEW)).isEmpty();
    assertThat(deleted.metadata(DefinitionKind.FEATURE_VIEW, VIEW)).isEmpty();
    assertThat(deleted.materializations(VIEW)).isEmpty();
    assertThat(registry.versions(VIEW)).extracting(FeatureViewVersion::number).containsExactly(1);

    clock.advance(Duration.ofHours(1));
    ApplyResult again = registry.apply(TestDefinitions.classification());

    assertThat(again.diff().text())
        .contains(
            "+ create feature view classification_features (v2, created again after its"
                + " deletion)  [compatible]\n");
    List<FeatureViewVersion> versions = registry.versions(VIEW);
    assertThat(versions).extracting(FeatureViewVersion::number).containsExactly(1, 2);
    assertThat(versions.get(1).origin()).isEqualTo(VersionOrigin.CREATED_AGAIN);
    assertThat(versions.get(1).summary()).isEqualTo("created again");
    assertThat(versions.get(1).sha256()).isEqualTo(versions.get(0).sha256());
    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.metadata(DefinitionKind.FEATURE_VIEW, VIEW))
        .contains(new ObjectMetadata(T2, T2));
    assertThat(snapshot.metadata(DefinitionKind.ENTITY, "sample"))
        .contains(new ObjectMetadata(T0, T0));
    assertThat(snapshot.materializations(VIEW)).isEmpty();
  }

  @Test
  void materializationIntervalsAreAppendedWithoutARevisionAndSurviveApplies() {
    registry.apply(TestDefinitions.classification());
    assertThat(registry.snapshot().materializations(VIEW)).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    Instant end = Instant.parse("2025-11-01T00:00:00Z");

    MaterializationInterval recorded = registry.recordMaterialization(VIEW, start, end);

    assertThat(recorded)
        .isEqualTo(new MaterializationInterval(start, end, T0.plus(Duration.ofMinutes(5))));
    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.revision()).isEqualTo(1);
    assertThat(registry.currentRevision()).isEqualTo(1);
    assertThat(snapshot.materializations(VIEW)).containsExactly(recorded);
    assertThat(snapshot.metadata(DefinitionKind.FEATURE_VIEW, VIEW))
        .contains(new ObjectMetadata(T0, T0));

    clock.advance(Duration.ofHours(1));
    registry.apply(withView(TestDefinitions.viewBuilder(4).build()));
    assertThat(registry.snapshot().materializations(VIEW))
        .as("a compatible version keeps them")
        .containsExactly(recorded);
    assertThat(registry.versions(VIEW)).hasSize(2);
    assertThat(registry.forgetMaterializations()).isEqualTo(1);
    assertThat(registry.snapshot().materializations(VIEW)).isEmpty();
    assertThat(registry.history()).hasSize(2);
  }

  /**
   * An interval recorded for the version its rows were read with stops counting when a breaking
   * version follows, even one applied after the recording's own check.
   */
  @Test
  void anIntervalOfAVersionThatALaterVersionBrokeIsHidden() {
    registry.apply(TestDefinitions.classification());
    MaterializationInterval v1 =
        registry.recordMaterialization(VIEW, T0.minus(Duration.ofDays(1)), T0, 1);
    clock.advance(Duration.ofHours(1));
    registry.apply(withView(TestDefinitions.viewBuilder(4).build()));
    MaterializationInterval v2 = registry.recordMaterialization(VIEW, T0, T0, 2);
    assertThat(registry.snapshot().materializations(VIEW)).containsExactly(v1, v2);

    registry.apply(
        withView(
            FeatureView.builder(VIEW)
                .entities("sample")
                .source(SOURCE)
                .field("feature_0", ScalarType.FLOAT64)
                .field("feature_1", ScalarType.INT64)
                .field("target", ScalarType.INT64)
                .build()),
        ApplyOptions.ALLOW_BREAKING);
    assertThat(registry.versions(VIEW)).hasSize(3);
    assertThat(registry.snapshot().materializations(VIEW)).isEmpty();
  }

  @Test
  void unknownViewsAreNotFoundWithTheClosestName() {
    registry.apply(TestDefinitions.classification());
    assertThatThrownBy(() -> registry.versions("classification_featurs"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "feature view 'classification_featurs' is not in the registry; did you mean"
                + " 'classification_features'?")
        .satisfies(
            e ->
                assertThat(((NotFoundException) e).hint())
                    .isEqualTo(
                        "Feature views in the registry: classification_features. Run 'larder"
                            + " feature-views list' to see them, or 'larder apply' to register new"
                            + " definitions"));
    assertThatThrownBy(() -> registry.versions("zzz"))
        .hasMessage("feature view 'zzz' is not in the registry.");
    assertThatThrownBy(() -> registry.recordMaterialization("classification_feature", T0, T1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("did you mean 'classification_features'?");
    assertThatThrownBy(() -> registry.recordMaterialization(VIEW, T1, T0))
        .hasMessage(
            "materialization end 2026-03-01T10:00:00Z is before its start 2026-03-01T11:00:00Z");
    assertThat(registry.history()).hasSize(1);
  }

  @Test
  void versionNumbersFollowEachViewAndHistoryListsEveryCommit() {
    registry.apply(TestDefinitions.classification());
    clock.advance(Duration.ofHours(1));
    registry.apply(
        withView(TestDefinitions.viewBuilder(3).ttl(Duration.ofDays(7)).build()),
        ApplyOptions.ALLOW_BREAKING);
    clock.advance(Duration.ofHours(1));
    registry.apply(
        withView(
            TestDefinitions.viewBuilder(3)
                .ttl(Duration.ofDays(7))
                .field("extra", ScalarType.STRING)
                .build()));

    assertThat(registry.versions(VIEW))
        .extracting(FeatureViewVersion::label, FeatureViewVersion::summary)
        .containsExactly(
            tuple("v1", "created"),
            tuple("v2", "ttl: 0 (unlimited) → 7d"),
            tuple("v3", "schema.extra: (none) → String"));
    assertThat(registry.history())
        .extracting(RevisionInfo::revision, RevisionInfo::committedAt)
        .containsExactly(tuple(1L, T0), tuple(2L, T1), tuple(3L, T2));
    assertThat(registry.history().get(0).summary())
        .isEqualTo(
            "apply: created entity 'sample'; created data source 'classification_source'; created"
                + " feature view 'classification_features'; created feature service"
                + " 'classifier_inputs'");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
