package dev.larder.ml.model;

import dev.larder.ml.eval.TrainTestSplit;
import dev.larder.ml.spec.ModelSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees with XGBoost's histogram method on every core, binary logistic loss, set
 * up as scikit-learn's {@code HistGradientBoostingClassifier()}:
 *
 * <table>
 *   <caption>Defaults beside scikit-learn's</caption>
 *   <tr><th>hyper-parameter</th><th>XGBoost setting</th><th>scikit-learn default</th></tr>
 *   <tr><td>{@code n_estimators} 100</td><td>boosting rounds</td><td>{@code max_iter=100}</td>
 *   <tr><td>{@code learning_rate} 0.1</td><td>{@code eta}</td><td>{@code learning_rate=0.1}</td>
 *   <tr><td>{@code max_leaf_nodes} 31</td><td>{@code max_leaves}, leaf-wise growth ({@code
 *       grow_policy=lossguide})</td><td>{@code max_leaf_nodes=31}</td>
 *   <tr><td>{@code max_depth} 0 (none)</td><td>{@code max_depth}</td><td>{@code
 *       max_depth=None}</td>
 *   <tr><td>{@code l2_regularization} 0</td><td>{@code lambda}</td><td>{@code
 *       l2_regularization=0}</td>
 *   <tr><td>{@code max_bins} 255</td><td>{@code max_bin}</td><td>{@code max_bins=255}</td>
 *   <tr><td>{@code early_stopping} -1 (auto)</td><td>on above 10,000 training rows: {@code
 *       validation_fraction} (0.1) of them held out (stratified, the spec's seed), stop after
 *       {@code n_iter_no_change} (10) rounds without a lower validation log loss</td><td>{@code
 *       early_stopping='auto'}, {@code validation_fraction=0.1}, {@code n_iter_no_change=10},
 *       {@code tol=1e-7}</td>
 *   <tr><td>{@code min_child_weight} 1</td><td>{@code min_child_weight}</td><td>{@code
 *       min_samples_leaf=20}</td>
 *   <tr><td>(none)</td><td>{@code base_score}: the training rows' share of class 1</td><td>the
 *       prior's log-odds as the initial prediction</td>
 * </table>
 *
 * <p>Where they differ: XGBoost bounds a child's summed hessian ({@code min_child_weight}), not its
 * row count; a row's hessian is {@code p(1 − p)} ≤ ¼, so 1 corresponds to at least 4 rows while the
 * model is unsure and more once it is confident, against scikit-learn's 20 rows (plus its {@code
 * min_hessian_to_split=1e-3}). Accuracy and ROC AUC stay within 0.01 of scikit-learn's on the
 * benchmark's data ({@code bench/run models}). Early stopping counts any decrease of the validation
 * loss as progress (scikit-learn requires more than {@code tol}); both keep every round grown up to
 * the stop. {@code subsample} (1) has no scikit-learn counterpart. The histogram bins are quantiles
 * of the training rows in both, computed slightly differently.
 */
final class XGBoostGradientBoostingTrainer extends XGBoostTreesTrainer {
  /** Early stopping's {@code auto} turns it on above this many training rows, as scikit-learn. */
  static final int AUTO_EARLY_STOPPING_ROWS = 10_000;

  XGBoostGradientBoostingTrainer(ModelSpec spec, boolean verbose) {
    super(spec, verbose);
  }

  @Override
  BinaryXGBoostConverter.Scores scores() {
    return BinaryXGBoostConverter.Scores.LOGISTIC;
  }

  /** Whether training on {@code rows} rows holds out a validation share and stops early. */
  boolean stopsEarly(int rows) {
    int setting = spec().intParam("early_stopping");
    return setting == 1 || (setting == -1 && rows > AUTO_EARLY_STOPPING_ROWS);
  }

  @Override
  Booster boost(double[][] x, int[] y) throws XGBoostError {
    ModelSpec spec = spec();
    int rounds = spec.intParam("n_estimators");
    if (!stopsEarly(x.length)) {
      DMatrix train = matrix(x, allRows(x.length), y);
      try {
        return XGBoost.train(
            train, parameters(y, allRows(y.length)), rounds, new HashMap<>(), null, null);
      } finally {
        train.dispose();
      }
    }
    TrainTestSplit holdOut =
        TrainTestSplit.stratified(y, spec.param("validation_fraction"), spec.seed());
    DMatrix train = matrix(x, holdOut.trainRows(), y);
    DMatrix validation = matrix(x, holdOut.testRows(), y);
    try {
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      watches.put("validation", validation);
      Map<String, Object> p = parameters(y, holdOut.trainRows());
      p.put("eval_metric", "logloss");
      p.put("maximize_evaluation_metrics", "false");
      // XGBoost4J prints every round's validation loss unless told not to
      p.put("verbose_eval", verbose() ? 1 : 0);
      return XGBoost.train(
          train,
          p,
          rounds,
          watches,
          new float[1][rounds],
          null,
          null,
          spec.intParam("n_iter_no_change"));
    } finally {
      train.dispose();
      validation.dispose();
    }
  }

  /** The booster's parameters when training on {@code rows} of {@code y}. */
  Map<String, Object> parameters(int[] y, int[] rows) {
    ModelSpec spec = spec();
    Map<String, Object> p = commonParameters();
    int positives = 0;
    for (int row : rows) {
      positives += y[row];
    }
    p.put("base_score", (double) positives / rows.length);
    p.put("eta", spec.param("learning_rate"));
    p.put("grow_policy", "lossguide");
    p.put("max_leaves", spec.intParam("max_leaf_nodes"));
    p.put("max_depth", spec.intParam("max_depth"));
    p.put("min_child_weight", spec.param("min_child_weight"));
    p.put("subsample", spec.param("subsample"));
    p.put("lambda", spec.param("l2_regularization"));
    p.put("alpha", 0.0);
    p.put("gamma", 0.0);
    p.put("max_bin", spec.intParam("max_bins"));
    return p;
  }
}
