package dev.larder.redis;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * Redis servers that integration tests start on 127.0.0.1 from Debian's {@code
 * /usr/bin/redis-server} (the same binary as the shared Redis), each on free ports with a temporary
 * directory of its own, nothing kept on disk. Every server is stopped and its directory deleted by
 * {@link Server#close}, and, should a test run end without closing it (a failure in a callback, an
 * interrupted build), by a JVM shutdown hook. When the binaries are missing, tests are skipped with
 * the reason printed, except when {@code CI=true}, where that is a failure.
 */
final class LocalRedis {
  static final Path SERVER = Path.of("/usr/bin/redis-server");
  static final Path CLI = Path.of("/usr/bin/redis-cli");

  /** How long a server or a cluster may take to answer. */
  private static final long START_MILLIS = 20_000;

  /** Servers not yet closed, for the shutdown hook. */
  private static final Set<Server> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(Server::close), "redis-stop"));
  }

  private LocalRedis() {}

  /** Skips (or, on CI, fails) the calling tests when {@code redis-server} is missing. */
  static void requireBinaries() {
    for (Path binary : List.of(SERVER, CLI)) {
      if (!Files.isExecutable(binary)) {
        String reason = binary + " is missing (Debian's redis-server package installs it)";
        if ("true".equals(System.getenv("CI"))) {
          fail(reason + "; CI must install it");
        }
        System.out.println("skipping tests with servers of their own: " + reason);
        assumeTrue(false, reason);
      }
    }
  }

  /** A port on 127.0.0.1 that is free now, as is the port 10000 above it (a cluster node's bus). */
  private static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
      if (bindable(port) && bindable(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair found on 127.0.0.1");
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
   * Starts a server on a free port with {@code options} (more {@code redis-server} arguments); a
   * TLS server is started with {@link #startTls}.
   */
  static Server start(String... options) {
    return start(false, List.of(options));
  }

  /**
   * Starts a server that speaks only TLS on its port, with {@code options} such as the {@code
   * --tls-cert-file}.
   */
  static Server startTls(String... options) {
    return start(true, List.of(options));
  }

  private static Server start(boolean tls, List<String> options) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Server server = new Server(port, tls, options);
      try {
        server.awaitAnswer();
        return server;
      } catch (IllegalStateException e) {
        // another process may have taken the port between the check and the start
        server.close();
        last = e;
      }
    }
    throw last;
  }

  /** One {@code redis-server} process and its directory. */
  static final class Server implements AutoCloseable {
    final int port;
    final Path dir;
    private final boolean tls;
    private final Process process;

    private Server(int port, boolean tls, List<String> options) {
      this.port = port;
      this.tls = tls;
      try {
        this.dir = Files.createTempDirectory("larder-redis-" + port + "-");
        List<String> command =
            new ArrayList<>(
                List.of(
                    SERVER.toString(),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    tls ? "0" : Integer.toString(port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    dir.toString(),
                    "--logfile",
                    dir.resolve("redis.log").toString()));
        if (tls) {
          command.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        command.addAll(options);
        this.process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + SERVER, e);
      }
      LIVE.add(this);
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
      return "127.0.0.1:" + port;
    }

    /** A client of this server (not for TLS servers); the caller closes it. */
    Jedis client() {
      return new Jedis("127.0.0.1", port);
    }

    /**
     * Waits until the server answers on its port (for a TLS server: accepts connections; any answer
     * to {@code PING}, {@code NOAUTH} too, counts).
     */
    private void awaitAnswer() {
      long deadline = System.currentTimeMillis() + START_MILLIS;
      while (System.currentTimeMillis() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "redis-server on port " + port + " stopped at once:\n" + log());
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
          if (tls) {
            return;
          }
          s.setSoTimeout(1_000);
          OutputStream out = s.getOutputStream();
          out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          String line =
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                  .readLine();
          if (line != null) {
            return;
          }
        } catch (IOException e) {
          // not yet listening
        }
        sleep(20);
      }
      throw new IllegalStateException(
          "redis-server on port " + port + " did not answer within " + START_MILLIS + " ms");
    }

    /** The server's log, for failure messages. */
    String log() {
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(f -> f.toString().endsWith(".log"))
            .map(
                f -> {
                  try {
                    return f.getFileName() + ":\n" + Files.readString(f);
                  } catch (IOException e) {
                    return f + ": " + e;
                  }
                })
            .collect(Collectors.joining("\n"));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    /** Stops the process (TERM, then KILL after 5 s) and deletes its directory. */
    @Override
    public void close() {
      if (!LIVE.remove(this)) {
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      deleteTree(dir);
    }
  }

  /**
   * A Redis Cluster of {@code masters} masters and no replicas, made with {@code redis-cli
   * --cluster create}; ready when every node reports {@code cluster_state:ok}.
   */
  static Cluster cluster(int masters) {
    List<Server> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(
            start(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                "5000"));
      }
      List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
      nodes.forEach(n -> create.add(n.address()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Path out = nodes.get(0).dir.resolve("create.log");
      Process p =
          new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(START_MILLIS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "redis-cli --cluster create failed:\n" + Files.readString(out));
      }
      Cluster cluster = new Cluster(nodes);
      cluster.awaitOk();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      nodes.forEach(Server::close);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot start a Redis Cluster: " + e.getMessage(), e);
    }
  }

  /** A running cluster; closing it stops every node. */
  static final class Cluster implements AutoCloseable {
    final List<Server> nodes;

    private Cluster(List<Server> nodes) {
      this.nodes = List.copyOf(nodes);
    }

    /** The seed nodes as a connection string: every node. */
    String connectionString() {
      return nodes.stream().map(Server::address).collect(Collectors.joining(","));
    }

    private void awaitOk() {
      long deadline = System.currentTimeMillis() + START_MILLIS;
      for (Server node : nodes) {
        try (Jedis j = node.client()) {
          while (true) {
            String info = j.clusterInfo();
            if (info.contains("cluster_state:ok")
                && info.contains("cluster_known_nodes:" + nodes.size())) {
              break;
            }
            if (System.currentTimeMillis() > deadline) {
              throw new IllegalStateException(
                  "node " + node.address() + " is not ready:\n" + info + "\n" + node.log());
            }
            sleep(50);
          }
        }
      }
    }

    @Override
    public void close() {
      nodes.forEach(Server::close);
    }
  }

  /**
   * Starts a cluster before a test class and stops it after, whatever the tests did ({@code
   * {@literal @}RegisterExtension static final}).
   */
  static final class ClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int masters;
    private Cluster cluster;

    ClusterExtension(int masters) {
      this.masters = masters;
    }

    Cluster cluster() {
      if (cluster == null) {
        throw new IllegalStateException("the cluster is not started");
      }
      return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      requireBinaries();
      long start = System.nanoTime();
      cluster = LocalRedis.cluster(masters);
      System.out.printf(
          "started a Redis Cluster of %d masters (%s) in %d ms%n",
          masters, cluster.connectionString(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
