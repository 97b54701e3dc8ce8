package dev.larder.core;

/**
 * A count and its noun for messages and output: {@code 1 row}, {@code 2 rows}, {@code 0 rows}; the
 * one rule behind every count Larder prints, so that no output says {@code 1 rows}.
 */
public final class Plural {
  private Plural() {}

  /** {@code n} and {@code noun}, with an {@code s} unless {@code n} is 1. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** {@code n} and {@code singular} when {@code n} is 1, else {@code plural}. */
  public static String of(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
