package dev.larder.ml.model;

import dev.larder.ml.spec.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A random forest through XGBoost's random-forest mode: one boosting round of {@code n_estimators}
 * trees grown side by side ({@code num_parallel_tree}), each on its own random rows, trying a
 * random subset of the features at every split, their outputs averaged. Trained on every core with
 * the histogram method; the same rows, spec and core count give the same forest.
 *
 * <p>These trees are scikit-learn's CART trees with Gini impurity: the round starts from a margin
 * of 0 (base score ½), so every row's gradient is {@code ½ − y} and its hessian exactly ¼; with no
 * L2 penalty (lambda 0) and unit learning rate, XGBoost's split gain is then proportional to the
 * decrease in Gini impurity and a leaf's value is {@code 4(s − ½)} for its share {@code s} of class
 * 1. P(class 1) is the mean of the trees' {@code s}, as in scikit-learn ({@link
 * BinaryXGBoostConverter.Scores#FOREST_MEAN}).
 *
 * <p>Hyper-parameters:
 *
 * <ul>
 *   <li>{@code n_estimators}: {@code num_parallel_tree}.
 *   <li>{@code max_depth}: XGBoost's {@code max_depth} (trees grow level by level until their
 *       leaves are pure or too small, as scikit-learn's fully grown trees with the default 1000).
 *   <li>{@code min_samples_leaf}: exact, through XGBoost's hessian bound: every row weighs ¼, so
 *       {@code min_child_weight = (min_samples_leaf − ½) · ¼} admits a child of {@code
 *       min_samples_leaf} sampled rows and refuses one with fewer.
 *   <li>{@code max_features}: {@code colsample_bynode}, drawn afresh at every split as scikit-learn
 *       does: {@code max(1, ⌊max_features · f⌋)} features, or {@code max(1, ⌊√f⌋)} for the default
 *       0.
 *   <li>{@code bootstrap}: XGBoost samples rows without replacement only. 1 (default) grows each
 *       tree on {@code subsample = 0.632} of the rows, the share of distinct rows in a bootstrap
 *       sample (1 − 1/e), each once; scikit-learn's bootstrap also repeats some rows (weights 2, 3,
 *       …). Measured on {@code larder data generate}'s data, accuracy and ROC AUC match
 *       scikit-learn's forest to within 0.01 ({@code bench/run models}). 0 grows every tree on
 *       every row (scikit-learn's {@code bootstrap=False}).
 *   <li>{@code max_bins}: split thresholds are searched among this many quantile bins per feature
 *       (scikit-learn's forest tries every distinct value); 64 keeps deep trees fast and loses no
 *       measurable quality on the benchmark's data.
 *   <li>the spec's seed seeds the row and feature sampling.
 * </ul>
 */
final class XGBoostRandomForestTrainer extends XGBoostTreesTrainer {
  /** The share of distinct rows in a bootstrap sample of a large set: 1 − 1/e. */
  static final double BOOTSTRAP_SHARE = 0.632;

  /** Every row's hessian at a margin of 0: p(1 − p) with p = ½. */
  private static final double ROW_HESSIAN = 0.25;

  XGBoostRandomForestTrainer(ModelSpec spec, boolean verbose) {
    super(spec, verbose);
  }

  @Override
  BinaryXGBoostConverter.Scores scores() {
    return BinaryXGBoostConverter.Scores.FOREST_MEAN;
  }

  @Override
  Booster boost(double[][] x, int[] y) throws XGBoostError {
    Map<String, Object> p = parameters(x[0].length);
    DMatrix train = matrix(x, allRows(x.length), y);
    try {
      return XGBoost.train(train, p, 1, new HashMap<>(), null, null);
    } finally {
      train.dispose();
    }
  }

  /** The booster's parameters for {@code features} columns. */
  Map<String, Object> parameters(int features) {
    ModelSpec spec = spec();
    Map<String, Object> p = commonParameters();
    p.put("num_parallel_tree", spec.intParam("n_estimators"));
    p.put("eta", 1.0);
    p.put("base_score", 0.5);
    p.put("lambda", 0.0);
    p.put("alpha", 0.0);
    p.put("gamma", 0.0);
    p.put("grow_policy", "depthwise");
    p.put("max_depth", spec.intParam("max_depth"));
    p.put("min_child_weight", (spec.param("min_samples_leaf") - 0.5) * ROW_HESSIAN);
    p.put("subsample", spec.intParam("bootstrap") == 1 ? BOOTSTRAP_SHARE : 1.0);
    int perSplit = featuresPerSplit(spec.param("max_features"), features);
    // XGBoost keeps max(1, floor(colsample · f)) features; the half keeps rounding off it.
    p.put("colsample_bynode", perSplit == features ? 1.0 : (perSplit + 0.5) / features);
    p.put("max_bin", spec.intParam("max_bins"));
    return p;
  }

  /** How many features each split tries, scikit-learn's rule for a float {@code max_features}. */
  static int featuresPerSplit(double maxFeatures, int features) {
    int count =
        maxFeatures == 0 ? (int) Math.floor(Math.sqrt(features)) : (int) (maxFeatures * features);
    return Math.max(1, Math.min(count, features));
  }
}
