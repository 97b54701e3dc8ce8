package dev.larder.core.offline;

import dev.larder.core.BackendException;

/**
 * Lets an offline engine serve one request at a time, the same way in every engine (DuckDB, Spark).
 *
 * <p>The engine's request methods are {@code synchronized} on the engine, and each starts with
 * {@link #ready()}. A {@link LatestRows} cursor the engine hands out keeps the engine busy until
 * the cursor is closed, after the method that opened it has returned: the engine calls {@link
 * #cursorOpened()} when it hands one out, and the cursor calls {@link #cursorClosed()} when it is
 * closed. Meanwhile a request of another thread waits in {@link #ready()} (releasing the engine's
 * lock while it waits); a request of the thread that holds the cursor fails at once, since it would
 * wait for itself. {@link #close()} wakes every waiting request, which then fails.
 *
 * <p>All state is guarded by the engine's own monitor (the {@code lock} given to the constructor),
 * so the engine's {@code synchronized} methods and this class share one lock.
 */
public final class OneRequestAtATime {
  private final Object lock;

  /** The thread that opened the open {@link LatestRows} cursor; {@code null} when none is open. */
  private Thread cursorOwner;

  private boolean closed;

  /**
   * @param lock the engine whose monitor its {@code synchronized} request methods hold
   */
  public OneRequestAtATime(Object lock) {
    this.lock = lock;
  }

  /**
   * Waits (holding no lock meanwhile) until no cursor of another thread is open; throws when the
   * engine is closed, or when the calling thread holds the open cursor itself (it would wait for
   * itself). Called by the engine holding its lock.
   *
   * @throws BackendException when the engine is closed, or the thread is interrupted while it waits
   *     (its interrupt flag is then set again)
   * @throws IllegalStateException when the calling thread holds the engine's open cursor
   */
  public void ready() {
    synchronized (lock) {
      boolean interrupted = false;
      try {
        while (true) {
          if (closed) {
            throw new BackendException(
                "the offline engine was closed while this request waited for it",
                "The feature store is shutting down; run the request again once it is back");
          }
          if (cursorOwner == null) {
            return;
          }
          if (cursorOwner == Thread.currentThread()) {
            throw new IllegalStateException(
                "a LatestRows cursor of this engine is still open on this thread; close it first");
          }
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
            throw new BackendException(
                "the request was interrupted while it waited for the offline engine", null, e);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Records that the calling thread has just been handed an open {@link LatestRows} cursor. */
  public void cursorOpened() {
    synchronized (lock) {
      cursorOwner = Thread.currentThread();
    }
  }

  /** Records that the open cursor was closed, and wakes the requests waiting for it. */
  public void cursorClosed() {
    synchronized (lock) {
      cursorOwner = null;
      lock.notifyAll();
    }
  }

  /**
   * Marks the engine closed and wakes the requests waiting for it (they then fail).
   *
   * @return whether this call closed it; {@code false} when it was closed already
   */
  public boolean close() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      lock.notifyAll();
      return true;
    }
  }
}
