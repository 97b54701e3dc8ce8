package dev.larder.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code main} of the test classpath run in a JVM of its own, for tests that kill or crash a
 * process mid-way: stdout and stderr merged, read line by line on a thread of its own. Close it to
 * kill the process if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String END = "\u0000end";

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());

  private ChildJvm(Process process) {
    this.process = process;
    Thread pump = new Thread(this::pump, "child-jvm-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code main} with {@code jvmOptions} (e.g. {@code -Dlarder.fault=…}) and {@code args}.
   */
  public static ChildJvm start(Class<?> main, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Duser.timezone=" + System.getProperty("user.timezone"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits up to {@code seconds} for a line matching {@code wanted} and returns it.
   *
   * @throws AssertionError if the child ends or the time runs out first, with its output
   */
  public String awaitLine(Predicate<String> wanted, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END)) {
        if (line != null) {
          lines.add(END);
        }
        throw new AssertionError(
            (line == null ? "no wanted line within " + seconds + " s" : "the child ended")
                + "; its output: "
                + output());
      }
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Waits for the process to end and returns its exit status. */
  public int exitStatus(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the child still runs after " + seconds + " s: " + output());
    }
    return process.exitValue();
  }

  /** Kills the process at once (SIGKILL) and waits for it to end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    exitStatus(30);
  }

  /** Every line so far. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        lines.add(line);
      }
    } catch (IOException e) {
      output.add("(output unreadable: " + e.getMessage() + ")");
    } finally {
      lines.add(END);
    }
  }
}
