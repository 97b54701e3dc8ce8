package dev.larder.core.online;

import dev.larder.core.BackendException;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry snapshot as online reads and pushes see it: checked at most once per {@code maxAge}
 * (so a server picks up a new {@code apply} within that time), or reloaded at once after {@link
 * #invalidate()}. The check asks the store for its current revision, one small read, and loads the
 * whole snapshot again only when the revision moved, so a server that sees no apply never reloads.
 * Materialization intervals are appended without a revision, so this snapshot's may lag; online
 * reads and pushes do not use them (materialization reads the registry itself). Safe for use by
 * many threads; a check or reload happens on the calling thread (but for the checks of a registry
 * that could not be read, below).
 *
 * <p>When the store tells of its commits ({@link RegistryChangeNotices}), the cache subscribes on
 * its first use and, while notices flow, never asks for the revision: a notice of a commit it does
 * not hold makes the next read check. When the notices stop it falls back to checking every {@code
 * maxAge}, and when they flow again it checks once, for the commits told while they were down.
 *
 * <p>When the registry cannot be read (a check or a reload fails with a {@link BackendException}:
 * PostgreSQL down, restarted, cut off), the cache keeps the snapshot it has and hands it out, so
 * that online reads, which need only the online store, go on being served from the last known
 * definitions (while what needs the registry itself, an apply or a materialization, fails with the
 * error); it checks again after {@code maxAge} but no sooner than {@link #RETRY_AFTER_FAILURE},
 * whatever the notices say, on a thread of its own (the read that finds the check due is answered
 * at once with the snapshot held), and picks up whatever was committed meanwhile as soon as a check
 * succeeds. Only the read that finds the first failure waits for it (the store bounds that: about a
 * second for PostgreSQL's revision probe). One warning is logged when it starts keeping a snapshot
 * this way and one line when the registry answers again; a feature server's {@code /health} reports
 * the registry down meanwhile. Only a cache that never loaded a snapshot has nothing to keep: its
 * first read fails with the error.
 */
public final class CachedSnapshot implements Supplier<RegistrySnapshot>, AutoCloseable {
  /**
   * How long after a failed check the next one waits at least, so that a registry that is down is
   * not asked on every read (with {@code cache_ttl_seconds: 0}, or while notices call for checks).
   */
  public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(CachedSnapshot.class);

  /**
   * A snapshot and when it was checked: {@code checkedAt} on the clock, {@code notices} the count
   * of notices that called for a check, as read before the check, {@code failed} whether the check
   * failed (so the snapshot is the one kept from before).
   */
  private record Entry(RegistrySnapshot snapshot, long checkedAt, long notices, boolean failed) {}

  private final Supplier<RegistrySnapshot> loader;
  private final LongSupplier revision;
  private final long maxAgeNanos;
  private final long retryNanos;
  private final LongSupplier nanoTime;
  private final RegistryChangeNotices notices;
  private final ReentrantLock reloading = new ReentrantLock();
  private final Executor retries;
  private final AtomicBoolean retrying = new AtomicBoolean();
  private final AtomicLong noticesToCheck = new AtomicLong();
  private final Object subscribing = new Object();
  private volatile Entry entry;

  /** The snapshot last handed out, kept across {@link #invalidate()} for when a reload fails. */
  private volatile RegistrySnapshot kept;

  private volatile boolean flowing;
  private RegistryChangeNotices.Subscription subscription;
  private boolean closed;

  /**
   * A cache over {@code loader} that asks for the revision every {@code maxAge}.
   *
   * @param revision the store's current revision, read without loading the snapshot
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public CachedSnapshot(
      Supplier<RegistrySnapshot> loader,
      LongSupplier revision,
      Duration maxAge,
      LongSupplier nanoTime) {
    this(loader, revision, maxAge, nanoTime, null);
  }

  /**
   * A cache over {@code loader} that follows {@code notices} while they flow and asks for the
   * revision every {@code maxAge} while they do not.
   *
   * @param notices the store's notices of commits, or {@code null} when it has none
   */
  public CachedSnapshot(
      Supplier<RegistrySnapshot> loader,
      LongSupplier revision,
      Duration maxAge,
      LongSupplier nanoTime,
      RegistryChangeNotices notices) {
    this(loader, revision, maxAge, nanoTime, notices, CachedSnapshot::onDaemonThread);
  }

  /**
   * As above, with the checks of a registry that could not be read run by {@code retries} (tests
   * run them when they choose).
   */
  CachedSnapshot(
      Supplier<RegistrySnapshot> loader,
      LongSupplier revision,
      Duration maxAge,
      LongSupplier nanoTime,
      RegistryChangeNotices notices,
      Executor retries) {
    this.retries = Objects.requireNonNull(retries, "retries");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.revision = Objects.requireNonNull(revision, "revision");
    this.maxAgeNanos = maxAge.toNanos();
    this.retryNanos = Math.max(maxAgeNanos, RETRY_AFTER_FAILURE.toNanos());
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.notices = notices;
  }

  /**
   * The cached snapshot, checked when older than the maximum age (unless notices flow) or when a
   * notice called for it, and reloaded when the store's revision moved. While one thread checks,
   * the others keep using the snapshot they have instead of waiting. When the check or the reload
   * fails with a {@link BackendException}, the snapshot held so far (see the class comment).
   *
   * @throws BackendException if the registry cannot be read and no snapshot was ever loaded
   */
  @Override
  public RegistrySnapshot get() {
    Entry e = entry;
    if (e != null && current(e)) {
      return e.snapshot();
    }
    if (e != null && e.failed()) {
      checkInBackground();
      return e.snapshot();
    }
    if (e != null && !reloading.tryLock()) {
      return e.snapshot();
    }
    if (e == null) {
      subscribe();
      reloading.lock();
    }
    try {
      return check(e);
    } finally {
      reloading.unlock();
    }
  }

  /**
   * With the lock held: checks the revision (or loads the snapshot when there is none) and keeps
   * the outcome, unless another thread replaced {@code seen} meanwhile.
   */
  private RegistrySnapshot check(Entry seen) {
    Entry now = entry;
    if (now != null && now != seen) {
      return now.snapshot();
    }
    long told = noticesToCheck.get();
    long checkedAt = nanoTime.getAsLong();
    Entry next;
    try {
      next =
          now != null && revision.getAsLong() == now.snapshot().revision()
              ? new Entry(now.snapshot(), checkedAt, told, false)
              : new Entry(loader.get(), checkedAt, told, false);
    } catch (BackendException failure) {
      RegistrySnapshot held = now != null ? now.snapshot() : kept;
      if (held == null) {
        throw failure;
      }
      if (now == null || !now.failed()) {
        LOG.warn(
            "online reads and pushes keep registry revision {} while the registry cannot be"
                + " read: {}",
            held.revision(),
            failure.getMessage());
      }
      next = new Entry(held, nanoTime.getAsLong(), told, true);
    }
    if (now != null && now.failed() && !next.failed()) {
      LOG.info(
          "the registry answers again; online reads use revision {}", next.snapshot().revision());
    }
    entry = next;
    kept = next.snapshot();
    return next.snapshot();
  }

  /**
   * Checks again, on {@link #retries}, a registry whose last check failed, so that no read waits
   * for a registry known to be down; at most one such check at a time. An error other than the
   * backend's (the registry is gone, say) drops the snapshot, so that the next read checks itself
   * and reports it.
   */
  private void checkInBackground() {
    synchronized (subscribing) {
      if (closed) {
        return; // its store is closed too
      }
    }
    if (!retrying.compareAndSet(false, true)) {
      return;
    }
    Runnable task =
        () -> {
          try {
            if (reloading.tryLock()) {
              try {
                Entry e = entry;
                if (e != null && e.failed() && !current(e)) {
                  check(e);
                }
              } finally {
                reloading.unlock();
              }
            }
          } catch (RuntimeException other) {
            entry = null; // the next read loads, and fails with it
          } finally {
            retrying.set(false);
          }
        };
    try {
      retries.execute(task);
    } catch (RejectedExecutionException e) {
      retrying.set(false);
    }
  }

  /**
   * Whether {@code e} needs no check: no notice called for one, and notices flow or it is young.
   */
  private boolean current(Entry e) {
    if (e.failed()) {
      return nanoTime.getAsLong() - e.checkedAt() < retryNanos;
    }
    boolean asked = !flowing; // read first: flowing() counts its notice before it sets the flag
    return e.notices() == noticesToCheck.get()
        && (!asked || nanoTime.getAsLong() - e.checkedAt() < maxAgeNanos);
  }

  /**
   * Makes the next {@link #get()} load the snapshot again (keeping the current one only for when
   * that load fails with a {@link BackendException}). While the registry cannot be read, it only
   * makes the next read start a check in the background: reads do not wait for a registry known to
   * be down (a failed materialization invalidates too).
   */
  public void invalidate() {
    Entry e = entry;
    entry =
        e != null && e.failed()
            ? new Entry(e.snapshot(), nanoTime.getAsLong() - retryNanos, e.notices(), true)
            : null;
  }

  /** Whether notices of commits flow now, so that reads ask the store nothing. */
  public boolean followingNotices() {
    return flowing;
  }

  /** Stops following the store's notices, if it was; the cache keeps working by asking. */
  @Override
  public void close() {
    synchronized (subscribing) {
      closed = true;
      flowing = false;
      if (subscription != null) {
        subscription.close();
        subscription = null;
      }
    }
  }

  private static void onDaemonThread(Runnable task) {
    Thread t = new Thread(task, "larder-registry-check");
    t.setDaemon(true);
    t.start();
  }

  private void subscribe() {
    if (notices == null) {
      return;
    }
    synchronized (subscribing) {
      if (subscription == null && !closed) {
        subscription = notices.subscribe(new Follower());
      }
    }
  }

  /** What the store's notices do to the cache: call for a check, switch asking off or on. */
  private final class Follower implements RegistryChangeNotices.Listener {
    @Override
    public void committed(long revision) {
      Entry e = entry;
      if (e == null || e.snapshot().revision() < revision) {
        noticesToCheck.incrementAndGet();
      }
    }

    @Override
    public void flowing() {
      noticesToCheck.incrementAndGet();
      flowing = true;
    }

    @Override
    public void stopped() {
      flowing = false;
      noticesToCheck.incrementAndGet();
    }
  }
}
