package dev.larder.ml.data;

import dev.larder.core.InvalidArgumentException;

/**
 * What {@code larder data generate} makes: the size of the sample database and its seed.
 *
 * <p>Each check names the option as the CLI spells it and the range it accepts. The limits come
 * from the algorithm ({@code make_classification} builds 2 classes × 2 clusters per class on the
 * vertices of a hypercube with {@code informative} dimensions, so it needs {@code 2^informative ≥
 * 4}), from memory (the generator holds the whole matrix) and from SQLite (one column per feature).
 *
 * @param samples number of samples (rows of {@code X}), at least 1
 * @param features number of feature columns, at least {@code informative + redundant}
 * @param informative number of informative features, 2 to 30
 * @param redundant number of redundant features (linear combinations of the informative ones)
 * @param seed seed of every random stream; the same seed gives the same database
 * @param snapshots rows per sample, 7 days apart, 1 to 1000
 */
public record GeneratorOptions(
    int samples, int features, int informative, int redundant, long seed, int snapshots) {

  /** The most samples; more would not fit the generator's in-memory matrix comfortably. */
  public static final int MAX_SAMPLES = 10_000_000;

  /** The most features; SQLite allows 2000 columns per table by default. */
  public static final int MAX_FEATURES = 1000;

  /** The most cells ({@code samples × features}) the generator holds in memory at once. */
  public static final long MAX_CELLS = 50_000_000L;

  /** The most informative features: hypercube vertices are numbered with an {@code int}. */
  public static final int MAX_INFORMATIVE = 30;

  /** The fewest informative features: {@code 2^informative} must reach the 4 clusters. */
  public static final int MIN_INFORMATIVE = 2;

  /** The most snapshots per sample. */
  public static final int MAX_SNAPSHOTS = 1000;

  public GeneratorOptions {
    requireRange("--samples", samples, 1, MAX_SAMPLES, "");
    requireRange("--features", features, 1, MAX_FEATURES, "");
    requireRange(
        "--informative",
        informative,
        MIN_INFORMATIVE,
        MAX_INFORMATIVE,
        ": make_classification puts 2 classes × 2 clusters on the vertices of a hypercube with"
            + " that many dimensions, so it needs 2^informative ≥ 4");
    requireRange("--redundant", redundant, 0, MAX_FEATURES, "");
    requireRange("--snapshots", snapshots, 1, MAX_SNAPSHOTS, "");
    if (informative + redundant > features) {
      throw new InvalidArgumentException(
          "--informative ("
              + informative
              + ") + --redundant ("
              + redundant
              + ") must be at most --features ("
              + features
              + ")",
          "Raise --features to at least " + (informative + redundant) + " or lower the others.");
    }
    if ((long) samples * features > MAX_CELLS) {
      throw new InvalidArgumentException(
          "--samples × --features must be at most "
              + MAX_CELLS
              + " (got "
              + samples
              + " × "
              + features
              + "): the generator holds the whole matrix in memory");
    }
  }

  /** The defaults of {@code larder data generate}: 1000 samples, 20 features, 2 + 2, seed 42. */
  public static GeneratorOptions defaults() {
    return new GeneratorOptions(1000, 20, 2, 2, 42L, 1);
  }

  /** The rows the database will hold: {@code samples × snapshots}. */
  public long rows() {
    return (long) samples * snapshots;
  }

  /** These options with another number of samples. */
  public GeneratorOptions withSamples(int newSamples) {
    return new GeneratorOptions(newSamples, features, informative, redundant, seed, snapshots);
  }

  /** These options with another seed. */
  public GeneratorOptions withSeed(long newSeed) {
    return new GeneratorOptions(samples, features, informative, redundant, newSeed, snapshots);
  }

  /** These options with another number of snapshots per sample. */
  public GeneratorOptions withSnapshots(int newSnapshots) {
    return new GeneratorOptions(samples, features, informative, redundant, seed, newSnapshots);
  }

  private static void requireRange(String option, int value, int min, int max, String why) {
    if (value < min || value > max) {
      throw new InvalidArgumentException(
          option + " must be between " + min + " and " + max + " (got " + value + ")" + why);
    }
  }
}
