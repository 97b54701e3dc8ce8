package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The model families the workflow can train, with their hyper-parameters. */
public enum Algorithm {
  /**
   * L2-regularised logistic regression (scikit-learn's default {@code LogisticRegression()}: C =
   * 1), trained with LibLinear.
   */
  LOGISTIC_REGRESSION(
      "logistic-regression",
      List.of(
          HyperParameter.real(
              "c", 0, false, 1e6, 1.0, "inverse regularisation strength (scikit-learn's C)"),
          HyperParameter.integer("max_iterations", 1, 1_000_000, 1000, "solver iteration limit"),
          HyperParameter.real("tolerance", 0, false, 1, 1e-4, "solver stopping tolerance"))),
  /** A bagged ensemble of CART trees with random feature subsets at each split. */
  RANDOM_FOREST(
      "random-forest",
      List.of(
          HyperParameter.integer("n_estimators", 1, 10_000, 100, "number of trees"),
          HyperParameter.integer("max_depth", 1, 1000, 1000, "maximum tree depth"),
          HyperParameter.integer(
              "min_samples_leaf", 1, 1_000_000, 1, "minimum training rows in a leaf"),
          HyperParameter.real(
              "max_features",
              0,
              true,
              1,
              0.0,
              "fraction of features tried at each split; 0 means sqrt(features)"))),
  /** Gradient-boosted trees, trained with XGBoost. */
  GRADIENT_BOOSTING(
      "gradient-boosting",
      List.of(
          HyperParameter.integer("n_estimators", 1, 10_000, 100, "number of boosting rounds"),
          HyperParameter.real("learning_rate", 0, false, 1, 0.3, "shrinkage (XGBoost's eta)"),
          HyperParameter.integer("max_depth", 1, 100, 6, "maximum tree depth"),
          HyperParameter.real(
              "subsample", 0, false, 1, 1.0, "fraction of training rows sampled per round"),
          HyperParameter.real(
              "min_child_weight", 0, true, 1e6, 1.0, "minimum hessian weight in a child")));

  private final String id;
  private final List<HyperParameter> hyperParameters;

  Algorithm(String id, List<HyperParameter> hyperParameters) {
    this.id = id;
    this.hyperParameters = hyperParameters;
  }

  /** The name used in spec files and on the command line. */
  public String id() {
    return id;
  }

  /** Every hyper-parameter this algorithm accepts. */
  public List<HyperParameter> hyperParameters() {
    return hyperParameters;
  }

  /** The hyper-parameter called {@code name}, or an error listing the valid names. */
  public HyperParameter hyperParameter(String name) {
    for (HyperParameter p : hyperParameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new InvalidArgumentException(
        "model.hyperparameters."
            + name
            + " is not a hyper-parameter of "
            + id
            + "; valid names: "
            + hyperParameters.stream().map(HyperParameter::name).collect(Collectors.joining(", ")));
  }

  /** Parses {@code logistic-regression}, {@code random-forest} or {@code gradient-boosting}. */
  public static Algorithm parse(String field, String value) {
    for (Algorithm a : values()) {
      if (a.id.equalsIgnoreCase(value)) {
        return a;
      }
    }
    throw new InvalidArgumentException(
        field
            + " must be one of "
            + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "))
            + ", got '"
            + value
            + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
