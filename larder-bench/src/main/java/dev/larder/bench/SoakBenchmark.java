package dev.larder.bench;

import dev.larder.bench.SoakStats.Interval;
import dev.larder.bench.SoakStats.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code bench/run soak} (issue #8, item 12): {@code larder serve} of {@link SoakRepo} in a JVM of
 * its own with the JVM's default settings, under {@link SoakLoad} (a reader, a writer, a
 * slow-client attacker and a health poller) for {@code LARDER_SOAK_MINUTES} (default {@value
 * #DEFAULT_MINUTES}) after a one-minute warm-up. Every minute it prints one line: requests by kind,
 * outcomes by status, read and health latencies, the server's heap in use (from {@code /metrics}),
 * resident memory, threads and open files. Then a summary: totals, latencies, and each figure
 * beside its bound, with the heap compared after a full collection at the start (after the warm-up,
 * its load stopped) and at the end (the soak's load stopped). {@link #run} says whether every bound
 * held.
 */
final class SoakBenchmark {
  static final int DEFAULT_MINUTES = 30;
  static final String MINUTES_VARIABLE = "LARDER_SOAK_MINUTES";

  /** Heap after a full collection may grow this much from the start to the end. */
  static final long HEAP_GROWTH_MIB = 64;

  /** Resident memory, at the end and at its peak (the hardening issue's bound). */
  static final long RSS_MIB = 2048;

  /** {@code GET /health}, 99th percentile of the whole soak. */
  static final double HEALTH_P99_MS = 100;

  /** Open files may grow this much from the start to the end (connections the server kept). */
  static final long FD_GROWTH = 64;

  private static final Duration WARM_UP = Duration.ofMinutes(1);
  private static final Set<String> ATTACKER_STATUSES = Set.of("401", "408", "413", "503");
  private static final Pattern GC_SECONDS =
      Pattern.compile("(?m)^jvm_gc_collection_seconds_sum\\{[^}]*} (\\S+)$");
  private static final String HEALTH_SERIES = "larder_http_request_duration_seconds";
  private static final Pattern SERVER_500S =
      Pattern.compile("(?m)^larder_http_requests_total\\{[^}]*status=\"500\"[^}]*} (\\S+)$");

  private final Path home;
  private final int minutes;
  private final PrintStream out;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Check> checks = new ArrayList<>();

  SoakBenchmark(Path home, int minutes, PrintStream out) {
    this.home = home;
    this.minutes = minutes;
    this.out = out;
  }

  /**
   * The soak's length from {@code LARDER_SOAK_MINUTES} in {@code env}.
   *
   * @throws IllegalArgumentException naming the variable if it is not a whole number ≥ 1
   */
  static int minutes(Map<String, String> env) {
    String value = env.get(MINUTES_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_MINUTES;
    }
    try {
      int m = Integer.parseInt(value.strip());
      if (m >= 1) {
        return m;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        MINUTES_VARIABLE + "='" + value + "' is not a whole number of minutes, 1 or more");
  }

  /** Runs the soak and prints it; true when every bound held. */
  boolean run() throws IOException, InterruptedException, SQLException {
    Path work = Files.createTempDirectory("larder-bench-soak-logs");
    out.printf(
        Locale.ROOT,
        "soak: %d min (after a %d min warm-up) of mixed load against one larder serve;"
            + " %d cores; setting up…%n",
        minutes,
        WARM_UP.toMinutes(),
        Runtime.getRuntime().availableProcessors());
    SoakRepo repo = SoakRepo.create();
    try (ServeProcess server = ServeProcess.start(home, repo.path(), work, List.of())) {
      URI base = server.uri();
      out.printf(
          Locale.ROOT,
          "server: larder serve (own JVM, default settings) pid %d at %s, API keys on%n"
              + "load: reader %d threads x %d small reads/s (1-10 keys) + %d keys x 21 every %d s;"
              + " writer: push every %d ms, offline push every 5 s, materialize-incremental every"
              + " 20 s, two materializations at once every 60 s; %d slow clients; /health every"
              + " %d ms%n",
          server.pid(),
          base,
          SoakLoad.READ_THREADS,
          SoakLoad.READ_RATE,
          SoakLoad.BIG_READ_KEYS,
          SoakLoad.BIG_READ_SECONDS,
          SoakLoad.PUSH_MILLIS,
          SoakLoad.SLOW_CLIENTS,
          SoakLoad.HEALTH_MILLIS);
      SoakStats setup = new SoakStats();
      Sample idle = afterFullGc(server, setup);
      out.printf(Locale.ROOT, "idle, after a full GC: %s%n", idle);

      SoakStats warmStats = new SoakStats();
      try (SoakLoad warm = new SoakLoad(base, repo, warmStats).start()) {
        Thread.sleep(WARM_UP.toMillis());
      }
      Interval warm = warmStats.interval();
      Sample start = afterFullGc(server, setup);
      Map<String, long[]> startClasses = server.classHistogram();
      Map<String, Integer> startThreads = server.threadGroups();
      out.printf(
          Locale.ROOT,
          "warm-up: %s; legitimate %s, attackers %s%n",
          counts(warm),
          outcomes(warm.outcomes(false)),
          outcomes(warm.outcomes(true)));
      out.printf(Locale.ROOT, "start (warm-up's load stopped, after a full GC): %s%n", start);

      SoakStats stats = new SoakStats();
      out.println();
      out.println(
          "                                                    legitimate clients'  attackers'    "
              + "   read ms              health ms          heap MiB      direct   RSS         "
              + "    gc  srv  load");
      out.println(
          "min   read   big   push  mat health  slow conn  statuses             statuses      "
              + "     p50/p99/max          p50/p99/max      used/committed   MiB    MiB  thr  fds"
              + "   ms >100  avg");
      Sample previous = sample(server, stats);
      long begin = System.nanoTime();
      try (SoakLoad load = new SoakLoad(base, repo, stats).start()) {
        for (int m = 1; m <= minutes; m++) {
          long due = begin + TimeUnit.MINUTES.toNanos(m);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          if (!server.alive()) {
            throw new IllegalStateException(
                "larder serve died in minute " + m + "; its standard error:\n" + server.stderr());
          }
          int open = load.slowConnections();
          Sample now = sample(server, stats);
          Interval i = stats.interval();
          out.println(minuteLine(m, i, open, previous, now));
          previous = now;
          out.flush();
        }
      }
      stats.interval(); // what finished while the clients stopped
      Thread.sleep(2_000);
      Sample end = afterFullGc(server, stats);
      Map<String, long[]> endClasses = server.classHistogram();
      Map<String, Integer> endThreads = server.threadGroups();
      long server500s = server500s(base);
      long peakKib = server.peakRssKib();
      Duration stop = server.stop();
      Interval total = stats.total();
      summary(total, warm, idle, start, end, peakKib, server500s, stop, stats);
      printGrowth(startClasses, endClasses);
      printThreads(startThreads, endThreads);
      out.printf(
          Locale.ROOT,
          "server stderr (%s):%n%s%n",
          work.resolve("serve.err"),
          tail(server.stderr()));
    } finally {
      repo.delete();
    }
    boolean pass = checks.stream().allMatch(Check::ok);
    out.println(
        pass
            ? "soak: PASS, every bound held"
            : "soak: FAIL, "
                + checks.stream().filter(c -> !c.ok()).count()
                + " bound(s) failed: "
                + checks.stream()
                    .filter(c -> !c.ok())
                    .map(Check::name)
                    .collect(Collectors.joining("; ")));
    return pass;
  }

  private void summary(
      Interval total,
      Interval warm,
      Sample idle,
      Sample start,
      Sample end,
      long peakKib,
      long server500s,
      Duration stop,
      SoakStats stats) {
    double seconds = minutes * 60.0;
    out.println();
    out.printf(Locale.ROOT, "summary of %d min (warm-up excluded):%n", minutes);
    out.printf(
        Locale.ROOT,
        "  %-8s %9s %7s   %8s %8s %8s %9s   %s%n",
        "kind",
        "requests",
        "per s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "outcomes");
    for (Kind k : Kind.values()) {
      out.printf(
          Locale.ROOT,
          "  %-8s %9d %7.1f   %8.2f %8.2f %8.2f %9.2f   %s%n",
          k.label,
          total.requests(k),
          total.requests(k) / seconds,
          total.millis(k, 50),
          total.millis(k, 99),
          total.millis(k, 99.9),
          total.millis(k, 100),
          outcomes(total.counts().get(k)));
    }
    out.println(
        "  (read latency counts from each read's scheduled time; the others from sending;"
            + " slow = time until the server refused the connection)");
    out.printf(
        Locale.ROOT,
        "  memory: idle  %s%n          start %s%n          end   %s%n",
        idle,
        start,
        end);
    out.printf(
        Locale.ROOT,
        "  GET /health over 100 ms: %d as the poller saw them (%s), %d as the server measured"
            + " them (arrival to reply)%n",
        stats.slowHealthDuring().values().stream().mapToLong(Long::longValue).sum(),
        outcomes(stats.slowHealthDuring()).replace('=', ':'),
        end.healthOver100ms() - start.healthOver100ms());
    for (SoakStats.SlowProbe p : stats.slowestHealth(10)) {
      out.printf(
          Locale.ROOT,
          "    %7.1f ms at %6.1f s into the soak, during: %s%n",
          p.millis(),
          p.seconds(),
          p.during());
    }

    long legitimate5xx = 0;
    long legitimateOther = 0;
    long noReply = 0;
    for (Interval i : List.of(total, warm)) {
      for (Kind k : Kind.values()) {
        if (k.attacker) {
          continue;
        }
        for (var e : i.counts().get(k).entrySet()) {
          String o = e.getKey();
          if (o.startsWith("5")) {
            legitimate5xx += e.getValue();
          } else if (o.equals(SoakStats.TIMEOUT) || o.equals(SoakStats.BROKEN)) {
            noReply += e.getValue();
          } else if (!o.equals("200") && !(k == Kind.MATERIALIZE && o.equals("409"))) {
            legitimateOther += e.getValue();
          }
        }
      }
    }
    Set<String> attackerStatuses = new TreeSet<>(total.outcomes(true).keySet());
    attackerStatuses.addAll(warm.outcomes(true).keySet());
    Set<String> unexpected = new TreeSet<>(attackerStatuses);
    unexpected.removeAll(ATTACKER_STATUSES);
    unexpected.remove(SoakStats.BROKEN);
    long attackerBroken =
        total.outcomes(true).getOrDefault(SoakStats.BROKEN, 0L)
            + warm.outcomes(true).getOrDefault(SoakStats.BROKEN, 0L);
    double healthP99 = total.millis(Kind.HEALTH, 99);

    check(
        "5xx to the reader, writer, health poller",
        Long.toString(legitimate5xx),
        "0",
        legitimate5xx == 0);
    check(
        "other non-200 to them (409 of a materialization excepted)",
        Long.toString(legitimateOther),
        "0",
        legitimateOther == 0);
    check(
        "their requests without a reply (timeout, broken)",
        Long.toString(noReply),
        "0",
        noReply == 0);
    check(
        "attackers' statuses",
        String.join(",", attackerStatuses),
        "within 401,408,413,503",
        unexpected.isEmpty() && attackerStatuses.stream().anyMatch(ATTACKER_STATUSES::contains));
    check(
        "attackers' connections closed without a status",
        Long.toString(attackerBroken),
        "none needed; reported",
        true);
    check(
        "replies showing Java's names",
        stats.javaText() + (stats.javaText() > 0 ? " (" + stats.firstJavaText() + ")" : ""),
        "0",
        stats.javaText() == 0);
    check("500s counted by the server (/metrics)", Long.toString(server500s), "0", server500s == 0);
    check(
        "GET /health p99, whole soak",
        String.format(
            Locale.ROOT, "%.2f ms (max %.1f ms)", healthP99, total.millis(Kind.HEALTH, 100)),
        String.format(Locale.ROOT, "< %.0f ms", HEALTH_P99_MS),
        healthP99 < HEALTH_P99_MS);
    check(
        "heap in use after a full GC, start -> end",
        String.format(
            Locale.ROOT,
            "%.1f -> %.1f MiB (%+.1f)",
            start.heapMib(),
            end.heapMib(),
            end.heapMib() - start.heapMib()),
        "end <= start + " + HEAP_GROWTH_MIB + " MiB",
        end.heapMib() <= start.heapMib() + HEAP_GROWTH_MIB);
    check(
        "direct buffers, start -> end",
        String.format(
            Locale.ROOT,
            "%.1f -> %.1f MiB (%+.1f)",
            start.directMib(),
            end.directMib(),
            end.directMib() - start.directMib()),
        "end <= start + " + HEAP_GROWTH_MIB + " MiB",
        end.directMib() <= start.directMib() + HEAP_GROWTH_MIB);
    check(
        "resident memory, start -> end",
        String.format(Locale.ROOT, "%d -> %d MiB", start.rssKib() / 1024, end.rssKib() / 1024),
        "end <= " + RSS_MIB + " MiB",
        end.rssKib() / 1024 <= RSS_MIB);
    check(
        "resident memory, peak (VmHWM)",
        (peakKib / 1024) + " MiB",
        "<= " + RSS_MIB + " MiB",
        peakKib / 1024 <= RSS_MIB);
    check(
        "open files, start -> end",
        start.openFds() + " -> " + end.openFds(),
        "end <= start + " + FD_GROWTH,
        end.openFds() <= start.openFds() + FD_GROWTH);
    check(
        "threads, start -> end",
        start.threads() + " -> " + end.threads(),
        "no bound; reported",
        true);
    check(
        "SIGTERM at the end",
        String.format(Locale.ROOT, "exit 0 after %.1f s", stop.toMillis() / 1e3),
        "exit 0 (else an error above)",
        true);
    out.println();
    out.printf(Locale.ROOT, "  %-58s %-34s %-26s %s%n", "figure", "value", "bound", "");
    for (Check c : checks) {
      out.printf(
          Locale.ROOT,
          "  %-58s %-34s %-26s %s%n",
          c.name(),
          c.value(),
          c.bound(),
          c.ok() ? "ok" : "FAILED");
    }
    out.printf(
        Locale.ROOT,
        "  heap bound: the live set after a full GC with no request in flight should not grow;"
            + " %d MiB over ~%d requests catches a leak of ~%d bytes per request%n",
        HEAP_GROWTH_MIB,
        total.counts().values().stream()
            .flatMap(m -> m.values().stream())
            .mapToLong(Long::longValue)
            .sum(),
        HEAP_GROWTH_MIB
            * 1024
            * 1024
            / Math.max(
                1,
                total.counts().values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToLong(Long::longValue)
                    .sum()));
  }

  /** The classes whose bytes on the heap grew most from the start to the end (both after a GC). */
  private void printGrowth(Map<String, long[]> start, Map<String, long[]> end) {
    out.println("  heap growth by class, start -> end (jcmd GC.class_histogram, after full GCs):");
    end.entrySet().stream()
        .map(
            e -> {
              long[] before = start.getOrDefault(e.getKey(), new long[2]);
              return Map.entry(
                  e.getKey(),
                  new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1]});
            })
        .filter(e -> e.getValue()[1] > 0)
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(12)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "    %+10.1f KiB %+9d instances  %s%n",
                    e.getValue()[1] / 1024.0,
                    e.getValue()[0],
                    e.getKey()));
  }

  /** The server's threads by name whose number changed from the start to the end. */
  private void printThreads(Map<String, Integer> start, Map<String, Integer> end) {
    Set<String> names = new TreeSet<>(start.keySet());
    names.addAll(end.keySet());
    List<String> changed = new ArrayList<>();
    for (String name : names) {
      int before = start.getOrDefault(name, 0);
      int after = end.getOrDefault(name, 0);
      if (before != after) {
        changed.add(String.format(Locale.ROOT, "%s %d -> %d", name, before, after));
      }
    }
    out.println(
        "  threads whose number changed, start -> end (jcmd Thread.print, digits dropped): "
            + (changed.isEmpty() ? "none" : String.join("; ", changed)));
  }

  private void check(String name, String value, String bound, boolean ok) {
    checks.add(new Check(name, value, bound, ok));
  }

  private String minuteLine(int minute, Interval i, int openSlow, Sample before, Sample now) {
    return String.format(
        Locale.ROOT,
        "%3d %6d %5d %6d %4d %6d %5d %4d  %-20s %-20s %5.1f/%6.1f/%7.1f %5.1f/%5.1f/%6.1f"
            + " %6.1f/%6.0f %6.1f %5d %4d %4d %4.0f %4d %5s",
        minute,
        i.requests(Kind.READ),
        i.requests(Kind.BIG_READ),
        i.requests(Kind.PUSH),
        i.requests(Kind.MATERIALIZE),
        i.requests(Kind.HEALTH),
        i.requests(Kind.SLOW),
        openSlow,
        outcomes(i.outcomes(false)),
        outcomes(i.outcomes(true)),
        i.millis(Kind.READ, 50),
        i.millis(Kind.READ, 99),
        i.millis(Kind.READ, 100),
        i.millis(Kind.HEALTH, 50),
        i.millis(Kind.HEALTH, 99),
        i.millis(Kind.HEALTH, 100),
        now.heapMib(),
        now.committedMib(),
        now.directMib(),
        now.rssKib() / 1024,
        now.threads(),
        now.openFds(),
        (now.gcSeconds() - before.gcSeconds()) * 1000,
        now.healthOver100ms() - before.healthOver100ms(),
        loadAverage());
  }

  private static String counts(Interval i) {
    StringBuilder b = new StringBuilder();
    for (Kind k : Kind.values()) {
      b.append(b.length() == 0 ? "" : " ").append(k.label).append(' ').append(i.requests(k));
    }
    return b.toString();
  }

  /** {@code 200=6010 409=1}. */
  private static String outcomes(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "-";
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /**
   * A full collection, then a wait until the server's resident memory settles (G1 gives the heap it
   * shrank back to the system concurrently, a few seconds later), then a sample.
   */
  private Sample afterFullGc(ServeProcess server, SoakStats stats)
      throws IOException, InterruptedException {
    server.collectGarbage();
    long last = server.rssKib();
    for (int i = 0; i < 15; i++) {
      Thread.sleep(1_000);
      long now = server.rssKib();
      if (Math.abs(now - last) < 1024) {
        break;
      }
      last = now;
    }
    return sample(server, stats);
  }

  /** The server's heap, threads and open files from {@code /metrics}, and its resident memory. */
  private Sample sample(ServeProcess server, SoakStats stats)
      throws IOException, InterruptedException {
    String metrics = metrics(server.uri(), stats);
    double mib = 1024.0 * 1024;
    double gc = 0;
    Matcher m = GC_SECONDS.matcher(metrics);
    while (m.find()) {
      gc += Double.parseDouble(m.group(1));
    }
    long health = (long) metric(metrics, HEALTH_SERIES + "_count{endpoint=\"/health\"}");
    long fast = (long) metric(metrics, HEALTH_SERIES + "_bucket{endpoint=\"/health\",le=\"0.1\"}");
    return new Sample(
        metric(metrics, "jvm_memory_used_bytes{area=\"heap\"}") / mib,
        metric(metrics, "jvm_memory_committed_bytes{area=\"heap\"}") / mib,
        metric(metrics, "jvm_memory_used_bytes{area=\"nonheap\"}") / mib,
        metric(metrics, "jvm_buffer_pool_used_bytes{pool=\"direct\"}") / mib,
        (long) metric(metrics, "jvm_threads_current"),
        (long) metric(metrics, "process_open_fds"),
        server.rssKib(),
        gc,
        health,
        health - fast);
  }

  private String metrics(URI base, SoakStats stats) throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    stats.record(
        Kind.METRICS,
        r.statusCode(),
        r.body(),
        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /metrics answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private long server500s(URI base) throws IOException, InterruptedException {
    Matcher m = SERVER_500S.matcher(metrics(base, new SoakStats()));
    long n = 0;
    while (m.find()) {
      n += (long) Double.parseDouble(m.group(1));
    }
    return n;
  }

  /** The value of the sample named {@code series} (name and labels, exactly as exposed). */
  static double metric(String exposition, String series) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]);
      }
    }
    throw new IllegalStateException("/metrics has no " + series);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String tail(String text) {
    if (text.isBlank()) {
      return "  (empty)";
    }
    String[] lines = text.strip().split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, lines.length - 20); i < lines.length; i++) {
      b.append("  ").append(lines[i]).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * The server at one moment, from {@code /metrics} and {@code /proc}.
   *
   * @param heapMib heap in use ({@code jvm_memory_used_bytes{area="heap"}}), MiB
   * @param committedMib heap the JVM holds from the system, MiB
   * @param nonHeapMib the JVM's non-heap memory in use (code, classes), MiB
   * @param directMib direct buffers in use, MiB
   * @param threads the JVM's live threads
   * @param openFds the process's open files (sockets included)
   * @param rssKib resident memory ({@code VmRSS}), KiB
   * @param gcSeconds time in garbage collections so far, every collector
   * @param healthCount {@code GET /health} requests the server answered so far
   * @param healthOver100ms of those, the ones the server took more than 100 ms to answer
   */
  record Sample(
      double heapMib,
      double committedMib,
      double nonHeapMib,
      double directMib,
      long threads,
      long openFds,
      long rssKib,
      double gcSeconds,
      long healthCount,
      long healthOver100ms) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "heap %.1f MiB in use of %.0f MiB committed, non-heap %.0f MiB, direct buffers %.1f MiB,"
              + " RSS %d MiB, %d threads, %d open files",
          heapMib,
          committedMib,
          nonHeapMib,
          directMib,
          rssKib / 1024,
          threads,
          openFds);
    }
  }

  /** One figure beside its bound. */
  record Check(String name, String value, String bound, boolean ok) {}
}
