package dev.larder.cli;

import dev.larder.core.Plural;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.run.RunRecord;
import dev.larder.ml.run.TrainingRun;
import dev.larder.ml.workflow.StageTimings;
import dev.larder.ml.workflow.WorkflowResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Prints a training run's metrics table and stage timings. */
final class TrainingReport {
  private TrainingReport() {}

  /**
   * Prints the report of {@code run}.
   *
   * @param shownDirectory the run record's folder as shown (relative to the working directory)
   * @param repoOption what the printed lineage command needs to find the repository from the
   *     working directory ({@code " --repo feature_repo"}), or the empty string when it is there
   */
  static void print(
      PrintStream out, TrainingRun run, java.nio.file.Path shownDirectory, String repoOption) {
    WorkflowResult r = run.result();
    out.printf(
        Locale.ROOT,
        "Trained %s on %s × %s (%d train, %d test) from %s%n%n",
        r.modelSpec().algorithm().id(),
        Plural.of(r.rowsTotal(), "row"),
        Plural.of(r.selectedFeatures().size(), "feature"),
        r.rowsTrain(),
        r.rowsTest(),
        r.source());
    BinaryMetrics m = r.testMetrics();
    boolean cv = r.crossValidation().isPresent();
    out.printf(Locale.ROOT, "%-10s %8s%s%n", "metric", "test", cv ? "   cv mean ± std" : "");
    for (Metric metric : Metric.values()) {
      String cvText = r.crossValidation().map(s -> "   " + s.summary().get(metric)).orElse("");
      double value = metric.of(m);
      out.printf(
          Locale.ROOT,
          "%-10s %8s%s%n",
          metric.id(),
          Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a",
          cvText);
    }
    int[][] cm = m.confusionMatrix().toArray();
    out.printf(
        Locale.ROOT,
        "confusion matrix [[tn, fp], [fn, tp]] = [[%d, %d], [%d, %d]]%n%n",
        cm[0][0],
        cm[0][1],
        cm[1][0],
        cm[1][1]);
    StageTimings t = r.timings();
    out.printf(
        Locale.ROOT,
        "time (ms): load %s, transform %s, train %s, evaluate %s%s, total %s%n",
        ms(t.load()),
        ms(t.transform()),
        ms(t.train()),
        ms(t.evaluate()),
        cv ? ", cross-validation " + ms(t.crossValidation()) : "",
        ms(t.total()));
    out.println("run record: " + shownDirectory);
    out.println("report: " + shownDirectory.resolve(RunRecord.REPORT_HTML_FILE));
    out.println(
        run.registryRun()
            .map(
                recorded ->
                    "recorded in the registry as run "
                        + recorded.id()
                        + " (larder lineage "
                        + recorded.id()
                        + repoOption
                        + ")")
            .orElse("not recorded in a registry: direct loading reads no feature view"));
  }

  static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
  }

  /**
   * {@code " --repo DIR"} for a repository other than the working directory (the default of every
   * command but train), so that a printed command works when pasted in the same folder.
   */
  static String repoOption(java.nio.file.Path workDir, java.nio.file.Path repo) {
    java.nio.file.Path relative = workDir.relativize(repo.normalize());
    if (relative.toString().isEmpty()) {
      return "";
    }
    String text = relative.toString().replace('\\', '/');
    return " --repo "
        + (text.matches("[A-Za-z0-9_./@%+=:,-]+") ? text : "'" + text.replace("'", "'\\''") + "'");
  }
}
