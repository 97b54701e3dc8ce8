package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to train and how to evaluate it. Defaults: {@code logistic-regression} with C = 1, test
 * fraction 0.2, seed 42, stratified split, no cross-validation.
 *
 * @param algorithm the model family
 * @param hyperParameters every hyper-parameter of the algorithm, defaults filled in, in the
 *     algorithm's declared order
 * @param testFraction share of rows held out for evaluation, in (0, 1)
 * @param seed seed of the split and of the trainer
 * @param stratified whether the split keeps the class proportions in both parts
 * @param crossValidationFolds 0 for none, otherwise k in [2, 100] for k-fold cross-validation on
 *     the training split
 */
public record ModelSpec(
    Algorithm algorithm,
    Map<String, Double> hyperParameters,
    double testFraction,
    long seed,
    boolean stratified,
    int crossValidationFolds) {

  public static final double DEFAULT_TEST_FRACTION = 0.2;
  public static final long DEFAULT_SEED = 42;

  public ModelSpec {
    Objects.requireNonNull(algorithm, "algorithm");
    Map<String, Double> given = hyperParameters == null ? Map.of() : hyperParameters;
    for (String name : given.keySet()) {
      algorithm.hyperParameter(name); // rejects unknown names
    }
    Map<String, Double> complete = new LinkedHashMap<>();
    for (HyperParameter p : algorithm.hyperParameters()) {
      Double value = given.get(p.name());
      complete.put(p.name(), value == null ? p.defaultValue() : p.check(algorithm.id(), value));
    }
    hyperParameters = Collections.unmodifiableMap(complete);
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new InvalidArgumentException(
          "model.test_fraction must be in (0, 1), got " + testFraction);
    }
    if (crossValidationFolds != 0 && (crossValidationFolds < 2 || crossValidationFolds > 100)) {
      throw new InvalidArgumentException(
          "model.cv_folds must be 0 (no cross-validation) or in [2, 100], got "
              + crossValidationFolds);
    }
  }

  /** The defaults: logistic regression, C = 1, test fraction 0.2, seed 42, stratified. */
  public static ModelSpec defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A hyper-parameter's value as a double. */
  public double param(String name) {
    algorithm.hyperParameter(name);
    return hyperParameters.get(name);
  }

  /** A whole-number hyper-parameter's value. */
  public int intParam(String name) {
    return (int) param(name);
  }

  /** Builds a {@link ModelSpec}; each setting may be given once. */
  public static final class Builder {
    private Algorithm algorithm;
    private final Map<String, Double> hyperParameters = new LinkedHashMap<>();
    private Double testFraction;
    private Long seed;
    private Boolean stratified;
    private Integer crossValidationFolds;

    private Builder() {}

    public Builder algorithm(Algorithm value) {
      algorithm = once("algorithm", algorithm, value);
      return this;
    }

    public Builder hyperParameter(String name, double value) {
      if (hyperParameters.containsKey(name)) {
        throw new IllegalStateException(
            "hyper-parameter " + name + " was already set to " + hyperParameters.get(name));
      }
      hyperParameters.put(name, value);
      return this;
    }

    public Builder testFraction(double value) {
      testFraction = once("test fraction", testFraction, value);
      return this;
    }

    public Builder seed(long value) {
      seed = once("seed", seed, value);
      return this;
    }

    public Builder stratified(boolean value) {
      stratified = once("stratified", stratified, value);
      return this;
    }

    public Builder crossValidationFolds(int value) {
      crossValidationFolds = once("cross-validation folds", crossValidationFolds, value);
      return this;
    }

    public ModelSpec build() {
      return new ModelSpec(
          algorithm == null ? Algorithm.LOGISTIC_REGRESSION : algorithm,
          hyperParameters,
          testFraction == null ? DEFAULT_TEST_FRACTION : testFraction,
          seed == null ? DEFAULT_SEED : seed,
          stratified == null || stratified,
          crossValidationFolds == null ? 0 : crossValidationFolds);
    }
  }

  static <T> T once(String what, T current, T value) {
    Objects.requireNonNull(value, what);
    if (current != null) {
      throw new IllegalStateException(what + " was already set to " + current);
    }
    return value;
  }
}
