package dev.larder.ml.model;

import dev.larder.ml.spec.ModelSpec;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;

/**
 * Gradient-boosted trees with XGBoost (through Tribuo, native library bundled for Linux, macOS and
 * Windows on x86_64). Hyper-parameters map one to one: {@code n_estimators} boosting rounds, {@code
 * learning_rate} = eta, {@code max_depth}, {@code subsample}, {@code min_child_weight}; the rest
 * keep XGBoost's defaults (gamma 0, lambda 1, alpha 0, all columns per tree). The objective is
 * Tribuo's {@code multi:softprob} over the two classes, equivalent to binary logistic loss.
 *
 * <p>XGBoost's own logging is off (verbosity 0). It trains on one native thread, which keeps runs
 * reproducible for a seed and suits small data; the data sets here train in well under a second.
 */
final class XGBoostGradientBoostingTrainer extends TribuoModelTrainer {
  private static final int THREADS = 1;

  XGBoostGradientBoostingTrainer(ModelSpec spec, boolean verbose) {
    super(spec, verbose);
  }

  @Override
  Trainer<Label> tribuoTrainer(int features) {
    return new XGBoostClassificationTrainer(
        BoosterType.GBTREE,
        TreeMethod.AUTO,
        spec().intParam("n_estimators"),
        spec().param("learning_rate"),
        0,
        spec().intParam("max_depth"),
        spec().param("min_child_weight"),
        spec().param("subsample"),
        1,
        1,
        0,
        THREADS,
        LoggingVerbosity.SILENT,
        spec().seed());
  }
}
