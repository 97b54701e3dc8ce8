package dev.larder.core.online;

import dev.larder.core.repo.BackendFactories;
import dev.larder.core.repo.BackendFactory;
import dev.larder.core.repo.RepoConfig;

/**
 * Makes the {@link OnlineStore} of one {@code online_store.type}. Implementations are listed in
 * {@code META-INF/services/dev.larder.core.online.OnlineStoreFactory} and found with {@link
 * java.util.ServiceLoader}, so a module on the class path (larder-redis, say) adds a type without
 * any change here; each checks its own section of {@code feature_store.yaml} ({@link
 * BackendFactory#configure}).
 */
public interface OnlineStoreFactory extends BackendFactory {
  /** A working section, for errors. */
  String EXAMPLE = "{type: sqlite, path: data/online_store.db}";

  /** Opens a store for the repository {@code config} describes; it creates nothing yet. */
  OnlineStore open(RepoConfig config);

  /** The factory of {@code type}; an unknown type is an error listing the available ones. */
  static OnlineStoreFactory forType(String type) {
    return BackendFactories.forType(OnlineStoreFactory.class, "online_store", type, EXAMPLE);
  }
}
