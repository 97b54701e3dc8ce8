package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RevisionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The registry snapshot of online reads: checked after its maximum age, reloaded only when the
 * store's revision moved, or at once after an invalidation.
 */
class CachedSnapshotTest {
  private static RegistrySnapshot at(long revision) {
    return RegistrySnapshot.builder("p")
        .lastCommit(new RevisionInfo(revision, Instant.EPOCH, "tester", "apply"))
        .definitions(RepoDefinitions.empty())
        .freeze();
  }

  @Test
  void checksTheRevisionAfterTheMaximumAgeAndReloadsOnlyWhenItMoved() {
    AtomicLong now = new AtomicLong();
    AtomicLong revision = new AtomicLong(1);
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger probes = new AtomicInteger();
    CachedSnapshot cache =
        new CachedSnapshot(
            () -> {
              loads.incrementAndGet();
              return at(revision.get());
            },
            () -> {
              probes.incrementAndGet();
              return revision.get();
            },
            Duration.ofSeconds(2),
            now::get);
    assertThat(cache.get().revision()).isEqualTo(1);
    now.set(Duration.ofMillis(1999).toNanos());
    cache.get();
    assertThat(loads).hasValue(1);
    assertThat(probes).as("nothing asked within the maximum age").hasValue(0);

    now.set(Duration.ofSeconds(2).toNanos());
    assertThat(cache.get().revision()).isEqualTo(1);
    assertThat(probes).hasValue(1);
    assertThat(loads).as("an unchanged revision is not reloaded").hasValue(1);
    now.set(Duration.ofMillis(3999).toNanos());
    cache.get();
    assertThat(probes).as("the check restarts the maximum age").hasValue(1);

    revision.set(2);
    now.set(Duration.ofSeconds(4).toNanos());
    assertThat(cache.get().revision()).isEqualTo(2);
    assertThat(probes).hasValue(2);
    assertThat(loads).hasValue(2);

    cache.invalidate();
    cache.get();
    cache.get();
    assertThat(loads).as("an invalidation reloads without asking").hasValue(3);
    assertThat(probes).hasValue(2);
  }
}
