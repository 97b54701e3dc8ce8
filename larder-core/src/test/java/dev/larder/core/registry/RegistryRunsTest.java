package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording, listing and finding training runs through the {@link Registry}. */
class RegistryRunsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private Registry registry() {
    return new Registry(
        new SqliteRegistryStore(dir.resolve("registry.db"), TestDefinitions.PROJECT),
        TestDefinitions.PROJECT,
        d -> {},
        new MutableClock(T0),
        new Actor("ana"));
  }

  @Test
  void beforeTheFirstApplyRunsAreNotFoundLikeEveryOtherRead() {
    assertThatThrownBy(() -> registry().runs())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("run 'larder apply' to create it");
    assertThatThrownBy(() -> registry().recordRun(TestRuns.run("r", T0)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRunIsRecordedWithoutANewRevisionAndFoundByItsId() {
    Registry registry = registry();
    registry.apply(TestDefinitions.classification());
    RecordedRun run = registry.recordRun(TestRuns.run("20260301-100000-000", T0));

    assertThat(registry.runs()).containsExactly(run);
    assertThat(registry.run("20260301-100000-000")).isEqualTo(run);
    assertThat(registry.history()).hasSize(1);
    assertThatThrownBy(() -> registry.run("20260301-100000-001"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "training run '20260301-100000-001' is not in the registry; did you mean"
                + " '20260301-100000-000'?")
        .extracting(e -> ((LarderException) e).hint())
        .isEqualTo("Run 'larder runs list' to see the recorded runs");
  }

  @Test
  void aRunOfAViewVersionTheRegistryNeverHadIsRefused() {
    Registry registry = registry();
    registry.apply(TestDefinitions.classification());

    assertThatThrownBy(
            () ->
                registry.recordRun(
                    TestRuns.run("r", T0, null, "classification_features@v2:feature_0")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "run 'r' read classification_features@v2:feature_0, but the registry has no version 2"
                + " of feature view 'classification_features'");
    assertThat(registry.runs()).isEmpty();
  }
}
