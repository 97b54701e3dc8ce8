package dev.larder.core.online;

import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The registry snapshot as online reads and pushes see it: loaded at most once per {@code maxAge}
 * (so a server picks up a new {@code apply} within that time), or at once after {@link
 * #invalidate()}. Safe for use by many threads; a reload happens on the calling thread.
 */
public final class CachedSnapshot implements Supplier<RegistrySnapshot> {
  private record Entry(RegistrySnapshot snapshot, long loadedAt) {}

  private final Supplier<RegistrySnapshot> loader;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Entry entry;

  /**
   * A cache over {@code loader}.
   *
   * @param nanoTime the monotonic clock ({@code System::nanoTime})
   */
  public CachedSnapshot(Supplier<RegistrySnapshot> loader, Duration maxAge, LongSupplier nanoTime) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * The cached snapshot, reloaded when older than the maximum age. While one thread reloads an
   * expired snapshot, the others keep using it instead of waiting.
   */
  @Override
  public RegistrySnapshot get() {
    Entry e = entry;
    if (e != null && nanoTime.getAsLong() - e.loadedAt() < maxAgeNanos) {
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
      Entry loaded = new Entry(loader.get(), nanoTime.getAsLong());
      entry = loaded;
      return loaded.snapshot();
    } finally {
      reloading.unlock();
    }
  }

  /** Makes the next {@link #get()} load the snapshot again. */
  public void invalidate() {
    entry = null;
  }
}
