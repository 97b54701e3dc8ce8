package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one lookup of backend factories: those of a family ({@code OnlineStoreFactory}, …) listed in
 * {@code META-INF/services} on the class path, then, only when a type is not there, those of the
 * plugin folders ({@link Plugins}), chosen by type or alias.
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
   * The factory of {@code family} whose type or alias is {@code type}, from the class path or else
   * from the plugins of {@link Plugins#fromEnvironment()}; otherwise an error that names the
   * section, the type, the available types (with the closest one) and the fix, or, for a type that
   * a plugin of Larder's provides ({@code spark}), that plugin and the command that installs it.
   *
   * @param section the section of {@code feature_store.yaml}, e.g. {@code online_store}
   * @param example a working section, e.g. {@code {type: sqlite, path: data/online_store.db}}
   */
  public static <F extends BackendFactory> F forType(
      Class<F> family, String section, String type, String example) {
    return forType(family, section, type, example, null);
  }

  /**
   * As {@link #forType(Class, String, String, String)}, with the plugins of {@code plugins}; null
   * means those of {@link Plugins#fromEnvironment()}, read only if the class path lacks the type.
   */
  public static <F extends BackendFactory> F forType(
      Class<F> family, String section, String type, String example, Plugins plugins) {
    List<String> known = new ArrayList<>();
    for (F factory : available(family)) {
      if (matches(factory, type)) {
        return factory;
      }
      known.add(factory.type());
      known.addAll(factory.aliases());
    }
    Plugins where = plugins != null ? plugins : Plugins.fromEnvironment();
    for (F factory : where.factories(family)) {
      if (matches(factory, type)) {
        return factory;
      }
      known.add(factory.type());
      known.addAll(factory.aliases());
    }
    Plugins.Known plugin = Plugins.knownFor(section, type).orElse(null);
    if (plugin != null) {
      throw new InvalidDefinitionException(
          section
              + " type "
              + Echo.of(type)
              + " comes from the plugin '"
              + plugin.plugin()
              + "', which is not installed ("
              + where.describePath()
              + ")",
          "Run '"
              + plugin.installCommand()
              + "' in your Larder checkout (it builds "
              + plugin.module()
              + " and puts it in plugins/"
              + plugin.plugin()
              + ", where bin/larder looks), or add the folder of a built plugin to "
              + Plugins.PATH_ENV);
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
            + " on the class path or in a plugin folder ("
            + where.describePath()
            + ")");
  }

  private static boolean matches(BackendFactory factory, String type) {
    return factory.type().equals(type) || factory.aliases().contains(type);
  }
}
