package dev.larder.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code larder serve} of the CLI jar ({@code larder-cli/target/larder.jar}) in a JVM of its own,
 * with the JVM's default settings unless told otherwise, on a free port ({@code --port 0}): started
 * and waited for until {@code GET /health} answers 200, measured from outside ({@code VmRSS} and
 * {@code VmHWM} of {@code /proc/<pid>/status}, a full collection through {@code jcmd}), and stopped
 * as an operator would, with SIGTERM, which must end it with status 0 (DESIGN B7). Its standard
 * output and error go to files in a directory of the caller's.
 */
final class ServeProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** {@code 1: 12345 678900 [B (java.base@17)}: rank, instances, bytes, class. */
  private static final Pattern HISTOGRAM_LINE =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  /** SIGTERM gives requests in flight 10 s (DESIGN B7); the JVM's exit takes a few more. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(25);

  private final Process process;
  private final URI uri;
  private final Path stderr;

  private ServeProcess(Process process, URI uri, Path stderr) {
    this.process = process;
    this.uri = uri;
    this.stderr = stderr;
  }

  /**
   * Starts {@code larder serve --repo repo --port 0} with {@code jvmOptions} and waits until it
   * answers {@code GET /health} with 200.
   *
   * @param home the checkout, whose {@code larder-cli/target/larder.jar} is run
   * @param logs where {@code serve.out} and {@code serve.err} are written
   * @throws IllegalStateException if the server exits, prints no URL or is not healthy in time
   */
  static ServeProcess start(Path home, Path repo, Path logs, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path jar = home.resolve("larder-cli/target/larder.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; build it with bench/run");
    }
    Files.createDirectories(logs);
    Path out = logs.resolve("serve.out");
    Path err = logs.resolve("serve.err");
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-jar", jar.toString(), "serve", "--repo", repo.toString(), "--port", "0"));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    ServeProcess serve = null;
    try {
      URI uri = awaitUri(process, out, err);
      serve = new ServeProcess(process, uri, err);
      serve.awaitHealthy();
      return serve;
    } finally {
      if (serve == null || !process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  URI uri() {
    return uri;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The server's resident memory now, KiB ({@code VmRSS}). */
  long rssKib() throws IOException {
    return statusField("VmRSS:");
  }

  /** The server's peak resident memory so far, KiB ({@code VmHWM}). */
  long peakRssKib() throws IOException {
    return statusField("VmHWM:");
  }

  /**
   * A full collection of the server's heap ({@code jcmd <pid> GC.run}), so that the heap in use
   * read afterwards is what is still reachable.
   */
  void collectGarbage() throws IOException, InterruptedException {
    jcmd("GC.run");
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid() + " " + command + " failed:\n" + output);
    }
    return output;
  }

  /**
   * The classes on the server's heap after a full collection ({@code jcmd <pid>
   * GC.class_histogram}): for each class name, its instances and bytes.
   */
  Map<String, long[]> classHistogram() throws IOException, InterruptedException {
    String output = jcmd("GC.class_histogram");
    Map<String, long[]> classes = new HashMap<>();
    for (String line : output.split("\n")) {
      Matcher m = HISTOGRAM_LINE.matcher(line);
      if (m.find()) {
        classes.merge(
            m.group(3),
            new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("jcmd GC.class_histogram printed no classes:\n" + output);
    }
    return classes;
  }

  /**
   * The server's threads by name with digits dropped ({@code qtp123-45} → {@code qtp-}), from
   * {@code jcmd <pid> Thread.print}: how many of each.
   */
  Map<String, Integer> threadGroups() throws IOException, InterruptedException {
    Map<String, Integer> groups = new TreeMap<>();
    for (String line : jcmd("Thread.print").split("\n")) {
      if (line.startsWith("\"")) {
        String name = line.substring(1, Math.max(1, line.indexOf('"', 1)));
        groups.merge(name.replaceAll("\\d+", ""), 1, Integer::sum);
      }
    }
    return groups;
  }

  /** The server's standard error so far (warnings, a failure's message). */
  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /**
   * Sends SIGTERM and waits for the server to finish requests in flight and exit.
   *
   * @return how long it took to exit
   * @throws IllegalStateException if it did not exit within {@link #STOP_TIMEOUT} (it is then
   *     killed) or exited with a status other than 0
   */
  Duration stop() throws IOException, InterruptedException {
    long start = System.nanoTime();
    process.destroy(); // SIGTERM
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "larder serve did not exit within "
              + STOP_TIMEOUT.toSeconds()
              + " s of SIGTERM; its standard error:\n"
              + stderr());
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "larder serve exited with status "
              + process.exitValue()
              + " after SIGTERM (expected 0); its standard error:\n"
              + stderr());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Kills the server if it is still running (after a failure; {@link #stop} is the clean way). */
  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static URI awaitUri(Process process, Path out, Path err)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        int at = line.indexOf("http://");
        if (at >= 0) {
          return URI.create(line.substring(at).trim());
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "larder serve exited with status "
                + process.exitValue()
                + " before printing its URL; its standard error:\n"
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "larder serve printed no URL within "
            + START_TIMEOUT.toSeconds()
            + " s; its standard output:\n"
            + Files.readString(out, StandardCharsets.UTF_8));
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest health =
        HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "larder serve at "
            + uri
            + " did not answer GET /health with 200 (last: "
            + last
            + "); its standard error:\n"
            + stderr());
  }

  private long statusField(String field) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid()), "status");
    for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).strip().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no " + field + " in " + status);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
