package dev.larder.core.online;

import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The registry snapshot as online reads and pushes see it: checked at most once per {@code maxAge}
 * (so a server picks up a new {@code apply} within that time), or reloaded at once after {@link
 * #invalidate()}. The check asks the store for its current revision, one small read, and loads the
 * whole snapshot again only when the revision moved, so a server that sees no apply never reloads.
 * Materialization intervals are appended without a revision, so this snapshot's may lag; online
 * reads and pushes do not use them (materialization reads the registry itself). Safe for use by
 * many threads; a check or reload happens on the calling thread.
 *
 * <p>When the store tells of its commits ({@link RegistryChangeNotices}), the cache subscribes on
 * its first use and, while notices flow, never asks for the revision: a notice of a commit it does
 * not hold makes the next read check. When the notices stop it falls back to checking every {@code
 * maxAge}, and when they flow again it checks once, for the commits told while they were down.
 */
public final class CachedSnapshot implements Supplier<RegistrySnapshot>, AutoCloseable {
  /**
   * A snapshot and when it was checked: {@code checkedAt} on the clock, {@code notices} the count
   * of notices that called for a check, as read before the check.
   */
  private record Entry(RegistrySnapshot snapshot, long checkedAt, long notices) {}

  private final Supplier<RegistrySnapshot> loader;
  private final LongSupplier revision;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final RegistryChangeNotices notices;
  private final ReentrantLock reloading = new ReentrantLock();
  private final AtomicLong noticesToCheck = new AtomicLong();
  private final Object subscribing = new Object();
  private volatile Entry entry;
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
    this.loader = Objects.requireNonNull(loader, "loader");
    this.revision = Objects.requireNonNull(revision, "revision");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.notices = notices;
  }

  /**
   * The cached snapshot, checked when older than the maximum age (unless notices flow) or when a
   * notice called for it, and reloaded when the store's revision moved. While one thread checks,
   * the others keep using the snapshot they have instead of waiting.
   */
  @Override
  public RegistrySnapshot get() {
    Entry e = entry;
    if (e != null && current(e)) {
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
      Entry now = entry;
      if (now != null && now != e) {
        return now.snapshot();
      }
      long told = noticesToCheck.get();
      long checkedAt = nanoTime.getAsLong();
      Entry next =
          now != null && revision.getAsLong() == now.snapshot().revision()
              ? new Entry(now.snapshot(), checkedAt, told)
              : new Entry(loader.get(), checkedAt, told);
      entry = next;
      return next.snapshot();
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Whether {@code e} needs no check: no notice called for one, and notices flow or it is young.
   */
  private boolean current(Entry e) {
    boolean asked = !flowing; // read first: flowing() counts its notice before it sets the flag
    return e.notices() == noticesToCheck.get()
        && (!asked || nanoTime.getAsLong() - e.checkedAt() < maxAgeNanos);
  }

  /** Makes the next {@link #get()} load the snapshot again. */
  public void invalidate() {
    entry = null;
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
