package dev.larder.bench;

import dev.larder.core.files.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up time of common commands: {@code bin/larder --version}, {@code plan}, {@code
 * get-online-features} of one key and {@code materialize-incremental} with nothing new, each
 * against a bare {@code java -version} (the same {@code java} bin/larder runs) in the same run. The
 * repository is made by {@code bin/larder init} in a temporary directory, then applied and
 * materialized up to a fixed end, so a second {@code materialize-incremental} to that end has
 * nothing new. After one unreported run of each, five rounds run every command once in turn (so a
 * change of the machine's load touches them alike); each figure is the best of its five. Target:
 * each command within {@value #TARGET_SECONDS} s of the bare JVM.
 */
final class StartupBenchmark {
  static final double TARGET_SECONDS = 0.5;
  private static final int ROUNDS = 5;

  private final Path launcher;
  private final Path archive;
  private final List<String> notes = new ArrayList<>();

  StartupBenchmark(Path home) {
    this.launcher = home.resolve("bin/larder");
    this.archive = home.resolve("larder-cli/target/larder.jsa");
  }

  List<BenchMain.Row> run() throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("larder-bench-startup");
    try {
      return measure(work);
    } finally {
      Directories.deleteTree(work);
    }
  }

  List<String> notes() {
    return notes;
  }

  private List<BenchMain.Row> measure(Path work) throws IOException, InterruptedException {
    // Builds the jar and its start-up archive when needed, outside the timing.
    run(work, launcher.toString(), "--version");
    run(work, launcher.toString(), "init", "feature_repo");
    Path repo = work.resolve("feature_repo");
    String end = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    run(repo, launcher.toString(), "apply");
    run(repo, launcher.toString(), "materialize-incremental", end);
    List<Measured> commands =
        List.of(
            new Measured("java -version", List.of("java", "-version")),
            new Measured("larder --version", List.of(launcher.toString(), "--version")),
            new Measured("larder plan", List.of(launcher.toString(), "plan")),
            new Measured(
                "larder get-online-features, 1 key",
                List.of(
                    launcher.toString(),
                    "get-online-features",
                    "--features",
                    "classification_features:feature_0",
                    "--entity",
                    "sample_index=1")),
            new Measured(
                "larder materialize-incremental, no new",
                List.of(launcher.toString(), "materialize-incremental", end)));
    for (Measured m : commands) {
      run(repo, m.command.toArray(String[]::new)); // the unreported run
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (Measured m : commands) {
        m.best = Math.min(m.best, run(repo, m.command.toArray(String[]::new)));
      }
    }
    double bare = commands.get(0).best;
    List<BenchMain.Row> rows = new ArrayList<>();
    int met = 0;
    for (Measured m : commands.subList(1, commands.size())) {
      double over = m.best - bare;
      met += over <= TARGET_SECONDS ? 1 : 0;
      rows.add(
          new BenchMain.Row(
              "startup: " + m.name,
              String.format(Locale.ROOT, "%.3f s", m.best),
              String.format(Locale.ROOT, "java -version %.3f s", bare),
              m.best / bare,
              String.format(
                  Locale.ROOT,
                  "<= bare + %.1f s (here +%.3f s: %s)",
                  TARGET_SECONDS,
                  over,
                  over <= TARGET_SECONDS ? "met" : "missed")));
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "startup: best of %d runs after one unreported; %d of %d commands within %.1f s of a bare"
                + " JVM; class-data archive %s",
            ROUNDS,
            met,
            commands.size() - 1,
            TARGET_SECONDS,
            Files.isRegularFile(archive) ? "in use (" + archive + ")" : "absent"));
    return rows;
  }

  /**
   * Runs {@code command} in {@code dir} and returns its wall time in seconds; its output is
   * discarded, its stderr shown when it fails.
   */
  private static double run(Path dir, String... command) throws IOException, InterruptedException {
    Path err = Files.createTempFile("larder-bench-startup", ".err");
    try {
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
      int exit = p.waitFor();
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + exit + ":\n" + Files.readString(err));
      }
      return elapsed;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** A command and the best of its timed runs, in seconds. */
  private static final class Measured {
    final String name;
    final List<String> command;
    double best = Double.MAX_VALUE;

    Measured(String name, List<String> command) {
      this.name = name;
      this.command = command;
    }
  }
}
