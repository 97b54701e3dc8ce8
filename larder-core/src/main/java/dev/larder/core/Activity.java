package dev.larder.core;

import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * What Larder does, for {@code --verbose} and for applications that embed it: the repository
 * opened, the backends chosen and where they are, the queries the offline engine runs, and how long
 * each step took, logged through SLF4J at debug level under the logger of the class that did it
 * ({@code dev.larder.…}). On by default, so an embedding application's SLF4J setup decides; the CLI
 * turns it {@link #off} unless {@code --verbose}, and then no call reaches SLF4J, whose start-up
 * alone costs a command tens of milliseconds.
 */
public final class Activity {
  private static volatile boolean on = true;

  private Activity() {}

  /** Logs nothing from now on (the CLI without {@code --verbose}). */
  public static void off() {
    on = false;
  }

  /** Logs again ({@code --verbose}). */
  public static void on() {
    on = true;
  }

  /** Whether activity is logged; callers building costly messages check it first. */
  public static boolean enabled() {
    return on;
  }

  /** Logs {@code format} (SLF4J's {@code {}} placeholders) at debug level for {@code origin}. */
  public static void log(Class<?> origin, String format, Object... args) {
    if (on) {
      LoggerFactory.getLogger(origin).debug(format, args);
    }
  }

  /** {@code text} on one line (a query written over several), so that each log entry is one. */
  public static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** A start time for {@link #since}. */
  public static long start() {
    return System.nanoTime();
  }

  /** The time since {@code start} as text, {@code 12.3 ms}. */
  public static String since(long start) {
    return String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6);
  }
}
