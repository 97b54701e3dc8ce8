package dev.larder.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feature server over HTTP (DESIGN Targets: 1 key × 20 features, p99 ≤ 1 ms at 1,000 req/s and
 * ≥ 10,000 req/s peak on 2 cores; baseline {@code GET /health}). The server is the real {@code
 * larder serve} of the CLI jar, in its own JVM, over the {@code larder init} repository after
 * materialization. Two load generators, each its own process: {@link LoadGenerator} (a JVM, open
 * loop, HdrHistogram) at a fixed rate for latencies, and Debian's {@code wrk} (closed loop, as many
 * requests as the server takes) for the peak rate.
 */
final class HttpBenchmark {
  static final double FIXED_RATE = 1000;
  private static final double BATCH_RATE = 200;

  /** The phases' lengths; a few seconds each with {@code LARDER_BENCH_QUICK=1}. */
  static final int FIXED_SECONDS = BenchSettings.quick() ? 3 : 15;

  static final int PEAK_SECONDS = BenchSettings.quick() ? 3 : 10;
  static final int WARM_UP_SECONDS = BenchSettings.quick() ? 3 : 15;
  static final int CONNECTIONS = 4;
  private static final Pattern RESULT =
      Pattern.compile(
          "requests=(\\d+) errors=(\\d+) rate=([\\d.]+) p50_us=(\\d+) p99_us=(\\d+)"
              + " p999_us=(\\d+) max_us=(\\d+)");

  private final Path home;
  private final Path work;
  private final List<String> notes = new ArrayList<>();

  HttpBenchmark(Path home) throws IOException {
    this.home = home;
    this.work = Files.createTempDirectory("larder-bench-http");
  }

  /** Notes to print under the table: every measurement in full. */
  List<String> notes() {
    return notes;
  }

  List<BenchMain.Row> run() throws IOException, InterruptedException {
    BenchRepo repo = BenchRepo.create();
    try (ServeProcess server =
        ServeProcess.start(home, repo.path(), work.resolve("serve"), List.of())) {
      URI base = server.uri();
      URI read = base.resolve("/get-online-features");
      URI health = base.resolve("/health");
      Random random = new Random(42);
      List<String> single = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        single.add(body(work.resolve("one-" + i + ".json"), random, 1));
      }
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        batch.add(body(work.resolve("batch-" + i + ".json"), random, 100));
      }
      Path lua = postScript(work.resolve("post.lua"), single.get(0));
      Path batchLua = postScript(work.resolve("batch.lua"), batch.get(0));

      // warm-up: the JIT (C2 takes its time on two busy cores), the store's connections, caches
      wrk(read, WARM_UP_SECONDS, lua);
      wrk(health, WARM_UP_SECONDS / 3, null);
      Map<String, String> fixed = new HashMap<>();
      fixed.put("read", generate(read, FIXED_RATE, single));
      fixed.put("health", generate(health, FIXED_RATE, List.of()));
      double peakRead = wrk(read, PEAK_SECONDS, lua);
      double peakHealth = wrk(health, PEAK_SECONDS, null);
      wrk(read, WARM_UP_SECONDS / 3, batchLua); // each server thread's first 100-key read
      fixed.put("batch", generate(read, BATCH_RATE, batch));

      Matcher r = matcher(fixed.get("read"));
      Matcher h = matcher(fixed.get("health"));
      Matcher b = matcher(fixed.get("batch"));
      notes.add("HTTP 1x20 @1000/s: " + fixed.get("read"));
      notes.add("HTTP /health @1000/s: " + fixed.get("health"));
      notes.add("HTTP 100x20 @200/s: " + fixed.get("batch"));
      notes.add(
          String.format(
              Locale.ROOT,
              "HTTP peak (wrk, 1 thread, 32 connections, %d s): 1x20 %.0f req/s, /health %.0f req/s",
              PEAK_SECONDS,
              peakRead,
              peakHealth));
      notes.add(
          "HTTP: server = larder serve (own JVM, defaults), warmed up by wrk for "
              + WARM_UP_SECONDS
              + " s; fixed rate = LoadGenerator (own JVM, open loop, "
              + CONNECTIONS
              + " connections, latency from the scheduled send time); peak = wrk");
      Duration stop = server.stop();
      notes.add(
          String.format(
              Locale.ROOT,
              "HTTP: larder serve exited 0 %.1f s after SIGTERM",
              stop.toMillis() / 1e3));
      return List.of(
          new BenchMain.Row(
              "HTTP read 1x20 @1000/s, p50",
              micros(r.group(4)),
              "GET /health " + micros(h.group(4)),
              ratio(r.group(4), h.group(4)),
              "-"),
          new BenchMain.Row(
              "HTTP read 1x20 @1000/s, p99",
              micros(r.group(5)),
              "GET /health " + micros(h.group(5)),
              ratio(r.group(5), h.group(5)),
              "p99 <= 1 ms (Feast Java+Redis 0.8 ms)"),
          new BenchMain.Row(
              "HTTP read 1x20, peak (wrk)",
              String.format(Locale.ROOT, "%.0f req/s", peakRead),
              String.format(Locale.ROOT, "GET /health %.0f req/s", peakHealth),
              peakRead / peakHealth,
              ">= 10,000 req/s"),
          new BenchMain.Row(
              "HTTP read 100x20 @200/s, p99",
              micros(b.group(5)),
              "GET /health " + micros(h.group(5)),
              ratio(b.group(5), h.group(5)),
              "no target set"));
    } finally {
      repo.delete();
    }
  }

  /** Writes a request body of {@code keys} random keys × 20 features; returns its path. */
  static String body(Path file, Random random, int keys) throws IOException {
    StringBuilder b = new StringBuilder("{\"features\": [");
    for (int f = 0; f < 20; f++) {
      b.append(f == 0 ? "" : ", ")
          .append("\"classification_features:feature_")
          .append(f)
          .append('"');
    }
    b.append("], \"entities\": {\"sample_index\": [");
    for (int k = 0; k < keys; k++) {
      b.append(k == 0 ? "" : ", ").append(random.nextInt(BenchRepo.SAMPLES));
    }
    b.append("]}}");
    Files.writeString(file, b.toString());
    return file.toString();
  }

  /** A wrk script that POSTs the body in {@code bodyFile}. */
  static Path postScript(Path script, String bodyFile) throws IOException {
    Files.writeString(
        script,
        "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.body = [["
            + Files.readString(Path.of(bodyFile))
            + "]]\n");
    return script;
  }

  /** One run of {@link LoadGenerator} in its own JVM; returns its result line. */
  static String generate(URI url, double rate, List<String> bodies)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ServeProcess.javaBinary());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LoadGenerator.class.getName());
    command.add(url.toString());
    command.add(Double.toString(rate));
    command.add(Integer.toString(FIXED_SECONDS));
    command.add(Integer.toString(CONNECTIONS));
    command.addAll(bodies);
    return lastLine(command);
  }

  /** Requests per second that {@code wrk} reaches on {@code url} in {@code seconds}. */
  static double wrk(URI url, int seconds, Path script) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("wrk", "-t1", "-c32", "-d" + seconds + "s", "--latency"));
    if (script != null) {
      command.add("-s");
      command.add(script.toString());
    }
    command.add(url.toString());
    String output = all(command);
    if (output.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw failed requests:\n" + output);
    }
    Matcher m = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no rate in wrk's output:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String lastLine(List<String> command) throws IOException, InterruptedException {
    String[] lines = all(command).strip().split("\n");
    return lines[lines.length - 1];
  }

  private static String all(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  static Matcher matcher(String line) {
    Matcher m = RESULT.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("unexpected load generator output: " + line);
    }
    if (!m.group(2).equals("0")) {
      throw new IllegalStateException("requests failed: " + line);
    }
    return m;
  }

  static String micros(String us) {
    return String.format(Locale.ROOT, "%.3f ms", Long.parseLong(us) / 1000.0);
  }

  static double ratio(String figure, String baseline) {
    return Double.parseDouble(figure) / Math.max(1, Double.parseDouble(baseline));
  }
}
