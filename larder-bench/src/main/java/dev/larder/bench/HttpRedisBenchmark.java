package dev.larder.bench;

import dev.larder.core.files.Directories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import redis.clients.jedis.RedisClient;

/**
 * The feature server over HTTP with the Redis online store against the same server with the SQLite
 * store, same data, same run (issue #9: Redis p99 ≤ 1.5 × the SQLite store's p99): {@code
 * /get-online-features} of 1 key × 20 features at a fixed 1,000 req/s (p50, p99) and at its peak.
 * The data is the {@code larder init} repository's, materialized into SQLite in one repository and
 * into Redis ({@link BenchRedis}: its own database number, project {@value #PROJECT}) in a copy of
 * it. Each store gets its own {@code larder serve} (own JVM, defaults), both running at once and
 * measured as {@link HttpBenchmark} measures one: warmed up by {@code wrk}, then {@link
 * LoadGenerator} (own JVM, open loop) at the fixed rate, then {@code wrk} for the peak; the two
 * servers are measured in turn in each phase, so that the figures of a pair are taken close
 * together on a shared machine, with the same request bodies.
 */
final class HttpRedisBenchmark {
  static final String PROJECT = "larder_bench_http";

  private final Path home;
  private final Path work;
  private final List<String> notes = new ArrayList<>();

  HttpRedisBenchmark(Path home) throws IOException {
    this.home = home;
    this.work = Files.createTempDirectory("larder-bench-http-redis");
  }

  /** Notes to print under the table: every measurement in full. */
  List<String> notes() {
    return notes;
  }

  /** What one server gave. */
  private record Measured(Matcher fixed, double peak) {}

  List<BenchMain.Row> run() throws IOException, InterruptedException {
    BenchRedis redis = BenchRedis.fromEnvironment();
    redis.requireReachable();
    BenchRepo sqlite = BenchRepo.create();
    BenchRepo onRedis = null;
    try {
      onRedis = sqlite.copy(PROJECT, redis.onlineStoreYaml());
      Random random = new Random(42);
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        bodies.add(HttpBenchmark.body(work.resolve("one-" + i + ".json"), random, 1));
      }
      Path lua = HttpBenchmark.postScript(work.resolve("post.lua"), bodies.get(0));
      Measured[] m = measure(sqlite, onRedis, bodies, lua);
      Measured s = m[0];
      Measured r = m[1];
      Directories.deleteTree(work); // the servers' logs and the bodies; kept after a failure
      notes.add(
          "HTTP Redis vs SQLite: Redis at "
              + redis
              + " (project "
              + PROJECT
              + "); both servers up at once, each warmed up by wrk for "
              + HttpBenchmark.WARM_UP_SECONDS
              + " s, then each in turn (SQLite first) at the fixed rate by LoadGenerator (own JVM,"
              + " open loop, "
              + HttpBenchmark.CONNECTIONS
              + " connections, "
              + HttpBenchmark.FIXED_SECONDS
              + " s), then each in turn at its peak by wrk (1 thread, 32 connections, "
              + HttpBenchmark.PEAK_SECONDS
              + " s)");
      return List.of(
          new BenchMain.Row(
              "HTTP Redis store 1x20 @1000/s, p50",
              HttpBenchmark.micros(r.fixed().group(4)),
              "SQLite store " + HttpBenchmark.micros(s.fixed().group(4)),
              HttpBenchmark.ratio(r.fixed().group(4), s.fixed().group(4)),
              "-"),
          new BenchMain.Row(
              "HTTP Redis store 1x20 @1000/s, p99",
              HttpBenchmark.micros(r.fixed().group(5)),
              "SQLite store " + HttpBenchmark.micros(s.fixed().group(5)),
              HttpBenchmark.ratio(r.fixed().group(5), s.fixed().group(5)),
              "<= 1.5x the SQLite store's p99"),
          new BenchMain.Row(
              "HTTP Redis store 1x20, peak (wrk)",
              String.format(Locale.ROOT, "%.0f req/s", r.peak()),
              String.format(Locale.ROOT, "SQLite store %.0f req/s", s.peak()),
              r.peak() / s.peak(),
              "no target set"));
    } finally {
      try {
        if (onRedis != null) {
          onRedis.deleteOnlineRows();
          try (RedisClient client = redis.client()) {
            int left = redis.projectKeys(client, PROJECT).size();
            notes.add(
                String.format(
                    Locale.ROOT,
                    "%s: project %s's rows deleted from %s; %d keys of it left",
                    left == 0 ? "check ok" : "CHECK FAILED",
                    PROJECT,
                    redis,
                    left));
          }
          onRedis.delete();
        }
      } finally {
        sqlite.delete();
      }
    }
  }

  /**
   * Serves both repositories at once, warms both servers up, then measures them in turn at the
   * fixed rate and in turn at their peak, so that each pair of figures is taken close together.
   *
   * @return what the SQLite server gave, then the Redis server
   */
  private Measured[] measure(BenchRepo sqlite, BenchRepo onRedis, List<String> bodies, Path lua)
      throws IOException, InterruptedException {
    String[] stores = {"SQLite", "Redis"};
    BenchRepo[] repos = {sqlite, onRedis};
    ServeProcess[] servers = new ServeProcess[2];
    try {
      URI[] reads = new URI[2];
      for (int i = 0; i < 2; i++) {
        System.err.printf(Locale.ROOT, "http-redis: larder serve with the %s store…%n", stores[i]);
        servers[i] =
            ServeProcess.start(
                home, repos[i].path(), work.resolve("serve-" + stores[i]), List.of());
        reads[i] = servers[i].uri().resolve("/get-online-features");
      }
      for (URI read : reads) {
        HttpBenchmark.wrk(read, HttpBenchmark.WARM_UP_SECONDS, lua);
      }
      String[] fixed = new String[2];
      for (int i = 0; i < 2; i++) {
        fixed[i] = HttpBenchmark.generate(reads[i], HttpBenchmark.FIXED_RATE, bodies);
      }
      double[] peak = new double[2];
      for (int i = 0; i < 2; i++) {
        peak[i] = HttpBenchmark.wrk(reads[i], HttpBenchmark.PEAK_SECONDS, lua);
      }
      Measured[] out = new Measured[2];
      for (int i = 0; i < 2; i++) {
        out[i] = new Measured(HttpBenchmark.matcher(fixed[i]), peak[i]);
        notes.add("HTTP " + stores[i] + " store 1x20 @1000/s: " + fixed[i]);
        notes.add(
            String.format(Locale.ROOT, "HTTP %s store 1x20 peak: %.0f req/s", stores[i], peak[i]));
      }
      for (int i = 0; i < 2; i++) {
        Duration stop = servers[i].stop();
        notes.add(
            String.format(
                Locale.ROOT,
                "HTTP %s store: larder serve exited 0 %.1f s after SIGTERM",
                stores[i],
                stop.toMillis() / 1e3));
      }
      return out;
    } finally {
      for (ServeProcess server : servers) {
        if (server != null) {
          server.close();
        }
      }
    }
  }
}
