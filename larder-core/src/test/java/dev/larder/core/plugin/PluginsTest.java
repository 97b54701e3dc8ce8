package dev.larder.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.repo.BackendFactories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin folders with jars compiled here: a "parent" jar standing for Larder's class path, and a
 * plugin {@code fake} whose jar has a factory and its own copies of classes the parent also has.
 */
class PluginsTest {
  @TempDir static Path dir;

  /** A loader standing for the application class path: larder-core's classes plus parent.jar. */
  static ClassLoader parent;

  /** The folder of plugins: {@code fake/lib/fake.jar}. */
  static Path pluginsRoot;

  @BeforeAll
  static void buildJars() throws IOException {
    Path larderCore =
        Path.of(
            OfflineEngineFactory.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
    Path parentJar =
        compileJar(
            dir.resolve("parent"),
            Map.of(
                "org.example.Shared",
                shared("parent"),
                "org.example.OnlyInParent",
                "package org.example; public class OnlyInParent {}",
                "dev.larder.fake.Owned",
                owned("parent"),
                "dev.larder.other.Shared",
                larderShared("parent"),
                "org.example.Spi",
                "package org.example; public interface Spi {}",
                "org.example.ParentSpi",
                "package org.example; public class ParentSpi implements Spi {}"),
            Map.of(
                "shared.txt",
                "parent",
                "META-INF/services/org.example.Spi",
                "org.example.ParentSpi\n"),
            List.of());
    parent =
        new URLClassLoader(
            new URL[] {parentJar.toUri().toURL()}, PluginsTest.class.getClassLoader());

    pluginsRoot = dir.resolve("plugins");
    Path lib = Files.createDirectories(pluginsRoot.resolve("fake").resolve("lib"));
    Path pluginJar =
        compileJar(
            dir.resolve("plugin"),
            Map.of(
                "org.example.Shared",
                shared("plugin"),
                "dev.larder.fake.Owned",
                owned("plugin"),
                "dev.larder.other.Shared",
                larderShared("plugin"),
                "org.example.Spi",
                "package org.example; public interface Spi {}",
                "org.example.PluginSpi",
                "package org.example; public class PluginSpi implements Spi {}",
                "dev.larder.fake.FakeEngineFactory",
                """
                package dev.larder.fake;
                public final class FakeEngineFactory
                    implements dev.larder.core.offline.OfflineEngineFactory {
                  @Override public String type() {
                    return "fake-" + org.example.Shared.version();
                  }
                  @Override public dev.larder.core.repo.StoreConfig configure(
                      dev.larder.core.repo.BackendSection section) {
                    return dev.larder.core.repo.StoreConfig.of(type());
                  }
                  @Override public dev.larder.core.offline.OfflineEngine open(
                      dev.larder.core.repo.RepoConfig config) {
                    throw new IllegalStateException("a test plugin opens no engine");
                  }
                }
                """),
            Map.of(
                "shared.txt",
                "plugin",
                "META-INF/services/dev.larder.core.offline.OfflineEngineFactory",
                "dev.larder.fake.FakeEngineFactory\n",
                "META-INF/services/org.example.Spi",
                "org.example.PluginSpi\n"),
            List.of(parentJar, larderCore));
    Files.move(pluginJar, lib.resolve("fake.jar"));
  }

  @Test
  void aClassInBothThePluginAndTheParentComesFromThePlugin() throws Exception {
    ClassLoader loader = fakeLoader(Plugins.of(List.of(pluginsRoot), parent));
    assertThat(version(loader.loadClass("org.example.Shared"))).isEqualTo("plugin");
    assertThat(version(parent.loadClass("org.example.Shared"))).isEqualTo("parent");
    assertThat(loader.loadClass("org.example.Shared").getClassLoader()).isSameAs(loader);
    // the packages the plugin owns come from it too
    assertThat(version(loader.loadClass("dev.larder.fake.Owned"))).isEqualTo("plugin");
    assertThat(
            new String(
                loader.getResourceAsStream("shared.txt").readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("plugin");
  }

  @Test
  void aServiceTypeOfThePluginsOwnListsOnlyThePluginsProviders() throws Exception {
    // as slf4j's providers: the parent's implements the parent's copy of the type, not the plugin's
    ClassLoader loader = fakeLoader(Plugins.of(List.of(pluginsRoot), parent));
    Class<?> spi = loader.loadClass("org.example.Spi");
    assertThat(ServiceLoader.load(spi, loader).stream().map(p -> p.type().getName()))
        .containsExactly("org.example.PluginSpi");
    // a service type that both share (Larder's, the JDK's) lists the parent's providers too
    assertThat(
            Collections.list(
                loader.getResources(
                    "META-INF/services/dev.larder.core.offline.OfflineEngineFactory")))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void larderAndJdkClassesComeFromTheParentAndWhatThePluginLacksFallsBackToIt() throws Exception {
    ClassLoader loader = fakeLoader(Plugins.of(List.of(pluginsRoot), parent));
    assertThat(version(loader.loadClass("dev.larder.other.Shared"))).isEqualTo("parent");
    assertThat(loader.loadClass("dev.larder.core.offline.OfflineEngineFactory"))
        .isSameAs(OfflineEngineFactory.class);
    assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
    assertThat(loader.loadClass("javax.tools.ToolProvider")).isSameAs(ToolProvider.class);
    assertThat(loader.loadClass("org.example.OnlyInParent").getClassLoader()).isSameAs(parent);
    assertThatThrownBy(() -> loader.loadClass("org.example.Nowhere"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aTypeMissingFromTheClassPathIsFoundInAPluginWhichSeesItsOwnClasses() {
    Plugins plugins = Plugins.of(List.of(pluginsRoot), parent);
    // the factory's type() reads org.example.Shared: "plugin" proves it resolved in the plugin
    OfflineEngineFactory factory =
        BackendFactories.forType(
            OfflineEngineFactory.class,
            "offline_store",
            "fake-plugin",
            OfflineEngineFactory.EXAMPLE,
            plugins);
    assertThat(factory.getClass().getName()).isEqualTo("dev.larder.fake.FakeEngineFactory");
    assertThat(factory.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
    // the class path's own factories are not listed again through the plugin's parent
    assertThat(plugins.factories(OfflineEngineFactory.class))
        .extracting(OfflineEngineFactory::type)
        .containsExactly("fake-plugin");
    // one loader per plugin folder and process
    assertThat(plugins.loader(plugins.plugin("fake").orElseThrow()))
        .isSameAs(factory.getClass().getClassLoader());
  }

  @Test
  void aPluginFolderMayBeOnThePathItselfAndIsNamedWithoutLarderAndPlugin() throws IOException {
    Path own = Files.createDirectories(dir.resolve("larder-fake-plugin").resolve("lib"));
    Files.copy(pluginsRoot.resolve("fake/lib/fake.jar"), own.resolve("fake.jar"));
    Plugins plugins = Plugins.of(List.of(own.getParent()), parent);
    assertThat(plugins.plugins()).extracting(Plugins.Plugin::name).containsExactly("fake");
    assertThat(plugins.plugins().get(0).ownPackage()).isEqualTo("dev.larder.fake.");
  }

  @Test
  void theClassPathIsAskedFirstAndPluginsAreNotOpenedForItsTypes() throws IOException {
    // a plugin whose jar is a dangling link: opening it would fail, so duckdb must not open it
    Path lib = Files.createDirectories(dir.resolve("broken").resolve("gone").resolve("lib"));
    Files.createSymbolicLink(lib.resolve("gone.jar"), dir.resolve("no-such.jar"));
    Plugins plugins = Plugins.of(List.of(dir.resolve("broken")), parent);
    assertThat(
            BackendFactories.forType(
                    OfflineEngineFactory.class,
                    "offline_store",
                    "duckdb",
                    OfflineEngineFactory.EXAMPLE,
                    plugins)
                .type())
        .isEqualTo("duckdb");
    assertThatThrownBy(
            () ->
                BackendFactories.forType(
                    OfflineEngineFactory.class,
                    "offline_store",
                    "nothing",
                    OfflineEngineFactory.EXAMPLE,
                    plugins))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("plugin 'gone' at " + lib.getParent())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void sparkWithoutItsPluginSaysWhichPluginIsMissingAndHowToInstallIt() {
    Plugins plugins = Plugins.of(List.of(pluginsRoot), parent);
    assertThatThrownBy(
            () ->
                BackendFactories.forType(
                    OfflineEngineFactory.class,
                    "offline_store",
                    "spark",
                    OfflineEngineFactory.EXAMPLE,
                    plugins))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "offline_store type 'spark' comes from the plugin 'spark', which is not installed"
                + " (plugin path: "
                + pluginsRoot
                + ")")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .startsWith("Run 'bin/larder plugin install spark' in your Larder checkout"));
    // a type no plugin provides lists the plugins' types with the class path's
    assertThatThrownBy(
            () ->
                BackendFactories.forType(
                    OfflineEngineFactory.class,
                    "offline_store",
                    "fake-plugn",
                    OfflineEngineFactory.EXAMPLE,
                    plugins))
        .hasMessage(
            "offline_store type 'fake-plugn' is not available; did you mean 'fake-plugin'?"
                + " available: duckdb, file, dask, fake-plugin");
  }

  @Test
  void thePathComesFromThePropertyThenTheEnvironment() {
    String before = System.getProperty(Plugins.PATH_PROPERTY);
    try {
      System.setProperty(
          Plugins.PATH_PROPERTY,
          pluginsRoot + java.io.File.pathSeparator + " " + java.io.File.pathSeparator + dir);
      assertThat(Plugins.fromEnvironment().path()).containsExactly(pluginsRoot, dir);
    } finally {
      if (before == null) {
        System.clearProperty(Plugins.PATH_PROPERTY);
      } else {
        System.setProperty(Plugins.PATH_PROPERTY, before);
      }
    }
  }

  private static ClassLoader fakeLoader(Plugins plugins) {
    return plugins.loader(plugins.plugin("fake").orElseThrow());
  }

  private static String version(Class<?> c) throws ReflectiveOperationException {
    return (String) c.getMethod("version").invoke(null);
  }

  private static String shared(String version) {
    return "package org.example; public class Shared { public static String version() { return \""
        + version
        + "\"; } }";
  }

  private static String owned(String version) {
    return "package dev.larder.fake; public class Owned { public static String version() {"
        + " return \""
        + version
        + "\"; } }";
  }

  private static String larderShared(String version) {
    return "package dev.larder.other; public class Shared { public static String version() {"
        + " return \""
        + version
        + "\"; } }";
  }

  /** Compiles {@code sources} (class name → source) into a jar with {@code resources}. */
  static Path compileJar(
      Path work, Map<String, String> sources, Map<String, String> resources, List<Path> classPath)
      throws IOException {
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn"));
    if (!classPath.isEmpty()) {
      args.add("-classpath");
      args.add(
          String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    OutputStream err =
        new OutputStream() {
          @Override
          public void write(int b) {
            errors.write(b);
          }
        };
    int rc = javac.run(null, null, err, args.toArray(String[]::new));
    assertThat(rc).as("javac: %s", errors).isZero();
    for (Map.Entry<String, String> e : resources.entrySet()) {
      Path file = classes.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    Path jar = work.resolve(work.getFileName() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
