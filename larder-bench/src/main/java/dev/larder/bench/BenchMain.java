package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs Larder's benchmarks and prints each figure beside its baseline from the same run, their
 * ratio and the target (DESIGN Targets), then notes (rows/s, memory, checks) and the load average.
 * Started by {@code bench/run}; {@code -Dlarder.home} names the checkout (for the whole-command
 * benchmarks that run {@code bin/larder}).
 */
public final class BenchMain {
  /** Every benchmark, in the order they run. */
  private static final List<String> ALL =
      List.of(
          "direct-load",
          "feature-store",
          "quickstart",
          "startup",
          "online-read",
          "http",
          "pit-join",
          "pit-many-views",
          "materialize",
          "online-read-redis",
          "http-redis",
          "materialize-redis",
          "apply-postgres",
          "ui",
          "models");

  /**
   * The soak ({@link SoakBenchmark}): half an hour by default, so only when named, not in {@code
   * all}; a bound it misses makes the exit status 1.
   */
  private static final String SOAK = "soak";

  /**
   * The Spark engine beside DuckDB ({@link SparkBenchmark}): needs the Spark plugin and a quarter
   * of an hour or more, so only when named, not in {@code all}.
   */
  private static final String SPARK = "spark";

  /**
   * The point-in-time join on larger-than-memory data ({@link PitJoinBenchmark#large}): 5M × 50M ×
   * 20, about 10 GB of disk and a bare baseline that may take many GB of memory, so only when
   * named, not in {@code all}.
   */
  private static final String PIT_JOIN_LARGE = "pit-join-large";

  /**
   * Run without arguments: all but the PIT join and the materializations, which take minutes and
   * GBs, and the Redis and PostgreSQL benchmarks, which need those servers.
   */
  private static final List<String> DEFAULT =
      List.of("direct-load", "feature-store", "quickstart", "startup", "online-read", "http", "ui");

  private BenchMain() {}

  /**
   * Runs the benchmarks named in {@code args} ({@code direct-load}, {@code feature-store}, {@code
   * quickstart}, {@code startup}, {@code online-read}, {@code http}, {@code pit-join}, {@code
   * pit-many-views}, {@code materialize}, {@code online-read-redis}, {@code http-redis}, {@code
   * materialize-redis}, {@code apply-postgres}, {@code ui}, {@code models}; none: all but {@code
   * pit-join}, {@code materialize} and those needing Redis or PostgreSQL, or {@code all} for every
   * one) and prints the table; {@code pit-join-large} runs the point-in-time join on 50M feature
   * rows (never part of {@code all}); {@code spark} runs the Spark engine's benchmark (never part
   * of {@code all}); {@code soak} runs the soak too (never part of {@code all}) and exits 1 if it
   * missed a bound.
   */
  public static void main(String[] args)
      throws RunnerException, IOException, InterruptedException, SQLException {
    List<String> names = Arrays.asList(args);
    for (String name : names) {
      if (!ALL.contains(name)
          && !name.equals("all")
          && !name.equals(SOAK)
          && !name.equals(SPARK)
          && !name.equals(PIT_JOIN_LARGE)) {
        System.err.println(
            "error: unknown benchmark '"
                + name
                + "'; choose from "
                + String.join(", ", ALL)
                + ", all, "
                + PIT_JOIN_LARGE
                + ", "
                + SPARK
                + ", "
                + SOAK);
        System.exit(2);
      }
    }
    int soakMinutes = 0;
    if (names.contains(SOAK)) {
      try {
        soakMinutes = SoakBenchmark.minutes(System.getenv());
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(2);
      }
    }
    List<String> only = names.isEmpty() ? DEFAULT : names.contains("all") ? ALL : names;
    if (only.stream().anyMatch(n -> n.endsWith("-redis") || n.equals(SPARK))) {
      // Settings and the server are checked before anything runs, not after minutes of other work.
      try {
        BenchSettings.redisKeys();
        BenchRedis.fromEnvironment().requireReachable();
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(2);
      } catch (IllegalStateException e) {
        System.err.println("error: " + e.getMessage());
        System.err.println(
            "Start Redis (redis-server --port 6379 --save '') or set LARDER_TEST_REDIS=host:port");
        System.exit(3);
      }
    }
    if (only.contains("apply-postgres")) {
      try {
        BenchPostgres.fromEnvironment().requireReachable();
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(2);
      } catch (IllegalStateException e) {
        System.err.println("error: " + e.getMessage());
        System.err.println(
            "Start PostgreSQL or set LARDER_TEST_POSTGRES_URL=postgresql://user@host:port/database");
        System.exit(3);
      }
    }
    String loadBefore = loadAverage();
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (only.contains("direct-load")) {
      rows.add(directLoad());
    }
    if (only.contains("feature-store")) {
      rows.add(featureStore());
    }
    if (only.contains("quickstart")) {
      rows.add(quickstart());
    }
    if (only.contains("startup")) {
      StartupBenchmark startup =
          new StartupBenchmark(Path.of(System.getProperty("larder.home", ".")).toAbsolutePath());
      rows.addAll(startup.run());
      notes.addAll(startup.notes());
    }
    if (only.contains("online-read")) {
      rows.addAll(onlineRead());
    }
    if (only.contains("http")) {
      HttpBenchmark http =
          new HttpBenchmark(Path.of(System.getProperty("larder.home", ".")).toAbsolutePath());
      rows.addAll(http.run());
      notes.addAll(http.notes());
    }
    if (only.contains("pit-join")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      PitJoinBenchmark pit = new PitJoinBenchmark(home, PitJoinBenchmark.scratchDirectory());
      rows.add(pit.run());
      notes.addAll(pit.notes());
    }
    if (names.contains(PIT_JOIN_LARGE)) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      PitJoinBenchmark large = PitJoinBenchmark.large(home, PitJoinBenchmark.scratchDirectory());
      rows.add(large.run());
      notes.addAll(large.notes());
    }
    if (only.contains("pit-many-views")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      PitManyViewsBenchmark pit =
          new PitManyViewsBenchmark(home, PitJoinBenchmark.scratchDirectory());
      rows.add(pit.run());
      notes.addAll(pit.notes());
    }
    if (only.contains("materialize")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      MaterializeBenchmark m = new MaterializeBenchmark(home, PitJoinBenchmark.scratchDirectory());
      rows.addAll(m.run());
      notes.addAll(m.notes());
    }
    if (only.contains("online-read-redis")) {
      rows.addAll(onlineReadRedis());
    }
    if (only.contains("http-redis")) {
      HttpRedisBenchmark http =
          new HttpRedisBenchmark(Path.of(System.getProperty("larder.home", ".")).toAbsolutePath());
      rows.addAll(http.run());
      notes.addAll(http.notes());
    }
    if (only.contains("materialize-redis")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      MaterializeRedisBenchmark m =
          new MaterializeRedisBenchmark(
              home,
              PitJoinBenchmark.scratchDirectory(),
              BenchRedis.fromEnvironment(),
              BenchSettings.redisKeys());
      rows.addAll(m.run());
      notes.addAll(m.notes());
    }
    if (only.contains("apply-postgres")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      ApplyPostgresBenchmark apply =
          new ApplyPostgresBenchmark(home, BenchPostgres.fromEnvironment(), BenchSettings.quick());
      rows.addAll(apply.run());
      notes.addAll(apply.notes());
    }
    if (only.contains("ui")) {
      UiBenchmark ui = new UiBenchmark(BenchSettings.quick());
      rows.addAll(ui.run());
      notes.addAll(ui.notes());
    }
    if (only.contains("models")) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      ModelsBenchmark models = new ModelsBenchmark(home, PitJoinBenchmark.scratchDirectory());
      rows.addAll(models.run());
      notes.addAll(models.notes());
    }
    if (only.contains(SPARK)) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      SparkBenchmark spark =
          new SparkBenchmark(
              home, PitJoinBenchmark.scratchDirectory(), BenchRedis.fromEnvironment());
      rows.addAll(spark.run());
      notes.addAll(spark.notes());
    }
    boolean soakPassed = true;
    if (names.contains(SOAK)) {
      Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
      soakPassed = new SoakBenchmark(home, soakMinutes, System.out).run();
    }
    if (!rows.isEmpty()) {
      printTable(rows, notes);
    }
    System.out.printf(
        Locale.ROOT,
        "load average (1, 5, 15 min) before: %s; after: %s; %d cores%n",
        loadBefore,
        loadAverage(),
        Runtime.getRuntime().availableProcessors());
    if (!soakPassed) {
      System.exit(1);
    }
  }

  private static void printTable(List<Row> rows, List<String> notes) {
    System.out.println();
    int width = 42;
    for (Row row : rows) {
      width = Math.max(width, row.name().length());
    }
    String format = "%-" + width + "s %12s   %-34s %8s   %s%n";
    System.out.printf(
        Locale.ROOT, format, "benchmark", "figure", "baseline (same run)", "ratio", "target");
    for (Row row : rows) {
      System.out.printf(
          Locale.ROOT,
          format,
          row.name(),
          row.figure(),
          row.baseline(),
          Double.isNaN(row.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2fx", row.ratio()),
          row.target());
    }
    System.out.println("ratio = figure / baseline");
    for (String note : notes) {
      System.out.println("  " + note);
    }
  }

  /** The first three fields of /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static Row directLoad() throws RunnerException {
    Options options =
        new OptionsBuilder().include(DirectLoadBenchmark.class.getName() + "\\.").build();
    Collection<RunResult> results = new Runner(options).run();
    double load = score(results, "directLoad");
    double bare = score(results, "bareSqliteSelect");
    return new Row(
        "direct load 1000x20, warm",
        millis(load / 1000),
        "bare sqlite-jdbc SELECT " + millis(bare / 1000),
        load / bare,
        "<= 2 ms (guide: < 10 ms)");
  }

  private static Row featureStore() throws RunnerException {
    Options options =
        new OptionsBuilder().include(FeatureStoreBenchmark.class.getName() + "\\.").build();
    Collection<RunResult> results = new Runner(options).run();
    double store = score(results, "featureStoreTrainingData");
    double direct = score(results, "directLoad");
    return new Row(
        "feature-store training data 1000x20, warm",
        millis(store / 1000),
        "direct load " + millis(direct / 1000),
        store / direct,
        "<= 2x direct load (guide: ~100 ms with Feast)");
  }

  /**
   * In-process online reads from the Redis store against a bare Jedis {@code HMGET} of the same
   * fields of the same keys: p50 and p99 of single calls (JMH sample time).
   */
  private static List<Row> onlineReadRedis() throws RunnerException {
    BenchRedis.fromEnvironment().requireReachable();
    Options options =
        quick(new OptionsBuilder().include(OnlineReadRedisBenchmark.class.getName() + "\\."))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Row> rows = new ArrayList<>();
    String target = "<= 1.3x bare";
    for (String n : List.of("1", "100")) {
      String prefix = n.equals("1") ? "oneKey" : "hundredKeys";
      Statistics larder = statistics(results, prefix + "LarderRead");
      Statistics bare = statistics(results, prefix + "BareHmget");
      String what = n.equals("1") ? "bare HMGET " : "bare 100 HMGET pipelined ";
      for (int p : new int[] {50, 99}) {
        rows.add(
            new Row(
                "Redis read " + n + "x20 OnlineStore.readAll, p" + p,
                micros(larder.getPercentile(p)),
                what + micros(bare.getPercentile(p)),
                larder.getPercentile(p) / bare.getPercentile(p),
                target));
      }
    }
    for (String n : List.of("1", "100")) {
      String prefix = n.equals("1") ? "oneKey" : "hundredKeys";
      Statistics whole = statistics(results, prefix + "WholeRead");
      Statistics bare = statistics(results, prefix + "BareHmget");
      String what = n.equals("1") ? "bare HMGET " : "bare 100 HMGET pipelined ";
      rows.add(
          new Row(
              "Redis read " + n + "x20 getOnlineFeatures, p99",
              micros(whole.getPercentile(99)),
              what + micros(bare.getPercentile(99)),
              whole.getPercentile(99) / bare.getPercentile(99),
              "no target set (whole path)"));
    }
    return rows;
  }

  /**
   * With {@code LARDER_BENCH_QUICK=1}, one short warm-up and measurement iteration instead of the
   * benchmark's own: to check that a benchmark runs, not to measure.
   */
  private static ChainedOptionsBuilder quick(ChainedOptionsBuilder options) {
    if (BenchSettings.quick()) {
      options
          .warmupIterations(1)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(1)
          .measurementTime(TimeValue.seconds(2));
    }
    return options;
  }

  /** In-process online reads: p50 and p99 of single calls (JMH sample time). */
  private static List<Row> onlineRead() throws RunnerException {
    Options options =
        new OptionsBuilder().include(OnlineReadBenchmark.class.getName() + "\\.").build();
    Collection<RunResult> results = new Runner(options).run();
    Statistics one = statistics(results, "onlineRead1x20");
    Statistics batch = statistics(results, "onlineRead100x20");
    Statistics bare = statistics(results, "bareSqlitePrimaryKeyRead");
    return List.of(
        new Row(
            "online read 1x20 in process, p50",
            micros(one.getPercentile(50)),
            "bare SQLite PK read " + micros(bare.getPercentile(50)),
            one.getPercentile(50) / bare.getPercentile(50),
            "-"),
        new Row(
            "online read 1x20 in process, p99",
            micros(one.getPercentile(99)),
            "bare SQLite PK read " + micros(bare.getPercentile(99)),
            one.getPercentile(99) / bare.getPercentile(99),
            "p99 <= 50 us"),
        new Row(
            "online read 100x20 in process, p99",
            micros(batch.getPercentile(99)),
            "bare SQLite PK read " + micros(bare.getPercentile(99)),
            batch.getPercentile(99) / bare.getPercentile(99),
            "no target set"));
  }

  private static Statistics statistics(Collection<RunResult> results, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r.getPrimaryResult().getStatistics();
      }
    }
    throw new IllegalStateException("no result for " + method);
  }

  private static String micros(double us) {
    return String.format(Locale.ROOT, "%.1f us", us);
  }

  private static double score(Collection<RunResult> results, String method) {
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("." + method)) {
        return r.getPrimaryResult().getScore();
      }
    }
    throw new IllegalStateException("no result for " + method);
  }

  /** Wall time of {@code bin/larder quickstart} against {@code bin/larder --version}. */
  private static Row quickstart() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("larder.home", ".")).toAbsolutePath();
    Path launcher = home.resolve("bin/larder");
    Path work = Files.createTempDirectory("larder-bench-quickstart");
    run(work, launcher.toString(), "--version"); // builds the jar if needed, outside the timing
    int runs = 3;
    double[] version = new double[runs];
    double[] quick = new double[runs];
    for (int i = 0; i < runs; i++) {
      version[i] = run(work, launcher.toString(), "--version");
      quick[i] = run(work, launcher.toString(), "quickstart");
    }
    Arrays.sort(version);
    Arrays.sort(quick);
    double v = version[runs / 2];
    double q = quick[runs / 2];
    return new Row(
        "quickstart, whole command (median of 3)",
        seconds(q),
        "larder --version " + seconds(v),
        q / v,
        "exit 0; no target set");
  }

  private static double run(Path dir, String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = p.waitFor();
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
    }
    return elapsed;
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.3f ms", ms);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  /**
   * One line of the table.
   *
   * @param name what was measured
   * @param figure the measurement
   * @param baseline the baseline's measurement in the same run
   * @param ratio figure / baseline, NaN when there is none
   * @param target the target (DESIGN Targets)
   */
  record Row(String name, String figure, String baseline, double ratio, String target) {}
}
