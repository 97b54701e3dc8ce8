package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RevisionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The registry snapshot of online reads: checked after its maximum age, reloaded only when the
 * store's revision moved, or at once after an invalidation; while the registry cannot be read, the
 * last snapshot is kept and checked again no more than once a second.
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

  /** A registry a test can take down: its reads fail with a backend error while it is down. */
  private static final class Registry {
    final AtomicLong revision = new AtomicLong(1);
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger probes = new AtomicInteger();

    private void answer() {
      if (down.get()) {
        throw new BackendException(
            "cannot reach PostgreSQL for the registry postgresql://larder@db:5432/features",
            "Start PostgreSQL");
      }
    }

    Supplier<RegistrySnapshot> loader() {
      return () -> {
        loads.incrementAndGet();
        answer();
        return at(revision.get());
      };
    }

    LongSupplier probe() {
      return () -> {
        probes.incrementAndGet();
        answer();
        return revision.get();
      };
    }
  }

  /** The background checks a cache asked for, run when the test says. */
  private static final class Deferred implements Executor {
    final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int runAll() {
      int n = 0;
      while (!tasks.isEmpty()) {
        tasks.poll().run();
        n++;
      }
      return n;
    }
  }

  private static long nanos(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  private static CachedSnapshot cache(
      Registry registry, Duration maxAge, AtomicLong now, Deferred background) {
    return new CachedSnapshot(
        registry.loader(), registry.probe(), maxAge, now::get, null, background);
  }

  @Test
  void whileTheRegistryCannotBeReadItKeepsTheLastSnapshotAndFollowsTheRegistryOnceItAnswers() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    Deferred background = new Deferred();
    CachedSnapshot cache = cache(registry, Duration.ofSeconds(2), now, background);
    assertThat(cache.get().revision()).isEqualTo(1);

    registry.down.set(true);
    now.set(nanos(2_000));
    assertThat(cache.get().revision()).as("the failed check keeps revision 1").isEqualTo(1);
    assertThat(registry.probes).as("the read that found the check due made it").hasValue(1);
    now.set(nanos(3_999));
    cache.get();
    assertThat(background.tasks).as("not asked again within the maximum age").isEmpty();

    now.set(nanos(4_000));
    assertThat(cache.get().revision()).as("answered at once").isEqualTo(1);
    cache.get();
    assertThat(registry.probes).as("the next check is not the read's").hasValue(1);
    assertThat(background.runAll()).as("one check in the background").isEqualTo(1);
    assertThat(registry.probes).hasValue(2);
    assertThat(cache.get().revision()).isEqualTo(1);
    assertThat(background.tasks).isEmpty();

    registry.revision.set(2); // committed by another process while this one could not see it
    registry.down.set(false);
    now.set(nanos(6_000));
    assertThat(cache.get().revision()).as("still the kept one, once more").isEqualTo(1);
    background.runAll();
    assertThat(cache.get().revision()).as("back: the commit made meanwhile").isEqualTo(2);
    assertThat(registry.probes).hasValue(3);
    assertThat(registry.loads).hasValue(2);
    now.set(nanos(7_999));
    cache.get();
    assertThat(registry.probes).as("then the usual maximum age").hasValue(3);
    now.set(nanos(8_000));
    cache.get();
    assertThat(registry.probes).as("checked by the read itself again").hasValue(4);
    assertThat(background.tasks).isEmpty();
  }

  @Test
  void aReloadThatFailsAfterTheRevisionMovedKeepsTheSnapshotToo() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    AtomicBoolean loadsFail = new AtomicBoolean();
    Deferred background = new Deferred();
    CachedSnapshot cache =
        new CachedSnapshot(
            () -> {
              if (loadsFail.get()) {
                throw new BackendException("the connection broke while reading", null);
              }
              return registry.loader().get();
            },
            registry.probe(),
            Duration.ofSeconds(2),
            now::get,
            null,
            background);
    cache.get();
    registry.revision.set(2);
    loadsFail.set(true);
    now.set(nanos(2_000));
    assertThat(cache.get().revision()).isEqualTo(1);
    loadsFail.set(false);
    now.set(nanos(4_000));
    cache.get();
    background.runAll();
    assertThat(cache.get().revision()).isEqualTo(2);
  }

  @Test
  void withoutAMaximumAgeAFailedCheckIsRetriedAfterASecondNotOnEveryRead() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    Deferred background = new Deferred();
    CachedSnapshot cache = cache(registry, Duration.ZERO, now, background);
    cache.get();
    cache.get();
    assertThat(registry.probes).as("cache_ttl_seconds 0: every read asks").hasValue(1);

    registry.down.set(true);
    cache.get();
    assertThat(registry.probes).hasValue(2);
    now.set(nanos(999));
    cache.get();
    cache.get();
    assertThat(background.runAll()).isZero();
    assertThat(registry.probes)
        .as("a registry that is down is not asked again for a second")
        .hasValue(2);
    now.set(CachedSnapshot.RETRY_AFTER_FAILURE.toNanos());
    cache.get();
    cache.get();
    assertThat(background.runAll()).as("one check at a time").isEqualTo(1);
    assertThat(registry.probes).hasValue(3);
  }

  @Test
  void whileNoticesFlowAFailedCheckIsRetriedAfterTheDelayToo() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    ScriptedNotices notices = new ScriptedNotices();
    Deferred background = new Deferred();
    CachedSnapshot cache =
        new CachedSnapshot(
            registry.loader(),
            registry.probe(),
            Duration.ofSeconds(2),
            now::get,
            notices,
            background);
    cache.get();
    notices.listener.flowing();
    cache.get();
    assertThat(registry.probes).hasValue(1);

    registry.down.set(true); // the pool cannot reach PostgreSQL, the notice connection still can
    registry.revision.set(2);
    notices.listener.committed(2);
    assertThat(cache.get().revision()).isEqualTo(1);
    assertThat(registry.probes).hasValue(2);
    now.set(nanos(1_999));
    cache.get();
    assertThat(background.runAll()).isZero();

    registry.down.set(false);
    now.set(nanos(2_000));
    cache.get();
    background.runAll();
    assertThat(cache.get().revision())
        .as("the told commit is not lost: the failed check is retried")
        .isEqualTo(2);
  }

  @Test
  void afterAnInvalidationAReloadThatFailsKeepsTheSnapshotButAFirstLoadHasNoneToKeep() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    Deferred background = new Deferred();
    registry.down.set(true);
    CachedSnapshot cache = cache(registry, Duration.ofSeconds(2), now, background);
    assertThatThrownBy(cache::get)
        .as("nothing loaded yet: nothing to keep")
        .isInstanceOf(BackendException.class);

    registry.down.set(false);
    assertThat(cache.get().revision()).isEqualTo(1);
    registry.down.set(true);
    cache.invalidate();
    assertThat(cache.get().revision()).isEqualTo(1);
    assertThat(registry.loads).as("the read itself tried the reload").hasValue(3);
    registry.down.set(false);
    registry.revision.set(2);
    assertThat(cache.get().revision()).as("kept until the next check").isEqualTo(1);
    now.set(nanos(2_000));
    cache.get();
    background.runAll();
    assertThat(cache.get().revision()).isEqualTo(2);

    registry.down.set(true);
    now.set(nanos(4_000));
    cache.get(); // this check fails: the registry is known to be down
    int probes = registry.probes.get();
    cache.invalidate(); // as a failed materialization does
    assertThat(cache.get().revision()).isEqualTo(2);
    assertThat(registry.probes).as("no read waits for it again").hasValue(probes);
    assertThat(registry.loads).hasValue(4);
    assertThat(background.runAll()).as("the reload is checked in the background").isEqualTo(1);
    registry.down.set(false);
    registry.revision.set(3);
    cache.invalidate();
    cache.get();
    background.runAll();
    assertThat(cache.get().revision()).isEqualTo(3);
  }

  @Test
  void errorsThatAreNotTheBackendsAreNotHidden() {
    AtomicLong now = new AtomicLong();
    Registry registry = new Registry();
    AtomicBoolean gone = new AtomicBoolean();
    Deferred background = new Deferred();
    CachedSnapshot cache =
        new CachedSnapshot(
            () -> {
              if (gone.get()) {
                throw new NotFoundException("registry not found", "Run 'larder apply'");
              }
              return registry.loader().get();
            },
            registry.probe(),
            Duration.ofSeconds(2),
            now::get,
            null,
            background);
    cache.get();
    gone.set(true);
    registry.revision.set(2);
    now.set(nanos(2_000));
    assertThatThrownBy(cache::get).isInstanceOf(NotFoundException.class);

    gone.set(false);
    cache.get();
    registry.down.set(true);
    now.set(nanos(4_000));
    cache.get(); // fails: kept
    gone.set(true);
    registry.down.set(false);
    registry.revision.set(3);
    now.set(nanos(6_000));
    cache.get();
    background.runAll();
    assertThatThrownBy(cache::get)
        .as("found by a background check, reported by the next read")
        .isInstanceOf(NotFoundException.class);
  }
}
