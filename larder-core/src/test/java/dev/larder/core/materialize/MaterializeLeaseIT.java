package dev.larder.core.materialize;

import static dev.larder.core.materialize.TwoDayRepo.DAY2;
import static dev.larder.core.materialize.TwoDayRepo.DAY3;
import static dev.larder.core.materialize.TwoDayRepo.KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.ChildJvm;
import dev.larder.core.ConflictException;
import dev.larder.core.FaultPoint;
import dev.larder.core.FeatureStore;
import dev.larder.core.registry.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialization lease across processes (issue #8, item 4): a child JVM paused in the middle
 * of materializing a view holds its lease, so this process is refused with a conflict naming the
 * view and the child (host, pid); once the child is killed, or when it crashed, its lease is taken
 * over at once (its process is gone), well before the lease would expire.
 */
class MaterializeLeaseIT {
  @TempDir Path dir;

  private static ChildJvm materializing(Path repo, String fault) {
    return ChildJvm.start(
        MaterializeChild.class,
        List.of(fault),
        repo.toString(),
        DAY2.toString(),
        DAY3.toString(),
        "50");
  }

  @Test
  void aRunInAnotherProcessHoldsTheViewUntilItIsKilled() throws Exception {
    Path repo = TwoDayRepo.atDayOne(dir.resolve("repo"));
    FaultPoint point = FaultPoint.MATERIALIZE_BATCH_WRITTEN;
    try (ChildJvm child = materializing(repo, point.pauseAt(2));
        FeatureStore store = FeatureStore.open(repo)) {
      child.awaitLine(l -> l.equals("larder.fault: paused at " + point.spelling()), 120);

      assertThatThrownBy(() -> store.materialize(DAY2, DAY3))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("feature view 'driver_stats' is being materialized by")
          .hasMessageContaining(" on host " + Lease.HOST)
          .hasMessageContaining("(pid " + child.pid() + ")");
      assertThat(TwoDayRepo.keysAtDayTwo(repo)).as("the refused run wrote nothing").isEqualTo(100);

      child.kill();
      Instant began = Instant.now();
      store.materialize(DAY2, DAY3);
      assertThat(Duration.between(began, Instant.now())).isLessThan(ViewLeases.TTL);
    }
    assertThat(TwoDayRepo.keysAtDayTwo(repo)).isEqualTo(KEYS);
  }

  @Test
  void theLeaseOfARunThatCrashedIsTakenOverAtOnce() throws Exception {
    Path repo = TwoDayRepo.atDayOne(dir.resolve("repo"));
    FaultPoint point = FaultPoint.MATERIALIZE_BATCH_WRITTEN;
    long pid;
    try (ChildJvm child = materializing(repo, point.crashAt(1))) {
      child.awaitLine(l -> l.equals("larder.fault: crash at " + point.spelling()), 120);
      assertThat(child.exitStatus(30)).isEqualTo(FaultPoint.CRASH_STATUS);
      pid = child.pid();
    }
    try (FeatureStore store = FeatureStore.open(repo)) {
      Lease probe =
          Lease.claim(ViewLeases.name("driver_stats"), "probe", Instant.now(), ViewLeases.TTL);
      Lease left = store.registry().claimLease(probe, held -> false);
      assertThat(left.pid()).as("the crashed run left its lease, still live").isEqualTo(pid);
      assertThat(left.expiredAt(Instant.now())).isFalse();

      store.materialize(DAY2, DAY3);
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(2);
    }
    assertThat(TwoDayRepo.keysAtDayTwo(repo)).isEqualTo(KEYS);
  }
}
