package dev.larder.core.registry;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.repo.RepoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link RegistryStore} of one registry type. Implementations are listed in {@code
 * META-INF/services/dev.larder.core.registry.RegistryStoreFactory} and found with {@link
 * ServiceLoader}; {@code registry.registry_type} in {@code feature_store.yaml} chooses one ({@code
 * sqlite} when the registry is a plain path).
 */
public interface RegistryStoreFactory {
  /** The registry type this factory serves, as written in {@code feature_store.yaml}. */
  String type();

  /** The store of {@code config}'s project, at {@code config.registry()}. */
  RegistryStore create(RepoConfig config);

  /**
   * The factory of {@code type} on the class path; an unknown type is an error naming it and the
   * available types.
   */
  static RegistryStoreFactory forType(String type) {
    List<String> available = new ArrayList<>();
    for (RegistryStoreFactory factory : ServiceLoader.load(RegistryStoreFactory.class)) {
      if (factory.type().equals(type)) {
        return factory;
      }
      available.add(factory.type());
    }
    throw new InvalidDefinitionException(
        "registry type "
            + Echo.of(type)
            + " is not available"
            + DidYouMean.closest(type, available)
                .map(c -> "; did you mean " + Echo.of(c) + "? Available registry types: ")
                .orElse("; available registry types: ")
            + String.join(", ", available),
        "Set registry: {registry_type: "
            + (available.isEmpty() ? "sqlite" : available.get(0))
            + ", path: data/registry.db} in "
            + RepoConfig.FILE
            + ", or put the module that provides "
            + Echo.of(type)
            + " on the class path");
  }
}
