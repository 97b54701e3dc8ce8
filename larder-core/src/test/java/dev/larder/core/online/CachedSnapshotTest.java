package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RegistryChangeNotices;
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

  /** Notices a test sends by hand, to drive the cache through each state of the channel. */
  private static final class ScriptedNotices implements RegistryChangeNotices {
    RegistryChangeNotices.Listener listener;
    boolean unsubscribed;

    @Override
    public Subscription subscribe(Listener l) {
      assertThat(listener).as("one subscription").isNull();
      listener = l;
      return () -> unsubscribed = true;
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofSeconds(2);
    }
  }

  @Test
  void whileNoticesFlowItAsksNothingAndANoticeOfANewerCommitMakesTheNextReadCheck() {
    AtomicLong now = new AtomicLong();
    AtomicLong revision = new AtomicLong(1);
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger probes = new AtomicInteger();
    ScriptedNotices notices = new ScriptedNotices();
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
            now::get,
            notices);
    assertThat(notices.listener).as("subscribed on first use, not before").isNull();
    assertThat(cache.get().revision()).isEqualTo(1);
    assertThat(notices.listener).isNotNull();
    assertThat(cache.followingNotices()).isFalse();

    notices.listener.flowing();
    assertThat(cache.followingNotices()).isTrue();
    cache.get();
    assertThat(probes).as("notices flowing: one check for what came before").hasValue(1);
    now.set(Duration.ofHours(1).toNanos());
    cache.get();
    assertThat(probes).as("then nothing asked, however long").hasValue(1);

    notices.listener.committed(1);
    cache.get();
    assertThat(probes).as("a notice of the revision held").hasValue(1);
    revision.set(2);
    notices.listener.committed(2);
    assertThat(cache.get().revision()).isEqualTo(2);
    assertThat(probes).hasValue(2);
    assertThat(loads).hasValue(2);
    cache.get();
    assertThat(probes).hasValue(2);

    notices.listener.stopped();
    assertThat(cache.followingNotices()).isFalse();
    revision.set(3);
    assertThat(cache.get().revision()).as("checked at once when notices stop").isEqualTo(3);
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    cache.get();
    assertThat(probes).as("then every maximum age").hasValue(3);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    cache.get();
    assertThat(probes).hasValue(4);

    notices.listener.flowing();
    cache.get();
    assertThat(probes).as("checked once when notices flow again").hasValue(5);
    now.addAndGet(Duration.ofHours(1).toNanos());
    cache.get();
    assertThat(probes).hasValue(5);

    cache.close();
    assertThat(notices.unsubscribed).isTrue();
    assertThat(cache.followingNotices()).isFalse();
  }
}
