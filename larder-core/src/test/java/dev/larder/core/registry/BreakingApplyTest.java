package dev.larder.core.registry;

import static dev.larder.core.registry.TestDefinitions.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BreakingChangeException;
import dev.larder.core.ErrorCode;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.ScalarType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying breaking changes: refused without permission (nothing written), recorded with it (the
 * view's materialization intervals go).
 */
class BreakingApplyTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final List<RegistryDiff> committing = new ArrayList<>();
  private Registry registry;

  @BeforeEach
  void applyVersionOne() {
    registry =
        new Registry(
            new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            definitions -> {},
            clock,
            new Actor("ana"));
    registry.apply(TestDefinitions.classification());
    registry.recordMaterialization(VIEW, T0.minus(Duration.ofDays(1)), T0);
    clock.advance(Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    registry.close();
  }

  /** The init view with feature_2 retyped to Int64 and, if given, the service. */
  private static RepoDefinitions retyped(FeatureService service) {
    FeatureView view =
        FeatureView.builder(VIEW)
            .entities("sample")
            .source(TestDefinitions.SOURCE)
            .field("feature_0", ScalarType.FLOAT64)
            .field("feature_1", ScalarType.FLOAT64)
            .field("feature_2", ScalarType.INT64)
            .field("target", ScalarType.INT64)
            .description("3 synthetic features")
            .build();
    return RepoDefinitions.builder()
        .add(TestDefinitions.sample())
        .add(TestDefinitions.source())
        .add(view)
        .add(service)
        .freeze();
  }

  private ApplyResult apply(RepoDefinitions definitions, ApplyOptions options) {
    return registry.apply(definitions, options, committing::add);
  }

  @Test
  void withoutPermissionABreakingApplyIsRefusedWithTheListAndTheFixAndWritesNothing() {
    String before = registry.dumpJson();

    assertThatThrownBy(() -> apply(retyped(TestDefinitions.service()), ApplyOptions.DEFAULT))
        .isInstanceOfSatisfying(
            BreakingChangeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "apply refused: 1 breaking change without --allow-breaking:\n"
                          + "  feature view 'classification_features': schema.feature_2: Float64"
                          + " → Int64 (retyped feature)");
              assertThat(e.changes()).hasSize(1);
              assertThat(e.hint())
                  .contains("larder apply --allow-breaking")
                  .contains("ApplyOptions.ALLOW_BREAKING")
                  .contains("version: 1 in a feature service")
                  .contains("deletes the online rows")
                  .contains("'classification_features@v1:feature'");
            });

    assertThat(committing).as("nothing runs before a commit that does not happen").isEmpty();
    assertThat(registry.dumpJson()).isEqualTo(before);
    assertThat(registry.history()).as("the interval made no revision").hasSize(1);
    assertThat(registry.versions(VIEW)).extracting(FeatureViewVersion::number).containsExactly(1);
  }

  @Test
  void withPermissionItRecordsTheNextVersionAsBreakingAndDropsTheViewsIntervals() {
    ApplyResult result = apply(retyped(TestDefinitions.service()), ApplyOptions.ALLOW_BREAKING);

    assertThat(result.newVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.label()).isEqualTo("v2");
              assertThat(v.breaking()).isTrue();
              assertThat(v.impactLabel()).isEqualTo("breaking");
              assertThat(v.summary()).isEqualTo("schema.feature_2: Float64 → Int64 (breaking)");
            });
    assertThat(result.breakingViews()).containsExactly(VIEW);
    assertThat(committing)
        .singleElement()
        .satisfies(d -> assertThat(d.breakingViews()).containsExactly(VIEW));
    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.materializations(VIEW)).isEmpty();
    assertThat(registry.versions(VIEW).get(0).impactLabel()).isEqualTo("created");
  }

  @Test
  void aCompatibleApplyNeedsNoPermissionAndKeepsTheIntervals() {
    RepoDefinitions added =
        TestDefinitions.with(
            TestDefinitions.source(),
            TestDefinitions.viewBuilder(4)
                .description("3 synthetic features")
                .online(true)
                .build());

    ApplyResult result = apply(added, ApplyOptions.DEFAULT);

    assertThat(result.newVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.breaking()).isFalse();
              assertThat(v.impactLabel()).isEqualTo("compatible");
            });
    assertThat(result.breakingViews()).isEmpty();
    assertThat(registry.snapshot().materializations(VIEW)).hasSize(1);
  }
}
