package dev.larder.core.registry;

import dev.larder.core.repo.BackendFactories;
import dev.larder.core.repo.BackendFactory;
import dev.larder.core.repo.RepoConfig;

/**
 * Makes the {@link RegistryStore} of one registry type. Implementations are listed in {@code
 * META-INF/services/dev.larder.core.registry.RegistryStoreFactory} and found with {@link
 * java.util.ServiceLoader}; {@code registry.registry_type} in {@code feature_store.yaml} chooses
 * one ({@code sqlite} when the registry is a plain path), and the factory checks the rest of its
 * section ({@link BackendFactory#configure}).
 */
public interface RegistryStoreFactory extends BackendFactory {
  /** A working section, for errors. */
  String EXAMPLE = "{registry_type: sqlite, path: data/registry.db}";

  /** The store of {@code config}'s project, at {@code config.registry()}. */
  RegistryStore create(RepoConfig config);

  /**
   * The factory of {@code type} on the class path; an unknown type is an error naming it and the
   * available types.
   */
  static RegistryStoreFactory forType(String type) {
    return BackendFactories.forType(RegistryStoreFactory.class, "registry", type, EXAMPLE);
  }
}
