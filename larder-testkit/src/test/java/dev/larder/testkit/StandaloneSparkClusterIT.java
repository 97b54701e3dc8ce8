package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.plugin.PluginClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster from the Spark plugin's jars: a driver in this JVM (in the plugin's
 * class loader, beside this JVM's own Jackson) runs jobs that the worker's executors carry out,
 * reads a Parquet file that DuckDB wrote, and ships its own classes to the executors with {@code
 * spark.jars}. Needs the plugin built (larder-spark's {@code package}); skips without it.
 */
class StandaloneSparkClusterIT {
  @TempDir Path tmp;

  @Test
  void executorsOfAStandaloneWorkerRunTheJobsOfADriverInThePluginsClassLoader() throws Exception {
    Path lib = TestSparkCluster.requirePlugin();
    assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
        .as("failsafe's argLine has Spark's --add-opens (the parent POM's spark.java.options)")
        .containsAll(
            TestSparkCluster.javaModuleOptions(lib).stream()
                .filter(o -> o.startsWith("--add-opens"))
                .toList());
    Path probeJar = compileProbe(lib);
    List<Long> executorPids = new ArrayList<>();
    List<Long> clusterPids;
    Path sparkHome;
    try (TestSparkCluster cluster = TestSparkCluster.builder().pluginLib(lib).cores(2).start()) {
      sparkHome = cluster.sparkHome();
      clusterPids = cluster.pids();
      assertThat(cluster.aliveWorkers()).isEqualTo(1);
      assertThat(cluster.masterUrl()).matches("spark://127\\.0\\.0\\.1:\\d+");
      assertThat(Files.list(sparkHome.resolve("jars")).count())
          .isEqualTo(cluster.jars().size() - cluster.larderJars().size())
          .isGreaterThan(100);

      Path parquet = cluster.dataDir().resolve("values.parquet");
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        s.execute(
            "COPY (SELECT range AS id, range * 3 AS v FROM range(1000)) TO '"
                + parquet
                + "' (FORMAT parquet)");
      }
      Map<String, String> in = new LinkedHashMap<>(cluster.clientConf());
      in.put("spark.jars", probeJar.toUri().toString());
      in.put("spark.log.level", "WARN");
      in.put("probe.parquet", parquet.toUri().toString());
      in.put("probe.out", cluster.dataDir().resolve("written").toUri().toString());

      Map<String, String> out;
      // not closed: Spark's threads still load classes after the session stops
      PluginClassLoader loader = cluster.clientLoader(List.of(probeJar));
      try {
        @SuppressWarnings("unchecked")
        Function<Map<String, String>, Map<String, String>> probe =
            (Function<Map<String, String>, Map<String, String>>)
                loader.loadClass("sparkprobe.ClusterProbe").getConstructor().newInstance();
        out = probe.apply(in);
      } catch (RuntimeException | Error e) {
        System.out.println(cluster.log());
        throw e;
      }

      assertThat(out.get("master")).isEqualTo(cluster.masterUrl());
      assertThat(out.get("count")).isEqualTo("1000000");
      assertThat(out.get("parquetRows")).isEqualTo("1000");
      assertThat(out.get("parquetSum")).isEqualTo("1498500");
      assertThat(out.get("writtenSum")).isEqualTo("999000");
      // the map ran in executor JVMs started by the worker, not in this one
      long self = ProcessHandle.current().pid();
      for (String jvm : out.get("executorJvms").split(",")) {
        String[] pidAndMain = jvm.split(" ");
        assertThat(pidAndMain[1])
            .isEqualTo("org.apache.spark.executor.CoarseGrainedExecutorBackend");
        long pid = Long.parseLong(pidAndMain[0]);
        assertThat(pid).isNotEqualTo(self);
        executorPids.add(pid);
      }
      assertThat(executorPids).isNotEmpty();
      assertThat(cluster.masterState()).contains(out.get("app"));
      // Spark's Jackson in the plugin, Larder's on this class path, in one JVM
      assertThat(out.get("jackson"))
          .isNotEqualTo(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
      assertThat(cluster.log()).contains("Successfully registered with master");
    }
    for (long pid : clusterPids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty();
    }
    for (long pid : executorPids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty();
    }
    assertThat(sparkHome).doesNotExist();
  }

  /** Compiles {@code sparkprobe.ClusterProbe} against the plugin's jars into a jar. */
  private Path compileProbe(Path lib) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/sparkprobe"));
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    try (InputStream in = getClass().getResourceAsStream("/sparkprobe/ClusterProbe.java")) {
      Files.write(src.resolve("ClusterProbe.java"), in.readAllBytes());
    }
    String classPath;
    try (Stream<Path> jars = Files.list(lib)) {
      classPath =
          String.join(java.io.File.pathSeparator, jars.map(Path::toString).sorted().toList());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    int rc =
        javac.run(
            null,
            null,
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                errors.write(b);
              }
            },
            "-d",
            classes.toString(),
            "-classpath",
            classPath,
            "-proc:none",
            src.resolve("ClusterProbe.java").toString());
    assertThat(rc).as("javac: %s", errors).isZero();
    Path jar = tmp.resolve("cluster-probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
