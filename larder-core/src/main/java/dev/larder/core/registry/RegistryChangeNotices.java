package dev.larder.core.registry;

import java.time.Duration;

/**
 * An optional capability of a {@link RegistryStore} shared by several processes (ask for it with
 * {@code store.capability(RegistryChangeNotices.class)}): it tells of every commit to the store's
 * project as it happens, whichever process made it, so that a cache of the snapshot (a feature
 * server's) learns of an {@code apply} at once instead of asking for the revision again and again.
 * Stores without it (SQLite) are asked for their revision at most every {@code
 * FeatureStore.SNAPSHOT_MAX_AGE}.
 *
 * <p>Notices travel on a connection of their own that may drop. A listener is told when they stop
 * and when they flow again: in between it must fall back to asking for the revision every {@link
 * #pollInterval()}, and when they flow again it must ask once, since commits made while they were
 * down were not told. The store reconnects by itself.
 */
public interface RegistryChangeNotices {
  /**
   * Starts telling {@code listener} of commits, on a thread of the store's; the listener must
   * return quickly. It hears {@link Listener#flowing} once notices are set up (not before this
   * returns), then {@link Listener#committed} for each commit to the project, {@link
   * Listener#stopped} when the notice connection drops, and {@link Listener#flowing} again when the
   * store has reconnected.
   *
   * @return the subscription; closing it stops the notices (closing the store does too)
   */
  Subscription subscribe(Listener listener);

  /**
   * How long a cache may keep a snapshot without asking for the revision while notices do not flow
   * (the registry's {@code cache_ttl_seconds}); zero asks on every read.
   */
  Duration pollInterval();

  /** Told of commits and of the notice connection's state. Called from the store's thread. */
  interface Listener {
    /** The project's registry was committed at {@code revision} (by any process). */
    void committed(long revision);

    /** Notices flow: from now on every commit is told. Commits before may not have been. */
    void flowing();

    /** Notices stopped (the connection dropped); the store is reconnecting. */
    void stopped();
  }

  /** A listener's subscription. */
  interface Subscription extends AutoCloseable {
    /**
     * Stops telling the listener (a notice being told at this moment may still reach it); what the
     * store holds for it is freed when the store closes.
     */
    @Override
    void close();
  }
}
