package dev.larder.core.online;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.repo.RepoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link OnlineStore} of one {@code online_store.type}. Implementations are listed in
 * {@code META-INF/services/dev.larder.core.online.OnlineStoreFactory} and found with {@link
 * ServiceLoader}, so a module on the class path (larder-redis, say) adds a type without any change
 * here.
 */
public interface OnlineStoreFactory {
  /** The type this factory makes, as written in {@code feature_store.yaml} ({@code sqlite}). */
  String type();

  /** Opens a store for the repository {@code config} describes; it creates nothing yet. */
  OnlineStore open(RepoConfig config);

  /** The factories on the class path. */
  static List<OnlineStoreFactory> available() {
    List<OnlineStoreFactory> out = new ArrayList<>();
    ServiceLoader.load(OnlineStoreFactory.class, OnlineStoreFactory.class.getClassLoader())
        .forEach(out::add);
    return out;
  }

  /** The factory of {@code type}; an unknown type is an error listing the available ones. */
  static OnlineStoreFactory forType(String type) {
    List<String> known = new ArrayList<>();
    for (OnlineStoreFactory factory : available()) {
      if (factory.type().equals(type)) {
        return factory;
      }
      known.add(factory.type());
    }
    throw new InvalidDefinitionException(
        "online_store type "
            + Echo.of(type)
            + " has no store on the class path; available: "
            + (known.isEmpty() ? "(none)" : String.join(", ", known)),
        "Use online_store: {type: sqlite, path: data/online_store.db} in feature_store.yaml, or add"
            + " the module that provides "
            + Echo.of(type)
            + " to the class path");
  }
}
