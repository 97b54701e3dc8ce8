package dev.larder.core.online;

import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.Objects;
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
 */
public final class CachedSnapshot implements Supplier<RegistrySnapshot> {
  private record Entry(RegistrySnapshot snapshot, long checkedAt) {}

  private final Supplier<RegistrySnapshot> loader;
  private final LongSupplier revision;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Entry entry;

  /**
   * A cache over {@code loader}.
   *
   * @param revision the store's current revision, read without loading the snapshot
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public CachedSnapshot(
      Supplier<RegistrySnapshot> loader,
      LongSupplier revision,
      Duration maxAge,
      LongSupplier nanoTime) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.revision = Objects.requireNonNull(revision, "revision");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The cached snapshot, checked when older than the maximum age and reloaded when the store's
   * revision moved. While one thread checks an expired snapshot, the others keep using it instead
   * of waiting.
   */
  @Override
  public RegistrySnapshot get() {
    Entry e = entry;
    if (e != null && nanoTime.getAsLong() - e.checkedAt() < maxAgeNanos) {
      return e.snapshot();
    }
    if (e != null && !reloading.tryLock()) {
      return e.snapshot();
    }
    if (e == null) {
      reloading.lock();
    }
    try {
      Entry current = entry;
      if (current != null && current != e) {
        return current.snapshot();
      }
      long checkedAt = nanoTime.getAsLong();
      Entry next =
          current != null && revision.getAsLong() == current.snapshot().revision()
              ? new Entry(current.snapshot(), checkedAt)
              : new Entry(loader.get(), checkedAt);
      entry = next;
      return next.snapshot();
    } finally {
      reloading.unlock();
    }
  }

  /** Makes the next {@link #get()} load the snapshot again. */
  public void invalidate() {
    entry = null;
  }
}
