package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs Larder's benchmarks and prints each figure beside its baseline from the same run and its
 * target (DESIGN Targets). Started by {@code bench/run}; {@code -Dlarder.home} names the checkout
 * (for the whole-command benchmarks that run {@code bin/larder}).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
    List<String> only = Arrays.asList(args);
    List<Row> rows = new ArrayList<>();
    if (only.isEmpty() || only.contains("direct-load")) {
      rows.add(directLoad());
    }
    if (only.isEmpty() || only.contains("quickstart")) {
      rows.add(quickstart());
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-34s %14s   %-34s %8s   %s%n",
        "benchmark",
        "figure",
        "baseline (same run)",
        "ratio",
        "target");
    for (Row row : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %14s   %-34s %7.2fx   %s%n",
          row.name,
          row.figure,
          row.baseline,
          row.ratio,
          row.target);
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

  private record Row(String name, String figure, String baseline, double ratio, String target) {}
}
