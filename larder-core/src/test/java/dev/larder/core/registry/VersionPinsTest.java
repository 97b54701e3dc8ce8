package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.SERVICE;
import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.NotFoundException;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature service's {@code version:} pins (DESIGN B4), checked by plan and apply against the
 * versions the registry will hold: the definition files cannot, since a pinned version's features
 * may be gone from the current view.
 */
class VersionPinsTest {
  @TempDir Path dir;
  private Registry registry;

  @BeforeEach
  void applyVersionOne() {
    registry =
        new Registry(
            new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            definitions -> {},
            new MutableClock("2026-03-01T10:00:00Z"),
            new Actor("ana"));
    registry.apply(TestDefinitions.classification());
  }

  @AfterEach
  void close() {
    registry.close();
  }

  private ApplyResult apply(RepoDefinitions definitions, ApplyOptions options) {
    return registry.apply(definitions, options);
  }

  /** The init view with feature_2 retyped to Int64 (version 2), and {@code service}. */
  private static RepoDefinitions retyped(FeatureService service) {
    FeatureView view =
        FeatureView.builder(VIEW)
            .entities("sample")
            .source(TestDefinitions.SOURCE)
            .field("feature_0", ScalarType.FLOAT64)
            .field("feature_1", ScalarType.FLOAT64)
            .field("feature_2", ScalarType.INT64)
            .field("target", ScalarType.INT64)
            .build();
    return RepoDefinitions.builder()
        .add(TestDefinitions.sample())
        .add(TestDefinitions.source())
        .add(view)
        .add(service)
        .freeze();
  }

  private static FeatureService pinned(Integer version, String... features) {
    return FeatureService.builder(SERVICE)
        .projection(new FeatureViewProjection(VIEW, List.of(features), version, null, Map.of()))
        .build();
  }

  @Test
  void aServiceMayPinAnOldVersionWithFeaturesTheLatestNoLongerHas() {
    RepoDefinitions removed =
        RepoDefinitions.builder()
            .add(TestDefinitions.sample())
            .add(TestDefinitions.source())
            .add(TestDefinitions.viewBuilder(2).build())
            .add(pinned(1, "feature_2"))
            .freeze();

    apply(removed, ApplyOptions.ALLOW_BREAKING);

    FeatureViewProjection p =
        registry.snapshot().definitions().requireFeatureService(SERVICE).projections().get(0);
    assertThat(p.version()).isEqualTo(1);
  }

  @Test
  void aPinToTheVersionThisApplyRecordsIsAccepted() {
    apply(retyped(pinned(2, "feature_2")), ApplyOptions.ALLOW_BREAKING);

    assertThat(registry.versions(VIEW))
        .extracting(FeatureViewVersion::number)
        .containsExactly(1, 2);
  }

  @Test
  void anUnknownPinnedVersionOrFeatureIsNotFoundNamingWhatExists() {
    String before = registry.dumpJson();

    assertThatThrownBy(() -> registry.plan(retyped(pinned(3, "feature_0"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "feature view 'classification_features' has no version 3 (in feature service"
                + " 'classifier_inputs'); its versions are v1, v2 (latest: v2). Run 'larder"
                + " feature-views versions classification_features' to list its versions.");
    assertThatThrownBy(() -> apply(retyped(pinned(1, "feature_9")), ApplyOptions.ALLOW_BREAKING))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith(
            "Unknown feature 'classification_features@v1:feature_9' in feature service"
                + " 'classifier_inputs'")
        .hasMessageContaining("larder feature-views versions classification_features");
    assertThat(registry.dumpJson()).isEqualTo(before);
  }
}
