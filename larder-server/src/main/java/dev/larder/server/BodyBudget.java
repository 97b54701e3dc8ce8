package dev.larder.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the server lets request bodies take while they arrive and wait for an answer, all
 * connections together ({@code feature_server.max_buffered_body_bytes}). A body that does not fit
 * is refused with 503, so many clients sending large bodies at once cannot exhaust the heap.
 */
final class BodyBudget {
  private final long capacity;
  private final AtomicLong available;

  BodyBudget(long capacity) {
    this.capacity = capacity;
    this.available = new AtomicLong(capacity);
  }

  /** Takes {@code bytes} from the budget if they are there. */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = available.get();
      if (now < bytes) {
        return false;
      }
      if (available.compareAndSet(now, now - bytes)) {
        return true;
      }
    }
  }

  /** Gives back {@code bytes} taken before. */
  void release(long bytes) {
    if (bytes > 0) {
      available.addAndGet(bytes);
    }
  }

  /** The bytes taken now. */
  long inUse() {
    return capacity - available.get();
  }
}
