package dev.larder.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the closest of a set of valid names for a misspelt one (an unknown key, feature, column
 * or reference), so that an error can say {@code did you mean 'feature_2'?}. Matching ignores case
 * and counts a swap of two neighbouring letters as one edit; a name cut short ({@code event_time}
 * for {@code event_timestamp}) is close too. Of equally close candidates the one sharing the
 * longest prefix wins (typos tend to come late in a name).
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The candidate closest to {@code input}, if one is close enough to be a likely typo. */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    if (input == null || input.isEmpty()) {
      return Optional.empty();
    }
    String needle = input.toLowerCase(Locale.ROOT);
    int limit = needle.length() <= 3 ? 1 : Math.max(2, needle.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int bestPrefix = -1;
    for (String candidate : candidates) {
      String lower = candidate.toLowerCase(Locale.ROOT);
      int d = distance(needle, lower);
      boolean close = (d <= limit && d < needle.length()) || truncated(needle, lower);
      int prefix = commonPrefix(needle, lower);
      if (close && (d < bestDistance || (d == bestDistance && prefix > bestPrefix))) {
        best = candidate;
        bestDistance = d;
        bestPrefix = prefix;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether one name is the other cut short ({@code event_time} for {@code event_timestamp}). */
  private static boolean truncated(String a, String b) {
    return Math.min(a.length(), b.length()) >= 4 && (a.startsWith(b) || b.startsWith(a));
  }

  /** {@code "; did you mean 'x'?"} when there is a close candidate, else the empty string. */
  public static String suffix(String input, Collection<String> candidates) {
    return closest(input, candidates).map(c -> "; did you mean " + Echo.of(c) + "?").orElse("");
  }

  /**
   * Ends a sentence about {@code input}: {@code "; did you mean 'x'?"} when there is a close
   * candidate, else {@code "."}, so that another sentence can follow.
   */
  public static String sentenceEnd(String input, Collection<String> candidates) {
    return closest(input, candidates).map(c -> "; did you mean " + Echo.of(c) + "?").orElse(".");
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** Edit distance with insertions, deletions, substitutions and adjacent transpositions. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
