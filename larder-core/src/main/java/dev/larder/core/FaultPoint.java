package dev.larder.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points in the code where a test can make the process crash or pause, at the dangerous
 * moments of a write (issue #8, item 10): test-only behaviour, switched on by the system property
 * {@value #PROPERTY} read once when this class loads, and free when it is not set (a {@code static
 * final} null check the JIT removes).
 *
 * <p>{@code -Dlarder.fault=<point>:<crash|pause>[@<n>]}, e.g. {@code
 * -Dlarder.fault=online.batch-before-commit:crash@3}: the {@code n}-th time (default the first) the
 * process reaches {@code point}, it prints {@code larder.fault: crash at <point>} (or {@code paused
 * at}) on stderr, then either halts at once ({@link Runtime#halt}, exit status {@value
 * #CRASH_STATUS}: no shutdown hooks, no finally blocks, as {@code kill -9} would) or blocks that
 * thread forever, so that the test can kill the process there.
 */
public enum FaultPoint {
  /** In the materializer, after a batch's transaction committed and before the next batch. */
  MATERIALIZE_BATCH_WRITTEN("materialize.batch-written"),
  /** In the SQLite online store's batch write: every row upserted, before {@code COMMIT}. */
  ONLINE_BATCH_BEFORE_COMMIT("online.batch-before-commit"),
  /** In the SQLite registry's commit: the new snapshot written, before {@code COMMIT}. */
  REGISTRY_BEFORE_COMMIT("registry.before-commit"),
  /** In the SQLite registry's commit: right after {@code COMMIT}, before the caller hears of it. */
  REGISTRY_AFTER_COMMIT("registry.after-commit"),
  /** In an offline push: the hidden temporary Parquet file written, before its atomic rename. */
  PUSH_BEFORE_RENAME("push.before-rename"),
  /** In an API keys file change: the new temporary file written, before it replaces the file. */
  KEYS_BEFORE_RENAME("keys.before-rename");

  /** The system property that arms one point. */
  public static final String PROPERTY = "larder.fault";

  /** The exit status of a process crashed at a point. */
  public static final int CRASH_STATUS = 86;

  private static final Armed ARMED = Armed.parse(System.getProperty(PROPERTY));

  private final String spelling;

  FaultPoint(String spelling) {
    this.spelling = spelling;
  }

  /** How the point is named in {@value #PROPERTY}. */
  public String spelling() {
    return spelling;
  }

  /**
   * Crashes or pauses here when this point is armed and reached for the chosen time; else nothing.
   */
  public void reach() {
    if (ARMED != null && ARMED.point == this) {
      ARMED.reached();
    }
  }

  /** {@code -D} argument that arms this point to crash the {@code n}-th time it is reached. */
  public String crashAt(int n) {
    return "-D" + PROPERTY + "=" + spelling + ":crash@" + n;
  }

  /** {@code -D} argument that arms this point to pause the {@code n}-th time it is reached. */
  public String pauseAt(int n) {
    return "-D" + PROPERTY + "=" + spelling + ":pause@" + n;
  }

  private static final class Armed {
    final FaultPoint point;
    final boolean crash;
    final int at;
    final AtomicInteger hits = new AtomicInteger();

    Armed(FaultPoint point, boolean crash, int at) {
      this.point = point;
      this.crash = crash;
      this.at = at;
    }

    static Armed parse(String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      String[] parts = text.strip().split("[:@]");
      FaultPoint point = null;
      for (FaultPoint p : values()) {
        if (p.spelling.equals(parts[0])) {
          point = p;
        }
      }
      String action = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "";
      if (point == null
          || parts.length > 3
          || !(action.equals("crash") || action.equals("pause"))) {
        throw new IllegalArgumentException(
            PROPERTY
                + "="
                + text
                + " is not <point>:<crash|pause>[@<n>] with a point of "
                + java.util.Arrays.stream(values()).map(FaultPoint::spelling).toList());
      }
      int at = parts.length == 3 ? Integer.parseInt(parts[2]) : 1;
      return new Armed(point, action.equals("crash"), at);
    }

    void reached() {
      if (hits.incrementAndGet() != at) {
        return;
      }
      PrintStream err = System.err;
      if (crash) {
        err.println("larder.fault: crash at " + point.spelling);
        err.flush();
        Runtime.getRuntime().halt(CRASH_STATUS);
      }
      err.println("larder.fault: paused at " + point.spelling);
      err.flush();
      while (true) {
        LockSupport.park(this);
      }
    }
  }
}
