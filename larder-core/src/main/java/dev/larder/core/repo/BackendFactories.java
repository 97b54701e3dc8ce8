package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one lookup of backend factories: those of a family ({@code OnlineStoreFactory}, …) listed in
 * {@code META-INF/services} on the class path, chosen by type or alias.
 */
public final class BackendFactories {
  private BackendFactories() {}

  /** The factories of {@code family} on the class path, in class-path order. */
  public static <F extends BackendFactory> List<F> available(Class<F> family) {
    List<F> out = new ArrayList<>();
    ServiceLoader.load(family, family.getClassLoader()).forEach(out::add);
    return out;
  }

  /**
   * The factory of {@code family} whose type or alias is {@code type}; otherwise an error that
   * names the section, the type, the available types (with the closest one) and the fix.
   *
   * @param section the section of {@code feature_store.yaml}, e.g. {@code online_store}
   * @param example a working section, e.g. {@code {type: sqlite, path: data/online_store.db}}
   */
  public static <F extends BackendFactory> F forType(
      Class<F> family, String section, String type, String example) {
    List<String> known = new ArrayList<>();
    for (F factory : available(family)) {
      if (factory.type().equals(type) || factory.aliases().contains(type)) {
        return factory;
      }
      known.add(factory.type());
      known.addAll(factory.aliases());
    }
    throw new InvalidDefinitionException(
        section
            + " type "
            + Echo.of(type)
            + " is not available"
            + DidYouMean.closest(type, known).map(c -> "; did you mean '" + c + "'?").orElse(";")
            + " available: "
            + (known.isEmpty() ? "(none)" : String.join(", ", known)),
        "Use "
            + section
            + ": "
            + example
            + " in "
            + RepoConfig.FILE
            + ", or put the module that provides "
            + Echo.of(type)
            + " on the class path");
  }
}
