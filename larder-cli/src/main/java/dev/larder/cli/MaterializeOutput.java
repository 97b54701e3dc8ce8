package dev.larder.cli;

import dev.larder.core.Plural;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.materialize.ViewMaterialization;
import dev.larder.core.time.IsoTimes;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What {@code materialize} and {@code materialize-incremental} show: a running count of rows per
 * view on a terminal (after two seconds, as every progress bar), then one line per view with its
 * rows and interval, and {@code warning:} lines for views that found no rows in an interval they
 * had not read before, or when there was no view to materialize. An incremental materialization
 * that finds nothing new since the last one is no warning: "nothing new".
 */
final class MaterializeOutput implements MaterializeProgress, AutoCloseable {
  private final CliContext context;
  private ProgressBar bar;

  MaterializeOutput(CliContext context) {
    this.context = context;
  }

  @Override
  public void viewStarted(String view, Instant start, Instant end) {
    close();
    bar = new ProgressBar(context, "rows of " + view);
  }

  @Override
  public void rowsWritten(String view, long rowsDone) {
    if (bar != null) {
      bar.count(rowsDone);
    }
  }

  @Override
  public void viewFinished(ViewMaterialization result) {
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /** Prints the result of each view, and the warnings due. */
  void print(List<ViewMaterialization> done) {
    if (done.isEmpty()) {
      context.warn(
          "there is no online feature view to materialize; set 'online: true' on a view and run"
              + " 'larder apply'");
      return;
    }
    for (ViewMaterialization m : done) {
      if (m.rows() == 0 && m.continued()) {
        context
            .out()
            .printf(
                Locale.ROOT,
                "%s: nothing new, event times %s to %s (%.2f s)%n",
                m.view(),
                start(m.start()),
                IsoTimes.format(m.end()),
                m.elapsed().toNanos() / 1e9);
        continue;
      }
      context
          .out()
          .printf(
              Locale.ROOT,
              "%s: %s, event times %s to %s (%.2f s)%n",
              m.view(),
              Plural.of(m.rows(), "row"),
              start(m.start()),
              IsoTimes.format(m.end()),
              m.elapsed().toNanos() / 1e9);
    }
    for (ViewMaterialization m : done) {
      if (m.rows() == 0 && !m.continued()) {
        context.warn(
            m.view()
                + " has no rows with event times from "
                + start(m.start())
                + " to "
                + IsoTimes.format(m.end())
                + "; check the times against its data ('larder feature-views describe "
                + m.view()
                + "')");
      }
    }
  }

  private static String start(Instant start) {
    return start.equals(Materializer.BEGINNING_OF_DATA)
        ? "the beginning of the data"
        : IsoTimes.format(start);
  }
}
