package dev.larder.ml.report;

import dev.larder.core.InvalidArgumentException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a trained model says about its features: a logistic regression's coefficients, a tree
 * ensemble's relative importances, or nothing for a model that exposes neither.
 *
 * @param kind which of these the values are
 * @param description what the values mean, for readers of the report
 * @param features one value per model feature, largest magnitude first
 */
public record FeatureWeights(Kind kind, String description, List<Weight> features) {

  public FeatureWeights {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    features = List.copyOf(features);
    if (kind == Kind.NONE && !features.isEmpty()) {
      throw new InvalidArgumentException("feature weights of kind 'none' cannot list features");
    }
  }

  /** A model that exposes no feature weights. */
  public static FeatureWeights none(String description) {
    return new FeatureWeights(Kind.NONE, description, List.of());
  }

  /** One feature's value. */
  public record Weight(String feature, double value) {
    public Weight {
      Objects.requireNonNull(feature, "feature");
      if (!Double.isFinite(value)) {
        throw new InvalidArgumentException(
            "the weight of feature '" + feature + "' is " + value + "; weights must be finite");
      }
    }
  }

  /** The kinds of feature weights. */
  public enum Kind {
    /** Signed weights of a linear model on its scaled features, toward class 1. */
    COEFFICIENTS("coefficients"),
    /** Non-negative relative importances that sum to 1. */
    IMPORTANCE("importance"),
    /** The model exposes none. */
    NONE("none");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The name in the report's JSON. */
    public String id() {
      return id;
    }

    /** The kind named {@code id}, if there is one. */
    public static Optional<Kind> parse(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }

    /** Every kind's name, for messages. */
    public static String names() {
      return java.util.Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
    }
  }
}
