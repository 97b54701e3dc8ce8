package dev.larder.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a free port of 127.0.0.1, that the test may kill,
 * pause and restart: tests of what happens when Redis goes away never touch the shared Redis of
 * {@code LARDER_TEST_REDIS}. By default it keeps nothing on disk ({@code --save "" --appendonly
 * no}), like the shared one; {@link #startWithAppendOnlyFile} keeps every write in an append-only
 * file, so that a restart finds what was written before a kill.
 *
 * <p>The binary is {@code LARDER_TEST_REDIS_SERVER} or {@code /usr/bin/redis-server}; when it is
 * missing, {@link #requireBinary()} skips the test with the reason printed, and fails it when
 * {@code CI=true}.
 */
public final class TestRedisServer implements AutoCloseable {
  /** The {@code redis-server} binary the tests start. */
  public static final Path BINARY =
      Path.of(System.getenv().getOrDefault("LARDER_TEST_REDIS_SERVER", "/usr/bin/redis-server"));

  private static final long START_NANOS = TimeUnit.SECONDS.toNanos(15);

  private final Path dir;
  private final int port;
  private final List<String> persistence;
  private Process process;

  private TestRedisServer(Path dir, int port, List<String> persistence) {
    this.dir = dir;
    this.port = port;
    this.persistence = persistence;
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

  /** Starts a server that keeps nothing on disk, its files (log) in {@code dir}. */
  public static TestRedisServer start(Path dir) {
    return start(dir, List.of("--save", "", "--appendonly", "no"));
  }

  /**
   * Starts a server that writes every change to an append-only file in {@code dir} before it
   * answers (synced to disk once a second, which matters only if the machine itself fails), so a
   * restart after {@link #kill} has every write that was answered.
   */
  public static TestRedisServer startWithAppendOnlyFile(Path dir) {
    return start(dir, List.of("--save", "", "--appendonly", "yes", "--appendfsync", "everysec"));
  }

  private static TestRedisServer start(Path dir, List<String> persistence) {
    requireBinary();
    TestRedisServer server = new TestRedisServer(dir, freePort(), persistence);
    server.restart();
    return server;
  }

  /** The port it listens on, the same across restarts. */
  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, as a {@code connection_string} names it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Whether the process runs (it may be paused). */
  public boolean running() {
    return process != null && process.isAlive();
  }

  /** The process id, while it runs. */
  public long pid() {
    return process.pid();
  }

  /**
   * Starts the server again (after {@link #kill} or {@link #stop}) on the same port with the same
   * options, and waits until it answers {@code PING}.
   */
  public synchronized void restart() {
    if (running()) {
      throw new IllegalStateException("redis-server on port " + port + " still runs");
    }
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1"));
    command.addAll(List.of("--dir", dir.toString(), "--logfile", "redis-" + port + ".log"));
    command.addAll(List.of("--daemonize", "no", "--protected-mode", "no"));
    command.addAll(persistence);
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
    long deadline = System.nanoTime() + START_NANOS;
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited with " + process.exitValue() + log());
      }
      last = ping(200);
      if (last.equals("+PONG")) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException(
        "redis-server on port " + port + " did not answer PING: " + last + log());
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
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public synchronized void close() {
    kill();
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

  private String log() {
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

  private static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
