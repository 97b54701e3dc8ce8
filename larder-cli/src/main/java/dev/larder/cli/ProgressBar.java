package dev.larder.cli;

import java.io.PrintStream;

/**
 * A progress bar on stderr, drawn only when stderr is a terminal and only once the work has run for
 * two seconds (DESIGN B1): short work and redirected output stay clean.
 */
final class ProgressBar implements AutoCloseable {
  private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final String unit;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(CliContext context, String unit) {
    this.err = context.err();
    this.enabled = context.stderrIsTerminal();
    this.unit = unit;
  }

  /** Reports that {@code done} of {@code total} units are finished. */
  void update(long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS && done < total) {
      return;
    }
    lastDraw = now;
    drawn = true;
    int filled = total <= 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
    int percent = total <= 0 ? 100 : (int) (100 * Math.min(done, total) / total);
    err.print(
        "\r["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + percent
            + "% "
            + done
            + "/"
            + total
            + " "
            + unit);
    err.flush();
  }

  /** Reports that {@code done} units are finished, of a total not known in advance. */
  void count(long done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < SHOW_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    err.print("\r" + done + " " + unit);
    err.flush();
  }

  @Override
  public void close() {
    if (drawn) {
      err.println();
    }
  }
}
