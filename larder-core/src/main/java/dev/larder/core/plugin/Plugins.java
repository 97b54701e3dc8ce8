package dev.larder.core.plugin;

import dev.larder.core.BackendException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Plugin folders: backends too heavy, or too much at odds with Larder's own dependency versions, to
 * be on its class path (the Spark offline engine, with Spark's ~280 MB of jars and its own
 * Jackson). Each plugin is a folder whose {@code lib/} holds its jars; it is loaded by a {@link
 * PluginClassLoader} of its own, and the backend factories its jars list in {@code
 * META-INF/services} join those of the class path.
 *
 * <p>Where plugins are: the path list ({@link File#pathSeparator}-separated) of the system property
 * {@value #PATH_PROPERTY}, else of the environment variable {@value #PATH_ENV}, else none. {@code
 * bin/larder} sets the property to {@code $LARDER_PLUGIN_PATH} (when set) followed by {@code
 * <checkout>/plugins}, where {@code bin/larder plugin install spark} puts the Spark plugin. Each
 * entry of the path is either a plugin itself (a folder with {@code lib/}) or a folder of plugins
 * (its sub-folders with {@code lib/}). A plugin's name is its folder's name without a leading
 * {@code larder-} and a trailing {@code -plugin} ({@code spark}, or {@code larder-spark-plugin} as
 * larder-spark's build makes it); a plugin named {@code x} owns the packages {@code
 * dev.larder.x.*}.
 *
 * <p>Nothing here runs unless a backend type is missing from the class path: the folders are
 * listed, and a plugin's class loader made, only then, and each loader once per process.
 */
public final class Plugins {
  /** The system property holding the plugin path. */
  public static final String PATH_PROPERTY = "larder.plugin.path";

  /** The environment variable holding the plugin path when the property is not set. */
  public static final String PATH_ENV = "LARDER_PLUGIN_PATH";

  /** The plugins Larder's build can make, by the type they provide: for "not installed" errors. */
  private static final List<Known> KNOWN =
      List.of(new Known("spark", "offline_store", "spark", "larder-spark"));

  /** Each plugin folder's loader, made once per process (by its real path and parent). */
  private static final Map<LoaderKey, PluginClassLoader> LOADERS = new ConcurrentHashMap<>();

  private record LoaderKey(Path folder, ClassLoader parent) {}

  /** One plugin: its name, its folder and the jars of its {@code lib/}. */
  public record Plugin(String name, Path folder, List<Path> jars) {
    public Plugin {
      jars = List.copyOf(jars);
    }

    /** The prefix of the Larder packages this plugin owns ({@code dev.larder.spark.}). */
    public String ownPackage() {
      return "dev.larder." + name.replace('-', '_') + ".";
    }
  }

  /** A plugin that Larder's build makes, and the backend type it provides. */
  public record Known(String plugin, String section, String type, String module) {
    /** The command that builds and installs it, run in a Larder checkout. */
    public String installCommand() {
      return "bin/larder plugin install " + plugin;
    }
  }

  private final List<Path> path;
  private final ClassLoader parent;

  private Plugins(List<Path> path, ClassLoader parent) {
    this.path = List.copyOf(path);
    this.parent = parent;
  }

  /** The plugins of {@value #PATH_PROPERTY} or {@value #PATH_ENV}, read now. */
  public static Plugins fromEnvironment() {
    String value = System.getProperty(PATH_PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(PATH_ENV);
    }
    return of(parsePath(value), Plugins.class.getClassLoader());
  }

  /** The plugins of {@code path}, whose loaders have {@code parent} as their parent. */
  public static Plugins of(List<Path> path, ClassLoader parent) {
    return new Plugins(path, parent);
  }

  /** The entries of a path list; blank entries are left out. */
  static List<Path> parsePath(String value) {
    List<Path> out = new ArrayList<>();
    if (value != null) {
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          out.add(Path.of(entry.strip()).toAbsolutePath().normalize());
        }
      }
    }
    return out;
  }

  /** The plugin path's entries. */
  public List<Path> path() {
    return path;
  }

  /** The plugin path as written in errors: its entries, or that it is empty. */
  public String describePath() {
    if (path.isEmpty()) {
      return "plugin path: none; set " + PATH_PROPERTY + " or " + PATH_ENV;
    }
    List<String> entries = path.stream().map(Path::toString).toList();
    return "plugin path: " + String.join(File.pathSeparator, entries);
  }

  /** The plugins found on the path, in path order; an entry that does not exist is skipped. */
  public List<Plugin> plugins() {
    List<Plugin> out = new ArrayList<>();
    for (Path entry : path) {
      if (Files.isDirectory(entry.resolve("lib"))) {
        out.add(plugin(entry));
      } else if (Files.isDirectory(entry)) {
        try (Stream<Path> children = Files.list(entry)) {
          children
              .filter(c -> Files.isDirectory(c.resolve("lib")))
              .sorted()
              .forEach(c -> out.add(plugin(c)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list the plugin folder " + entry, e);
        }
      }
    }
    return out;
  }

  /** The first plugin named {@code name} on the path. */
  public Optional<Plugin> plugin(String name) {
    return plugins().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The class loader of {@code plugin}, made at the first call for its folder and kept for the
   * process.
   *
   * @throws BackendException when its {@code lib/} has no jar that can be read (a link into a build
   *     folder that {@code mvn clean} emptied, say)
   */
  public ClassLoader loader(Plugin plugin) {
    Path key;
    try {
      key = plugin.folder().toRealPath();
    } catch (IOException e) {
      key = plugin.folder();
    }
    return LOADERS.computeIfAbsent(new LoaderKey(key, parent), k -> newLoader(plugin));
  }

  private PluginClassLoader newLoader(Plugin plugin) {
    List<Path> readable = plugin.jars().stream().filter(Files::isReadable).toList();
    if (readable.isEmpty() || readable.size() < plugin.jars().size()) {
      throw new BackendException(
          "plugin '"
              + plugin.name()
              + "' at "
              + plugin.folder()
              + (plugin.jars().isEmpty()
                  ? " has no jar in lib/"
                  : " has jars in lib/ that cannot be read (links to files that are gone?)"),
          "Install it again: "
              + Optional.ofNullable(known(plugin.name()))
                  .map(Known::installCommand)
                  .orElse("rebuild the plugin and copy its folder there"));
    }
    return new PluginClassLoader(plugin.name(), readable, parent, List.of(plugin.ownPackage()));
  }

  /**
   * The factories of {@code family} that the plugins provide, plugin by plugin in path order
   * (making each plugin's loader on the way); factories of the class path that a plugin's loader
   * sees through its parent are left out.
   */
  public <F> List<F> factories(Class<F> family) {
    List<F> out = new ArrayList<>();
    for (Plugin plugin : plugins()) {
      ClassLoader loader = loader(plugin);
      ServiceLoader.load(family, loader).stream()
          .filter(p -> p.type().getClassLoader() == loader)
          .forEach(p -> out.add(p.get()));
    }
    return out;
  }

  /** The known plugin that provides {@code type} in {@code section}, if there is one. */
  public static Optional<Known> knownFor(String section, String type) {
    return KNOWN.stream()
        .filter(k -> k.section().equals(section) && k.type().equals(type))
        .findFirst();
  }

  private static Known known(String plugin) {
    return KNOWN.stream().filter(k -> k.plugin().equals(plugin)).findFirst().orElse(null);
  }

  private static Plugin plugin(Path folder) {
    String name = folder.getFileName().toString();
    if (name.startsWith("larder-")) {
      name = name.substring("larder-".length());
    }
    if (name.endsWith("-plugin")) {
      name = name.substring(0, name.length() - "-plugin".length());
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(folder.resolve("lib"))) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder.resolve("lib"), e);
    }
    return new Plugin(name, folder, jars);
  }
}
