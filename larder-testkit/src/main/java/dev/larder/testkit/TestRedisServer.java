package dev.larder.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of a test's own, on a free port of 127.0.0.1, that the test may kill,
 * pause and restart: tests of what happens when Redis goes away, or that reconfigure Redis
 * (passwords, users, TLS, cluster nodes), never touch the shared Redis of {@code
 * LARDER_TEST_REDIS}. By default it keeps nothing on disk ({@code --save "" --appendonly no}), like
 * the shared one; {@link Builder#appendOnlyFile} keeps every write in an append-only file, so that
 * a restart finds what was written before a kill. {@link TestRedisCluster} is made of these.
 *
 * <p>Its files (log, append-only file, a cluster node's {@code nodes.conf}) are in a directory the
 * test names, or in a temporary one of its own that {@link #close} deletes. Closing kills the
 * process; a server that a test run leaves open (a failure in a callback, an interrupted build) is
 * killed by a JVM shutdown hook. The binary is {@code LARDER_TEST_REDIS_SERVER} or {@code
 * /usr/bin/redis-server}; when it is missing, {@link #requireBinary()} skips the test with the
 * reason printed, and fails it when {@code CI=true}.
 */
public final class TestRedisServer implements AutoCloseable {
  /** The {@code redis-server} binary the tests start. */
  public static final Path BINARY =
      Path.of(System.getenv().getOrDefault("LARDER_TEST_REDIS_SERVER", "/usr/bin/redis-server"));

  /** The most a server may take to answer after it is started. */
  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(20);

  /** Servers not closed yet, for the shutdown hook. */
  private static final Set<TestRedisServer> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(LIVE).forEach(TestRedisServer::close), "test-redis-stop"));
  }

  private final Path dir;
  private final boolean ownDir;
  private final int port;
  private final boolean tls;
  private final List<String> options;
  private Process process;

  private TestRedisServer(Path dir, boolean ownDir, int port, boolean tls, List<String> options) {
    this.dir = dir;
    this.ownDir = ownDir;
    this.port = port;
    this.tls = tls;
    this.options = List.copyOf(options);
  }

  /** Skips (or, when {@code CI=true}, fails) the calling test when there is no {@link #BINARY}. */
  public static void requireBinary() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String reason =
        "no redis-server at "
            + BINARY
            + " (set LARDER_TEST_REDIS_SERVER, or install Debian's redis-server)";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + "; CI must have it");
    }
    System.out.println("skipping: " + reason);
    assumeTrue(false, reason);
  }

  /** A server to start: options, then {@link Builder#start()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server that keeps nothing on disk, its files in a temporary directory of its own. */
  public static TestRedisServer start() {
    return builder().start();
  }

  /** Starts a server that keeps nothing on disk, its files (log) in {@code dir}. */
  public static TestRedisServer start(Path dir) {
    return builder().dir(dir).start();
  }

  /**
   * Starts a server that writes every change to an append-only file in {@code dir} before it
   * answers, so a restart after {@link #kill} has every write that was answered.
   */
  public static TestRedisServer startWithAppendOnlyFile(Path dir) {
    return builder().dir(dir).appendOnlyFile().start();
  }

  /** What a server is started with. */
  public static final class Builder {
    private Path dir;
    private boolean appendOnlyFile;
    private boolean tls;
    private final List<String> options = new ArrayList<>();

    private Builder() {}

    /** Its files go to {@code dir}, which is kept (default: a temporary directory, deleted). */
    public Builder dir(Path dir) {
      if (this.dir != null) {
        throw new IllegalStateException("the directory is already set to " + this.dir);
      }
      this.dir = dir;
      return this;
    }

    /**
     * Every change is written to an append-only file before it is answered (synced to disk once a
     * second, which matters only if the machine itself fails).
     */
    public Builder appendOnlyFile() {
      appendOnlyFile = true;
      return this;
    }

    /**
     * The port speaks TLS only ({@code --tls-port}); give the certificate options ({@code
     * --tls-cert-file} …) with {@link #options}.
     */
    public Builder tls() {
      tls = true;
      return this;
    }

    /** More {@code redis-server} arguments, such as {@code "--requirepass", "secret"}. */
    public Builder options(String... more) {
      options.addAll(List.of(more));
      return this;
    }

    /**
     * Starts the server on a free port (one whose cluster bus port, 10000 above, is free too) and
     * waits until it answers; tries other ports when another process took the one chosen.
     *
     * @throws IllegalStateException when it does not start, with its log
     */
    public TestRedisServer start() {
      requireBinary();
      List<String> all = new ArrayList<>();
      all.addAll(
          appendOnlyFile
              ? List.of("--save", "", "--appendonly", "yes", "--appendfsync", "everysec")
              : List.of("--save", "", "--appendonly", "no"));
      all.addAll(options);
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        TestRedisServer server;
        try {
          boolean own = dir == null;
          Path where = own ? Files.createTempDirectory("larder-redis-") : dir;
          server = new TestRedisServer(where, own, freePort(), tls, all);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          server.restart();
          return server;
        } catch (IllegalStateException e) {
          // another process may have taken the port between the check and the start
          server.close();
          last = e;
        }
      }
      throw last;
    }
  }

  /** The port it listens on, the same across restarts. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, as a {@code connection_string} names it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The directory of its files. */
  public Path dir() {
    return dir;
  }

  /** Whether the process runs (it may be paused). */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** The process id, while it runs. */
  public synchronized long pid() {
    return process.pid();
  }

  /**
   * Starts the server (again, after {@link #kill} or {@link #stop}) on the same port with the same
   * options and directory, and waits until it answers: a reply to {@code PING} (an error such as
   * {@code NOAUTH} counts, {@code LOADING} does not), or for a TLS port a connection.
   */
  public synchronized void restart() {
    if (running()) {
      throw new IllegalStateException("redis-server on port " + port + " still runs");
    }
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of("--bind", "127.0.0.1"));
    command.addAll(
        tls
            ? List.of("--port", "0", "--tls-port", String.valueOf(port))
            : List.of("--port", String.valueOf(port)));
    command.addAll(List.of("--dir", dir.toString(), "--logfile", "redis-" + port + ".log"));
    command.addAll(List.of("--daemonize", "no", "--protected-mode", "no"));
    command.addAll(options);
    try {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis-" + port + ".out").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    LIVE.add(this);
    long deadline = System.nanoTime() + START_NANOS;
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited with " + process.exitValue() + log());
      }
      if (tls) {
        if (accepts(200)) {
          return;
        }
      } else {
        last = ping(200);
        if (last.startsWith("+") || last.startsWith("-") && !last.startsWith("-LOADING")) {
          return;
        }
      }
      sleep(20);
    }
    throw new IllegalStateException(
        "redis-server on port " + port + " did not answer: " + last + log());
  }

  /** Kills the server at once ({@code SIGKILL}), as a crash would, and waits until it is gone. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    resume();
    process.destroyForcibly();
    waitFor();
  }

  /**
   * Stops the server ({@code SIGTERM}: Redis closes its connections and exits) and waits until it
   * is gone.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    resume();
    process.destroy();
    waitFor();
  }

  /**
   * Pauses the server ({@code SIGSTOP}): connections and their sockets stay open and nothing
   * answers, as with a hung server or a network that drops packets.
   */
  public synchronized void pause() {
    signal("-STOP");
  }

  /** Lets a paused server go on ({@code SIGCONT}). */
  public synchronized void resume() {
    if (running()) {
      signal("-CONT");
    }
  }

  /**
   * Sends {@code PING} over a new connection.
   *
   * @return the reply line ({@code +PONG}), or what went wrong
   */
  public String ping(int timeoutMillis) {
    try {
      Object reply = call(timeoutMillis, "PING");
      return "+" + reply;
    } catch (Resp.ErrorReply e) {
      return "-" + e.getMessage();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * Sends one command over a new plain connection and returns its reply ({@link Resp}): to
   * configure the server or look into it without a Redis client (not for a TLS port).
   *
   * @param args each a {@code String} or a {@code byte[]}
   * @throws Resp.ErrorReply when Redis answers an error
   * @throws IllegalStateException when it cannot be reached
   */
  public Object command(Object... args) {
    try {
      return call(5_000, args);
    } catch (IOException e) {
      throw new IllegalStateException("redis-server on port " + port + ": " + e, e);
    }
  }

  private Object call(int timeoutMillis, Object... args) throws IOException {
    if (tls) {
      throw new IllegalStateException("redis-server on port " + port + " speaks TLS only");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      return Resp.call(s, args);
    }
  }

  /** The server's log and output, for failure messages. */
  public String log() {
    try {
      Path out = dir.resolve("redis-" + port + ".out");
      Path log = dir.resolve("redis-" + port + ".log");
      return "; its output: "
          + (Files.exists(out) ? Files.readString(out) : "")
          + (Files.exists(log) ? Files.readString(log) : "");
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills the server, and deletes its directory when it is its own. */
  @Override
  public synchronized void close() {
    try {
      kill();
    } finally {
      LIVE.remove(this);
      if (ownDir) {
        deleteTree(dir);
      }
    }
  }

  @Override
  public String toString() {
    return "redis-server " + address();
  }

  private boolean accepts(int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void signal(String signal) {
    if (!running()) {
      throw new IllegalStateException("redis-server on port " + port + " does not run");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A port of 127.0.0.1 that is free now, as is the port 10000 above it (a cluster bus port). */
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

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
