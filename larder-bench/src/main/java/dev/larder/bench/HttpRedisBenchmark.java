package dev.larder.bench;

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
 * it. Each store gets its own {@code larder serve} (own JVM, defaults), one after the other, each
 * measured as {@link HttpBenchmark} measures it: warmed up by {@code wrk}, then {@link
 * LoadGenerator} (own JVM, open loop) at the fixed rate, then {@code wrk} for the peak; the same
 * request bodies for both.
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
      Measured s = measure("SQLite", sqlite, bodies, lua);
      Measured r = measure("Redis", onRedis, bodies, lua);
      notes.add(
          "HTTP Redis vs SQLite: Redis at "
              + redis
              + " (project "
              + PROJECT
              + "); servers one after the other (SQLite first), each warmed up by wrk for "
              + HttpBenchmark.WARM_UP_SECONDS
              + " s, then LoadGenerator (own JVM, open loop, "
              + HttpBenchmark.CONNECTIONS
              + " connections, "
              + HttpBenchmark.FIXED_SECONDS
              + " s), then wrk (1 thread, 32 connections, "
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

  /** Serves {@code repo}, warms the server up, measures it at the fixed rate and its peak. */
  private Measured measure(String store, BenchRepo repo, List<String> bodies, Path lua)
      throws IOException, InterruptedException {
    System.err.printf(Locale.ROOT, "http-redis: larder serve with the %s store…%n", store);
    try (ServeProcess server =
        ServeProcess.start(home, repo.path(), work.resolve("serve-" + store), List.of())) {
      URI read = server.uri().resolve("/get-online-features");
      HttpBenchmark.wrk(read, HttpBenchmark.WARM_UP_SECONDS, lua);
      String fixed = HttpBenchmark.generate(read, HttpBenchmark.FIXED_RATE, bodies);
      double peak = HttpBenchmark.wrk(read, HttpBenchmark.PEAK_SECONDS, lua);
      Matcher m = HttpBenchmark.matcher(fixed);
      notes.add("HTTP " + store + " store 1x20 @1000/s: " + fixed);
      notes.add(String.format(Locale.ROOT, "HTTP %s store 1x20 peak: %.0f req/s", store, peak));
      Duration stop = server.stop();
      notes.add(
          String.format(
              Locale.ROOT,
              "HTTP %s store: larder serve exited 0 %.1f s after SIGTERM",
              store,
              stop.toMillis() / 1e3));
      return new Measured(m, peak);
    }
  }
}
