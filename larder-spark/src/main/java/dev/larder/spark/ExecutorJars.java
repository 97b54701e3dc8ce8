package dev.larder.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jars Spark's executors need to run Larder's own code (the materialization's writes, {@link
 * ExecutorWrites}): larder-spark, larder-core, the online stores' modules and their clients, which
 * are not on a Spark cluster's class path. The build puts them in the plugin's {@code executor/}
 * folder, beside its {@code lib/} ({@code larder-spark/target/larder-spark-plugin/executor}, then
 * {@code plugins/spark/executor} once installed); Spark's own jars (Jackson, protobuf, SLF4J,
 * commons-codec) are on the executors already and are not repeated.
 *
 * <p>{@link #ship} adds them to {@code spark.jars} when the master is a cluster; in local mode the
 * executors run in the driver's JVM, where the classes are already.
 */
final class ExecutorJars {
  /** The folder beside the plugin's {@code lib/}. */
  static final String FOLDER = "executor";

  private ExecutorJars() {}

  /**
   * The plugin's {@code executor/} folder, found from where this class was loaded: beside the
   * {@code lib/} of {@code <plugin>/lib/larder-spark-*.jar}; or, for this module's own tests, which
   * load it from {@code target/classes} or {@code target/larder-spark-*.jar}, the build's {@code
   * target/larder-spark-plugin/executor}. Empty when there is none.
   */
  static Optional<Path> folder() {
    CodeSource code = ExecutorJars.class.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path loaded = Path.of(code.getLocation().toURI());
      Path parent = loaded.getParent();
      if (parent == null || parent.getParent() == null) {
        return Optional.empty();
      }
      for (Path candidate :
          List.of(
              parent.resolveSibling(FOLDER),
              parent.resolve("larder-spark-plugin").resolve(FOLDER))) {
        if (Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The jars of {@code folder}, by name. */
  static List<Path> jars(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /**
   * Adds the jars of {@link #folder()} to {@code conf}'s {@code spark.jars} (after any given there)
   * unless {@code master} is local.
   */
  static void ship(Map<String, String> conf, String master) {
    if (master.startsWith("local")) {
      return;
    }
    Optional<Path> folder = folder();
    if (folder.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>();
    String given = conf.get("spark.jars");
    if (given != null && !given.isBlank()) {
      all.add(given.strip());
    }
    jars(folder.get()).forEach(j -> all.add(j.toAbsolutePath().toUri().toString()));
    conf.put("spark.jars", String.join(",", all));
  }
}
