package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The model families the workflow can train, with their hyper-parameters. */
public enum Algorithm {
  /**
   * L2-regularised logistic regression (scikit-learn's default {@code LogisticRegression()}: C =
   * 1), trained by Newton's method and saved as a LibLinear model.
   */
  LOGISTIC_REGRESSION(
      "logistic-regression",
      List.of(
          HyperParameter.real(
              "c", 0, false, 1e6, 1.0, "inverse regularisation strength (scikit-learn's C)"),
          HyperParameter.integer("max_iterations", 1, 1_000_000, 1000, "solver iteration limit"),
          HyperParameter.real("tolerance", 0, false, 1, 1e-4, "solver stopping tolerance"))),
  /**
   * A random forest: fully grown trees on random row samples, a random subset of the features tried
   * at each split, averaged; trained with XGBoost's random-forest mode (scikit-learn's {@code
   * RandomForestClassifier(n_estimators=100)} defaults otherwise).
   */
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
              "fraction of features tried at each split; 0 means sqrt(features)"),
          HyperParameter.integer(
              "bootstrap",
              0,
              1,
              1,
              "1: each tree grows on 63.2% of the rows, drawn without replacement (a bootstrap"
                  + " sample's share of distinct rows); 0: on every row"),
          HyperParameter.integer(
              "max_bins", 2, 1024, 64, "histogram bins per feature for the split search"))),
  /**
   * Gradient-boosted trees trained with XGBoost's histogram method, with scikit-learn's {@code
   * HistGradientBoostingClassifier()} defaults where XGBoost has the same setting.
   */
  GRADIENT_BOOSTING(
      "gradient-boosting",
      List.of(
          HyperParameter.integer(
              "n_estimators", 1, 10_000, 100, "most boosting rounds (scikit-learn's max_iter)"),
          HyperParameter.real("learning_rate", 0, false, 1, 0.1, "shrinkage (XGBoost's eta)"),
          HyperParameter.integer(
              "max_leaf_nodes", 0, 1_000_000, 31, "most leaves per tree; 0 means no limit"),
          HyperParameter.integer("max_depth", 0, 100, 0, "maximum tree depth; 0 means no limit"),
          HyperParameter.real(
              "min_child_weight", 0, true, 1e6, 1.0, "minimum hessian weight in a child"),
          HyperParameter.real(
              "subsample", 0, false, 1, 1.0, "fraction of training rows sampled per round"),
          HyperParameter.real(
              "l2_regularization",
              0,
              true,
              1e6,
              0.0,
              "L2 penalty on leaf values (XGBoost's lambda)"),
          HyperParameter.integer(
              "max_bins", 2, 1024, 255, "histogram bins per feature for the split search"),
          HyperParameter.integer(
              "early_stopping",
              -1,
              1,
              -1,
              "1: stop when the validation loss has not improved for n_iter_no_change rounds; 0:"
                  + " never; -1 (auto): on above 10,000 training rows, as scikit-learn"),
          HyperParameter.real(
              "validation_fraction",
              0,
              false,
              0.5,
              0.1,
              "share of the training rows held out for early stopping"),
          HyperParameter.integer(
              "n_iter_no_change", 1, 10_000, 10, "rounds without improvement before stopping")));

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
