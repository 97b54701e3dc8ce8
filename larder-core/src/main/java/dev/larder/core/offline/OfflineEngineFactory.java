package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.repo.RepoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes the {@link OfflineEngine} of one {@code offline_store.type}. Implementations are listed in
 * {@code META-INF/services/dev.larder.core.offline.OfflineEngineFactory} and found with {@link
 * ServiceLoader}, so a module on the class path (larder-spark, say) adds a type without any change
 * here.
 */
public interface OfflineEngineFactory {
  /** The type this factory makes, as written in {@code feature_store.yaml} ({@code duckdb}). */
  String type();

  /** Other spellings of the type ({@code file} for {@code duckdb}). */
  default List<String> aliases() {
    return List.of();
  }

  /** Opens an engine for the repository {@code config} describes. */
  OfflineEngine open(RepoConfig config);

  /** The factories on the class path. */
  static List<OfflineEngineFactory> available() {
    List<OfflineEngineFactory> out = new ArrayList<>();
    ServiceLoader.load(OfflineEngineFactory.class, OfflineEngineFactory.class.getClassLoader())
        .forEach(out::add);
    return out;
  }

  /** The factory of {@code type} or of one of its aliases; an unknown type is an error. */
  static OfflineEngineFactory forType(String type) {
    List<String> known = new ArrayList<>();
    for (OfflineEngineFactory factory : available()) {
      if (factory.type().equals(type) || factory.aliases().contains(type)) {
        return factory;
      }
      known.add(
          factory.type()
              + (factory.aliases().isEmpty()
                  ? ""
                  : " (alias " + String.join(", ", factory.aliases()) + ")"));
    }
    throw new InvalidDefinitionException(
        "offline_store type "
            + Echo.of(type)
            + " has no engine on the class path; available: "
            + (known.isEmpty() ? "(none)" : String.join(", ", known)),
        "Use offline_store: {type: duckdb} in feature_store.yaml, or add the module that provides"
            + " "
            + Echo.of(type)
            + " to the class path");
  }
}
