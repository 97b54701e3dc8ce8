package dev.larder.spark;

import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.OnlineStoreSection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The online stores an executor JVM writes to: opened on first use and kept for the JVM's life (an
 * executor serves one Spark application, Larder's driver), so the tasks of a materialization share
 * one store and its connection pool, as Spark's connectors keep one pool per executor, instead of
 * each partition connecting anew. Closed when the JVM exits.
 *
 * <p>In local mode the executor is the driver's own JVM, which outlives the materialization: there
 * each task opens the store and closes it when done ({@link #borrow} tells which).
 */
final class ExecutorStores {
  private static final Map<OnlineStoreSection, OnlineStore> OPEN = new ConcurrentHashMap<>();
  private static boolean hooked;

  private ExecutorStores() {}

  /** A store for one task: {@link Lease#close()} releases it. */
  record Lease(OnlineStore store, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        store.close();
      }
    }
  }

  /**
   * The store {@code section} describes: the JVM's shared one when {@code shared}, else one of the
   * task's own.
   */
  static Lease borrow(OnlineStoreSection section, boolean shared) {
    if (!shared) {
      return new Lease(section.open(), true);
    }
    hookOnce();
    return new Lease(OPEN.computeIfAbsent(section, OnlineStoreSection::open), false);
  }

  private static synchronized void hookOnce() {
    if (hooked) {
      return;
    }
    hooked = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> OPEN.values().forEach(ExecutorStores::closeQuietly),
                "larder-executor-stores"));
  }

  private static void closeQuietly(OnlineStore store) {
    try {
      store.close();
    } catch (RuntimeException e) {
      // the JVM is exiting; its sockets close with it
    }
  }
}
