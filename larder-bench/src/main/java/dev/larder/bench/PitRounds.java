package dev.larder.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the point-in-time benchmarks' contenders in alternating rounds (round 1: Larder first, round
 * 2: the baseline first, …) so that a load that drifts during the run weighs on both alike; each
 * contender's figure is its best round. Every round's figures are kept for the notes.
 */
final class PitRounds {
  /** Rounds of each contender: the best of three. */
  static final int ROUNDS = 3;

  /** One run of a contender: its seconds and peak resident memory (KiB, -1 unknown). */
  record Run(double seconds, long peakRssKib, boolean failed, List<String> detail) {
    static Run failed(List<String> detail) {
      return new Run(Double.NaN, -1, true, detail);
    }
  }

  /** A contender that can be run again. */
  interface Contender {
    Run run() throws IOException, InterruptedException;
  }

  /** The best run of one contender and every round's seconds. */
  record Best(double seconds, long peakRssKib, List<Double> rounds, Run failure) {
    boolean failed() {
      return failure != null;
    }

    String roundsText() {
      List<String> out = new ArrayList<>();
      rounds.forEach(s -> out.add(String.format(Locale.ROOT, "%.2f", s)));
      return String.join(" / ", out) + " s";
    }
  }

  private PitRounds() {}

  /**
   * Runs {@code larder} and {@code baseline} {@link #ROUNDS} times each, alternating which goes
   * first. Returns {larder, baseline}: each the best of its rounds that succeeded (a failed round
   * is in the notes; a contender all of whose rounds failed reports its last failure).
   */
  static Best[] alternate(Contender larder, Contender baseline, String label, List<String> notes)
      throws IOException, InterruptedException {
    return alternate(larder, baseline, label, ROUNDS, notes);
  }

  /** As {@link #alternate(Contender, Contender, String, List)}, with {@code rounds} rounds. */
  static Best[] alternate(
      Contender larder, Contender baseline, String label, int rounds, List<String> notes)
      throws IOException, InterruptedException {
    List<List<Run>> runs = List.of(new ArrayList<>(), new ArrayList<>());
    Contender[] contenders = {larder, baseline};
    for (int round = 0; round < rounds; round++) {
      for (int turn = 0; turn < 2; turn++) {
        int who = round % 2 == 0 ? turn : 1 - turn;
        List<Run> mine = runs.get(who);
        System.err.printf(
            Locale.ROOT,
            "%s: round %d, %s…%n",
            label,
            round + 1,
            who == 0 ? "larder" : "bare DuckDB");
        String load = BenchMain.loadAverage();
        Run run = contenders[who].run();
        mine.add(run);
        if (run.failed()) {
          run.detail().forEach(line -> notes.add("    " + line));
        }
        notes.add(
            String.format(
                Locale.ROOT,
                "  round %d %s: %s, peak RSS %s (load average before: %s)",
                round + 1,
                who == 0 ? "larder" : "bare DuckDB",
                run.failed() ? "FAILED" : String.format(Locale.ROOT, "%.2f s", run.seconds()),
                PitJoinBenchmark.mib(run.peakRssKib()),
                load));
        System.err.printf(
            Locale.ROOT,
            "%s:   %s%n",
            label,
            run.failed() ? "FAILED" : String.format(Locale.ROOT, "%.2f s", run.seconds()));
      }
    }
    return new Best[] {best(runs.get(0)), best(runs.get(1))};
  }

  private static Best best(List<Run> runs) {
    double seconds = Double.POSITIVE_INFINITY;
    long peak = -1;
    List<Double> rounds = new ArrayList<>();
    Run failure = null;
    for (Run run : runs) {
      if (run.failed()) {
        failure = run;
        continue;
      }
      rounds.add(run.seconds());
      seconds = Math.min(seconds, run.seconds());
      peak = Math.max(peak, run.peakRssKib());
    }
    if (rounds.isEmpty()) {
      return new Best(Double.NaN, -1, rounds, failure);
    }
    return new Best(seconds, peak, rounds, null);
  }
}
