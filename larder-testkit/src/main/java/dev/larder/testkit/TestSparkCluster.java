package dev.larder.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.larder.core.plugin.PluginClassLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A Spark standalone cluster of a test's own on 127.0.0.1: one master and one worker, each a {@code
 * java} process of its own, started from the jars of the Spark plugin that larder-spark's build
 * assembles ({@code larder-spark/target/larder-spark-plugin/lib}), so the tests run on the Spark
 * version the project builds with and on nothing from outside the build.
 *
 * <p>What it does, as found to work with Spark 4.0 on Java 17: a temporary {@code SPARK_HOME} whose
 * {@code jars/} links to every jar of the plugin's {@code lib/} except Larder's own ({@code
 * larder-*.jar}: on a real cluster Larder's classes reach the executors through {@code spark.jars},
 * and a Larder class on the executors' own class path could not see Larder classes shipped that
 * way); master and worker get the {@code --add-opens} flags of Spark's {@code JavaModuleOptions}
 * (read from the plugin's spark-launcher jar), {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION=2.13}
 * and {@code SPARK_LOCAL_IP=127.0.0.1}; the worker builds its executors' class path from {@code
 * SPARK_HOME/jars}. Start waits until the master's JSON page ({@code http://127.0.0.1:<web
 * port>/json/}) counts the worker as alive.
 *
 * <p>Use it with try-with-resources, or as a JUnit 5 extension that starts one cluster for a test
 * class, stops it after the class and prints the cluster's logs when a test fails:
 *
 * <pre>{@code
 * @RegisterExtension static final TestSparkCluster.Extension spark = TestSparkCluster.extension();
 *
 * @Test void retrievalOnACluster() {
 *   Map<String, String> conf = spark.cluster().clientConf(); // spark.master: spark://127.0.0.1:P, …
 *   …
 * }
 * }</pre>
 *
 * <p>The client side (the driver) runs in the test's JVM, in one of two ways. In larder-spark's own
 * tests, whose class path has Spark (and Spark's Jackson), open the engine or a {@code
 * FeatureStore} whose {@code offline_store} is {@code {type: spark, spark_conf: <clientConf()>}}
 * ({@code SparkClusterOfflineEngineContractIT} does). Where the class path is Larder's (Jackson
 * 2.23, no Spark), run the driver in the plugin's class loader, as {@code bin/larder} does: set
 * {@code larder.plugin.path} to {@link #pluginFolder()} before the repository is opened, or, for
 * code compiled against Spark, load it with {@link #clientLoader} ({@code StandaloneSparkClusterIT}
 * does). Either way the test JVM needs Spark's {@code --add-opens} flags on its command line: the
 * parent POM's {@code ${spark.java.options}} in failsafe's {@code argLine}. Larder classes that run
 * on executors (none today: the engine is Spark SQL only) would go there through {@code spark.jars}
 * ({@link #larderJars()} and larder-core's jar), as on a real cluster.
 *
 * <p>Close kills both processes and their executors, copies the logs (master, worker, each
 * executor's stdout and stderr) to {@link #keptLog()} (in {@code target/} when the working
 * directory has one), and deletes the temporary folder. A cluster left open at JVM exit is closed
 * by a shutdown hook. When the plugin is not built, {@link #requirePlugin()} skips the test with
 * the reason (or, when {@code CI=true} and the project has larder-spark, fails it).
 */
public final class TestSparkCluster implements AutoCloseable {
  /** A system property naming the plugin's {@code lib/} folder; else it is found from the cwd. */
  public static final String PLUGIN_LIB_PROPERTY = "larder.spark.plugin.lib";

  /** Where larder-spark's build assembles the plugin, relative to the project's root. */
  public static final Path PLUGIN_LIB =
      Path.of("larder-spark", "target", "larder-spark-plugin", "lib");

  /** The most the master and the worker's registration may take. */
  private static final Duration START = Duration.ofSeconds(90);

  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  /** Clusters not closed yet, for the shutdown hook. */
  private static final Set<TestSparkCluster> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.copyOf(LIVE).forEach(TestSparkCluster::close), "test-spark-stop"));
  }

  private final Path lib;
  private final Path dir;
  private final int cores;
  private final String workerMemory;
  private final int masterPort;
  private final int masterWebPort;
  private final int workerPort;
  private final int workerWebPort;
  private final List<Process> processes = new ArrayList<>();
  private Path keptLog;

  private TestSparkCluster(Path lib, Path dir, int cores, String workerMemory) {
    this.lib = lib;
    this.dir = dir;
    this.cores = cores;
    this.workerMemory = workerMemory;
    int[] ports = freePorts(4);
    this.masterPort = ports[0];
    this.masterWebPort = ports[1];
    this.workerPort = ports[2];
    this.workerWebPort = ports[3];
  }

  /** A cluster to start: options, then {@link Builder#start()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a master and a worker of 2 cores and 1 GB from the built plugin ({@link
   * #findPluginLib}).
   */
  public static TestSparkCluster start() {
    return builder().start();
  }

  /** A JUnit 5 extension that starts a default cluster before a test class and stops it after. */
  public static Extension extension() {
    return new Extension(builder(), false);
  }

  /**
   * A JUnit 5 extension whose default cluster serves every test class of the JVM that registers
   * this one: the first such class starts it, and it stops after the last test of the run (or at
   * JVM exit), which saves a master's and a worker's start per class. For classes that leave the
   * cluster as they found it (their applications stopped after the class, no process killed), and
   * whose assertions hold whatever applications ran on it before; a cluster whose worker is gone is
   * replaced.
   */
  public static Extension sharedExtension() {
    return new Extension(builder(), true);
  }

  /** What a cluster is started with. */
  public static final class Builder {
    private Path lib;
    private int cores = 2;
    private String workerMemory = "1g";

    private Builder() {}

    /** The plugin's {@code lib/} folder (default: {@link #findPluginLib()}). */
    public Builder pluginLib(Path lib) {
      if (this.lib != null) {
        throw new IllegalStateException("the plugin's lib folder is already set to " + this.lib);
      }
      this.lib = lib;
      return this;
    }

    /** The worker's cores (default 2): executors of this cluster together use at most these. */
    public Builder cores(int cores) {
      if (cores < 1) {
        throw new IllegalArgumentException("a worker needs at least one core, not " + cores);
      }
      this.cores = cores;
      return this;
    }

    /** The worker's memory for executors, as Spark writes it (default {@code 1g}). */
    public Builder workerMemory(String memory) {
      if (!memory.matches("\\d+[mg]")) {
        throw new IllegalArgumentException("worker memory is like 512m or 1g, not " + memory);
      }
      this.workerMemory = memory;
      return this;
    }

    /** An extension that starts this cluster before a test class (see {@link #extension()}). */
    public Extension extension() {
      return new Extension(this, false);
    }

    /**
     * Starts the master and the worker on free ports and waits until the worker is registered;
     * tries new ports when another process took one between the choice and the start.
     *
     * @throws IllegalStateException when they do not start, with their logs
     */
    public TestSparkCluster start() {
      Path where = lib != null ? lib : requirePlugin();
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        TestSparkCluster cluster;
        try {
          cluster =
              new TestSparkCluster(
                  where, Files.createTempDirectory("larder-spark-"), cores, workerMemory);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          cluster.launch();
          return cluster;
        } catch (IllegalStateException e) {
          last = e;
          cluster.close();
        }
      }
      throw last;
    }
  }

  /**
   * The plugin's {@code lib/} folder: the system property {@value #PLUGIN_LIB_PROPERTY}, else
   * {@link #PLUGIN_LIB} under the working directory or the nearest folder above it that has one.
   */
  public static Optional<Path> findPluginLib() {
    String property = System.getProperty(PLUGIN_LIB_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Optional.of(Path.of(property).toAbsolutePath()).filter(Files::isDirectory);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(PLUGIN_LIB))) {
        return Optional.of(d.resolve(PLUGIN_LIB));
      }
      if (Files.isRegularFile(d.resolve("larder-spark").resolve("pom.xml"))) {
        return Optional.empty(); // the project's root, without a built plugin
      }
    }
    return Optional.empty();
  }

  /**
   * The plugin's {@code lib/} folder; skips the calling test when it is not built, or fails it when
   * {@code CI=true} and the project has a larder-spark module (whose {@code package} makes it).
   */
  public static Path requirePlugin() {
    Optional<Path> found = findPluginLib();
    if (found.isPresent()) {
      return found.get();
    }
    String reason =
        "no Spark plugin built ("
            + PLUGIN_LIB
            + " or -D"
            + PLUGIN_LIB_PROPERTY
            + "); build it with 'mvn -pl larder-spark -am package -DskipTests'";
    if ("true".equals(System.getenv("CI")) && projectHasSparkModule()) {
      fail(reason + "; CI must have it");
    }
    System.out.println("skipping: " + reason);
    assumeTrue(false, reason);
    throw new IllegalStateException(reason);
  }

  private static boolean projectHasSparkModule() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("larder-spark").resolve("pom.xml"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code spark://127.0.0.1:<port>}, the master's URL for {@code spark.master}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's web UI, whose {@code json/} page tells the cluster's state. */
  public URI masterWebUi() {
    return URI.create("http://127.0.0.1:" + masterWebPort + "/");
  }

  /** The process ids of the master and the worker (executors are the worker's children). */
  public synchronized List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /** The worker's cores. */
  public int cores() {
    return cores;
  }

  /** The plugin's {@code lib/} folder the cluster was started from. */
  public Path pluginLib() {
    return lib;
  }

  /** The plugin's folder ({@code lib/}'s parent): an entry for {@code larder.plugin.path}. */
  public Path pluginFolder() {
    return lib.getParent();
  }

  /** The cluster's {@code SPARK_HOME} (temporary). */
  public Path sparkHome() {
    return dir.resolve("spark-home");
  }

  /** A folder for the test's data (temporary, deleted on close); executors can read it. */
  public Path dataDir() {
    Path data = dir.resolve("data");
    try {
      return Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every jar of the plugin's {@code lib/}. */
  public List<Path> jars() {
    return listJars(lib);
  }

  /**
   * Larder's own jars of the plugin ({@code larder-*.jar}, which {@link #sparkHome()} leaves out):
   * what a driver ships to executors with {@code spark.jars}, with larder-core's jar.
   */
  public List<Path> larderJars() {
    return jars().stream().filter(TestSparkCluster::isLarderJar).toList();
  }

  /**
   * The settings a driver needs for this cluster: {@code spark.master}; driver host and bind
   * address 127.0.0.1; executor memory of the worker's size; the warehouse and local folders in the
   * temporary folder (not the working directory); no driver web UI (whose port 4040 other tests may
   * hold). Add {@code spark.jars} for Larder's classes.
   */
  public Map<String, String> clientConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.master", masterUrl());
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.executor.memory", workerMemory);
    conf.put("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString());
    conf.put("spark.local.dir", dir.resolve("driver-local").toString());
    conf.put("spark.ui.enabled", "false");
    return conf;
  }

  /**
   * A class loader for driver code compiled against Spark: the plugin's jars and {@code extraJars}
   * (first), child-first over the test's class loader, as {@code bin/larder} loads the plugin. Set
   * it as the thread's context class loader while Spark runs (Spark finds its data sources there).
   * Close it when done.
   */
  public PluginClassLoader clientLoader(List<Path> extraJars) {
    List<Path> all = new ArrayList<>(extraJars);
    all.addAll(jars());
    return new PluginClassLoader(
        "spark", all, TestSparkCluster.class.getClassLoader(), List.of("dev.larder.spark."));
  }

  /**
   * The JVM options Spark needs on Java 17 ({@code --add-opens …}), from the {@code
   * JavaModuleOptions} of the plugin's spark-launcher jar.
   */
  public static List<String> javaModuleOptions(Path lib) {
    List<Path> launcher =
        listJars(lib).stream()
            .filter(j -> j.getFileName().toString().startsWith("spark-launcher_"))
            .toList();
    if (launcher.isEmpty()) {
      throw new IllegalStateException("no spark-launcher jar in " + lib);
    }
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {launcher.get(0).toUri().toURL()}, null)) {
      Class<?> options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions");
      return List.of((String[]) options.getMethod("defaultModuleOptionArray").invoke(null));
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read Spark's JavaModuleOptions from " + launcher, e);
    }
  }

  /** How many workers the master counts as alive now (-1 when it does not answer). */
  public int aliveWorkers() {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(masterWebUi().resolve("json/"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE_WORKERS.matcher(response.body());
      return response.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The master's JSON state ({@code json/}), for assertions about applications. */
  public String masterState() {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(masterWebUi().resolve("json/"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The logs so far: master, worker, and each executor's {@code stdout} and {@code stderr} (in the
   * worker's work folder), each under a header line.
   */
  public String log() {
    if (keptLog != null && !Files.exists(dir)) {
      try {
        return Files.readString(keptLog);
      } catch (IOException e) {
        return "(cannot read " + keptLog + ": " + e + ")";
      }
    }
    StringBuilder out = new StringBuilder();
    List<Path> files =
        new ArrayList<>(List.of(dir.resolve("master.log"), dir.resolve("worker.log")));
    Path work = dir.resolve("work");
    if (Files.isDirectory(work)) {
      try (Stream<Path> all = Files.walk(work)) {
        all.filter(
                f -> Files.isRegularFile(f) && f.getFileName().toString().matches("stdout|stderr"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        out.append("(cannot list ").append(work).append(": ").append(e).append(")\n");
      }
    }
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        out.append("===== ").append(dir.relativize(f)).append('\n');
        try {
          out.append(Files.readString(f));
        } catch (IOException e) {
          out.append("(cannot read: ").append(e).append(")\n");
        }
      }
    }
    return out.toString();
  }

  /** Where {@link #close} keeps the logs (null until then). */
  public Path keptLog() {
    return keptLog;
  }

  /**
   * Kills the master, the worker and the executors (each process with its descendants), keeps the
   * logs in {@link #keptLog()} and deletes the temporary folder.
   */
  @Override
  public synchronized void close() {
    try {
      for (int i = processes.size() - 1; i >= 0; i--) {
        killTree(processes.get(i).toHandle());
      }
      processes.clear();
      keepLog();
    } finally {
      LIVE.remove(this);
      TestRedisServer.deleteTree(dir);
    }
  }

  @Override
  public String toString() {
    return "Spark standalone cluster " + masterUrl() + " (web UI " + masterWebUi() + ")";
  }

  private void launch() {
    LIVE.add(this);
    try {
      Path jars = Files.createDirectories(sparkHome().resolve("jars"));
      for (Path jar : jars()) {
        if (!isLarderJar(jar)) {
          Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
        }
      }
      Files.createDirectories(dir.resolve("work"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make SPARK_HOME in " + dir, e);
    }
    List<String> jvm = javaModuleOptions(lib);
    start(
        "master.log",
        jvm,
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        String.valueOf(masterPort),
        "--webui-port",
        String.valueOf(masterWebPort));
    waitFor("the master's web UI", () -> aliveWorkers() >= 0);
    start(
        "worker.log",
        jvm,
        "org.apache.spark.deploy.worker.Worker",
        "--host",
        "127.0.0.1",
        "--port",
        String.valueOf(workerPort),
        "--webui-port",
        String.valueOf(workerWebPort),
        "--cores",
        String.valueOf(cores),
        "--memory",
        workerMemory,
        "--work-dir",
        dir.resolve("work").toString(),
        masterUrl());
    waitFor("the worker's registration", () -> aliveWorkers() >= 1);
  }

  private void start(String logName, List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(sparkHome().resolve("jars") + "/*");
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(logName).toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", dir.resolve("worker-local").toString());
    env.put("SPARK_WORKER_DIR", dir.resolve("work").toString());
    env.remove("SPARK_CONF_DIR");
    try {
      processes.add(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private void waitFor(String what, java.util.function.BooleanSupplier ready) {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              this + ": a process exited with " + p.exitValue() + " before " + what + "\n" + log());
        }
      }
      if (ready.getAsBoolean()) {
        return;
      }
      TestRedisServer.sleep(250);
    }
    throw new IllegalStateException(
        this + ": no " + what + " within " + START.toSeconds() + " s\n" + log());
  }

  private void keepLog() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    Path target = Path.of("target");
    Path folder =
        Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    Path file = folder.resolve("spark-cluster-" + masterPort + ".log").toAbsolutePath();
    try {
      Files.writeString(file, log());
      keptLog = file;
    } catch (IOException e) {
      System.err.println("could not keep the Spark cluster's log in " + file + ": " + e);
    }
  }

  private static void killTree(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("process " + p.pid() + " did not exit: " + e);
      }
    }
  }

  private static boolean isLarderJar(Path jar) {
    return jar.getFileName().toString().startsWith("larder-");
  }

  private static List<Path> listJars(Path lib) {
    try (Stream<Path> files = Files.list(lib)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + lib, e);
    }
  }

  /** {@code n} different ports of 127.0.0.1 that are free now. */
  private static int[] freePorts(int n) {
    Set<Integer> ports = new java.util.LinkedHashSet<>();
    for (int attempt = 0; attempt < 1000 && ports.size() < n; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
      if (bindable(port)) {
        ports.add(port);
      }
    }
    if (ports.size() < n) {
      throw new IllegalStateException("no " + n + " free ports found on 127.0.0.1");
    }
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts a cluster before a test class and stops it after; when a test fails, prints the
   * cluster's logs (master, worker, executors) to stdout.
   */
  public static final class Extension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final ExtensionContext.Namespace SHARED =
        ExtensionContext.Namespace.create(TestSparkCluster.class, "shared");

    private final Builder builder;
    private final boolean shared;
    private TestSparkCluster cluster;

    private Extension(Builder builder, boolean shared) {
      this.builder = builder;
      this.shared = shared;
    }

    /** The running cluster. */
    public TestSparkCluster cluster() {
      if (cluster == null) {
        throw new IllegalStateException("the Spark cluster starts before the test class");
      }
      return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      if (!shared) {
        cluster = builder.start();
        return;
      }
      // The root context's store closes what it holds (an AutoCloseable) after the whole run.
      ExtensionContext.Store store = context.getRoot().getStore(SHARED);
      TestSparkCluster found = store.get("cluster", TestSparkCluster.class);
      if (found != null && found.aliveWorkers() < 1) {
        store.remove("cluster");
        found.close();
        found = null;
      }
      if (found == null) {
        found = builder.start();
        store.put("cluster", found);
      }
      cluster = found;
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (cluster != null && !shared) {
        cluster.close();
      }
      cluster = null;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (cluster != null) {
        System.out.println(
            "===== "
                + cluster
                + " logs, after "
                + context.getDisplayName()
                + " failed:\n"
                + cluster.log());
      }
    }
  }
}
