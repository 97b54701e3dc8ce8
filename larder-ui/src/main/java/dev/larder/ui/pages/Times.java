package dev.larder.ui.pages;

import dev.larder.core.time.IsoTimes;
import java.time.Duration;
import java.time.Instant;

/** How pages show times: ISO-8601 in UTC, and ages such as {@code 3 h ago}. */
public final class Times {
  private Times() {}

  /** {@code 2025-03-04T05:06:07Z}; empty for {@code null}. */
  public static String iso(Instant t) {
    return t == null ? "" : IsoTimes.format(t);
  }

  /** How long before {@code now} {@code t} was, roughly: {@code 42 s}, {@code 5 min}, … */
  public static String age(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    boolean future = d.isNegative();
    long s = Math.abs(d.getSeconds());
    String text;
    if (s < 90) {
      text = s + " s";
    } else if (s < 90 * 60) {
      text = (s / 60) + " min";
    } else if (s < 36 * 3600) {
      text = (s / 3600) + " h";
    } else {
      text = (s / 86_400) + " d";
    }
    return future ? "in " + text : text + " ago";
  }
}
