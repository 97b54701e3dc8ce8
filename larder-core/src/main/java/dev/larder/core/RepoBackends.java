package dev.larder.core;

import dev.larder.core.access.PolicyCache;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.online.CachedSnapshot;
import dev.larder.core.online.OnlineReader;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.online.PushWriter;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.repo.RepoConfig;
import java.time.Clock;

/**
 * What one opened repository holds, shared by a {@link FeatureStore} and every view of it that acts
 * as another principal ({@link FeatureStore#as}): the configuration, the registry, the cached
 * snapshot of online reads and pushes (following the registry's change notices when it has them),
 * the compiled permissions, and the online store and offline engine, each opened on first use.
 * Closed once, by the store that opened it.
 */
final class RepoBackends implements AutoCloseable {
  final RepoConfig config;
  final Registry registry;
  final CachedSnapshot cachedSnapshot;
  final PolicyCache policies = new PolicyCache();
  private final Object onlineLock = new Object();
  private OfflineEngine offline;
  private volatile OnlineStore online;
  private volatile OnlineReader reader;
  private volatile PushWriter pushWriter;

  RepoBackends(RepoConfig config) {
    this.config = config;
    long began = Activity.start();
    this.registry = Registry.open(config, this::offline);
    Activity.log(
        RepoBackends.class,
        "repository {} (project {}): registry {} at {}, opened in {}",
        config.repoPath(),
        config.project(),
        config.registry().type(),
        registry.location(),
        Activity.since(began));
    RegistryChangeNotices notices = registry.capability(RegistryChangeNotices.class).orElse(null);
    this.cachedSnapshot =
        new CachedSnapshot(
            registry::snapshot,
            registry::currentRevision,
            notices == null ? config.registryCacheTtl() : notices.pollInterval(),
            System::nanoTime,
            notices);
  }

  /** The online store, opened on first use (which creates nothing until the first write). */
  OnlineStore online() {
    OnlineStore store = online;
    if (store == null) {
      synchronized (onlineLock) {
        store = online;
        if (store == null) {
          long began = Activity.start();
          store = OnlineStore.open(config);
          online = store;
          Activity.log(
              RepoBackends.class,
              "online store {} at {}, opened in {}",
              config.onlineStore().type(),
              store.location(),
              Activity.since(began));
        }
      }
    }
    return store;
  }

  OnlineReader reader() {
    OnlineReader r = reader;
    if (r == null) {
      OnlineStore store = online();
      synchronized (onlineLock) {
        r = reader;
        if (r == null) {
          r = new OnlineReader(cachedSnapshot, store, Clock.systemUTC());
          reader = r;
        }
      }
    }
    return r;
  }

  PushWriter pushWriter() {
    PushWriter w = pushWriter;
    if (w == null) {
      OnlineStore store = online();
      synchronized (onlineLock) {
        w = pushWriter;
        if (w == null) {
          w = new PushWriter(cachedSnapshot, store, this::offline);
          pushWriter = w;
        }
      }
    }
    return w;
  }

  /** The offline engine, opened on first use. */
  synchronized OfflineEngine offline() {
    if (offline == null) {
      long began = Activity.start();
      offline = OfflineEngine.open(config);
      Activity.log(
          RepoBackends.class,
          "offline engine {}, opened in {}",
          config.offlineStore().type(),
          Activity.since(began));
    }
    return offline;
  }

  @Override
  public synchronized void close() {
    try {
      if (offline != null) {
        offline.close();
      }
    } finally {
      try {
        OnlineStore store = online;
        if (store != null) {
          store.close();
        }
      } finally {
        try {
          cachedSnapshot.close();
        } finally {
          registry.close();
        }
      }
    }
  }
}
