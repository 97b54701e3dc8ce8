package dev.larder.core.online;

import dev.larder.core.BackendException;

/**
 * An optional capability of an {@link OnlineStore} that lives behind a network (Redis): a cheap
 * check that it answers, one round trip bounded by the store's own timeouts. The feature server's
 * {@code GET /health} runs it about once a second, so that it can name the online store when it is
 * down (DESIGN B7). Ask for it with {@code store.capability(HealthProbe.class)}; an embedded store
 * (SQLite), which has nothing to reach, does not offer it.
 */
public interface HealthProbe {
  /**
   * Checks that the store answers now.
   *
   * @throws BackendException naming the store's location (without secrets), what failed and the
   *     fix, when it does not answer or refuses
   */
  void probe();
}
