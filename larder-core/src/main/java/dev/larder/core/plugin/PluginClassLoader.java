package dev.larder.core.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class loader of one plugin's jars, which looks in the plugin first ("child-first"), so that a
 * plugin brings its own versions of libraries Larder also uses: the Spark plugin has Spark's
 * Jackson 2.18 while Larder's class path has Jackson 2.23, and each side sees its own.
 *
 * <p>Only two kinds of classes come from the parent first, because the plugin and Larder must share
 * them: the JDK's (every package of a module in the boot layer: {@code java.*}, {@code javax.sql},
 * {@code jdk.*}, {@code sun.*}, …), and Larder's own ({@code dev.larder.*}), so that a plugin's
 * factory implements the very {@code OfflineEngineFactory} that core asks for, except the packages
 * the plugin owns ({@code dev.larder.spark.} for the Spark plugin), which come from the plugin even
 * when a copy is on the class path. Every other class and resource is looked up in the plugin's
 * jars first and in the parent when the plugin has none.
 *
 * <p>Libraries that find classes through the thread's context class loader (Spark does, for its
 * data sources and serializers) see the application's class loader unless the plugin's code sets
 * the context class loader to its own ({@code getClass().getClassLoader()}) around its calls; a
 * plugin does that itself, Larder does not wrap its objects.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** The packages of the JDK's modules, read once. */
  private static volatile Set<String> jdkPackages;

  private final String pluginName;
  private final List<String> ownPackages;

  /**
   * A loader of {@code jars}.
   *
   * @param pluginName the plugin's name, for its {@link #getName() name} and errors
   * @param jars the plugin's jars, looked up in this order
   * @param parent the loader of Larder's classes
   * @param ownPackages prefixes of Larder packages that the plugin owns, e.g. {@code
   *     dev.larder.spark.}; each ends with a dot
   */
  public PluginClassLoader(
      String pluginName, List<Path> jars, ClassLoader parent, List<String> ownPackages) {
    super("larder-plugin-" + pluginName, urls(jars), parent);
    for (String p : ownPackages) {
      if (!p.endsWith(".")) {
        throw new IllegalArgumentException("a package prefix ends with '.': " + p);
      }
    }
    this.pluginName = pluginName;
    this.ownPackages = List.copyOf(ownPackages);
  }

  /** The plugin's name ({@code spark}). */
  public String pluginName() {
    return pluginName;
  }

  /** Whether {@code className} comes from the parent first (JDK and shared Larder classes). */
  boolean parentFirst(String className) {
    if (className.startsWith("dev.larder.")) {
      return ownPackages.stream().noneMatch(className::startsWith);
    }
    int dot = className.lastIndexOf('.');
    return dot > 0 && jdkPackages().contains(className.substring(0, dot));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (parentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException notInPlugin) {
          c = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    URL url = findResource(name);
    return url != null ? url : getParent().getResource(name);
  }

  /**
   * The plugin's resources of {@code name}, then the parent's; but for the service list of a
   * service type the plugin has its own copy of ({@code META-INF/services/org.slf4j.spi…}), only
   * the plugin's: the parent's providers implement the parent's copy, which is another type here.
   */
  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    if (!ownServiceType(name)) {
      all.addAll(Collections.list(getParent().getResources(name)));
    }
    return Collections.enumeration(all);
  }

  private boolean ownServiceType(String resource) {
    String prefix = "META-INF/services/";
    if (!resource.startsWith(prefix)) {
      return false;
    }
    String service = resource.substring(prefix.length());
    return !parentFirst(service) && findResource(service.replace('.', '/') + ".class") != null;
  }

  @Override
  public String toString() {
    return getName() + " " + List.of(getURLs());
  }

  private static Set<String> jdkPackages() {
    Set<String> packages = jdkPackages;
    if (packages == null) {
      packages =
          ModuleLayer.boot().modules().stream()
              .flatMap(m -> m.getPackages().stream())
              .collect(Collectors.toUnmodifiableSet());
      jdkPackages = packages;
    }
    return packages;
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }
    return urls;
  }
}
