package dev.larder.bench;

import java.util.Map;

/**
 * Settings of the benchmarks from the environment, for developing them on small sizes: {@code
 * LARDER_BENCH_QUICK=1} shortens JMH's iterations and the HTTP benchmarks' phases to a few seconds
 * and {@code apply-postgres} to 2 rounds and one command of each (the figures then check that a
 * benchmark runs, they measure nothing), {@code LARDER_BENCH_REDIS_KEYS} sets the keys that {@code
 * materialize-redis} writes (default {@value #REDIS_KEYS}).
 */
final class BenchSettings {
  static final int REDIS_KEYS = 2_000_000;

  private BenchSettings() {}

  /** Whether {@code LARDER_BENCH_QUICK} asks for short runs. */
  static boolean quick() {
    return quick(System.getenv());
  }

  static boolean quick(Map<String, String> env) {
    String v = env.getOrDefault("LARDER_BENCH_QUICK", "").strip();
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  /**
   * The keys of {@code materialize-redis}: {@code LARDER_BENCH_REDIS_KEYS}, default {@value
   * #REDIS_KEYS}.
   *
   * @throws IllegalArgumentException when it is not a whole number from 1,000 to 100,000,000
   */
  static int redisKeys() {
    String v = System.getenv().getOrDefault("LARDER_BENCH_REDIS_KEYS", "").strip();
    if (v.isEmpty()) {
      return REDIS_KEYS;
    }
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n >= 1_000 && n <= 100_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "LARDER_BENCH_REDIS_KEYS must be a whole number from 1000 to 100000000, got '" + v + "'");
  }
}
