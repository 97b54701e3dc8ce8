package dev.larder.core.materialize;

import static dev.larder.core.materialize.TwoDayRepo.DAY1;
import static dev.larder.core.materialize.TwoDayRepo.DAY2;
import static dev.larder.core.materialize.TwoDayRepo.DAY3;
import static dev.larder.core.materialize.TwoDayRepo.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.ChildJvm;
import dev.larder.core.FeatureStore;
import dev.larder.core.online.RepoFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialization killed mid-way (DESIGN B6): a child JVM writing small batches is killed with
 * {@code destroyForcibly}; every key then holds its row from before or from after, whole; running
 * the materialization again leaves the store equal, row for row, to a clean run's. Both checks read
 * through the store's API (the feature store's online reads, the online store's {@code read}), not
 * its storage.
 */
class MaterializeKillTest {
  @TempDir Path dir;

  @Test
  void aKilledRunLeavesEachKeyWholeAndARerunEqualsACleanRun() throws Exception {
    Path repo = TwoDayRepo.atDayOne(dir.resolve("killed"));
    try (ChildJvm child =
        ChildJvm.start(
            MaterializeChild.class,
            List.of(),
            repo.toString(),
            DAY2.toString(),
            DAY3.toString(),
            "50")) {
      child.awaitLine(l -> l.startsWith("rows "), 120);
      assertThat(child.isAlive()).as("the child is still materializing").isTrue();
      child.kill();
    }

    long after = TwoDayRepo.keysAtDayTwo(repo);
    assertThat(after).as("keys written before the kill").isPositive().isLessThan(KEYS);
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
      store.materialize(DAY2, DAY3);
    }

    Path clean = TwoDayRepo.write(dir.resolve("clean"));
    try (FeatureStore store = RepoFixture.applied(clean)) {
      store.materialize(DAY1, DAY1);
      store.materialize(DAY2, DAY3);
    }
    assertThat(TwoDayRepo.storedRows(repo))
        .isEqualTo(TwoDayRepo.storedRows(clean))
        .hasSize(KEYS)
        .noneMatch(row -> row.endsWith(" none"));
  }
}
