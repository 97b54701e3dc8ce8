package dev.larder.ml.model;

import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;

/**
 * A configured trainer: a {@link ModelSpec} bound to the library that trains its algorithm. It
 * turns transformed training rows into an immutable {@link TrainedModel}.
 *
 * <pre>{@code
 * ModelTrainer trainer = ModelTrainer.of(ModelSpec.defaults());
 * TrainedModel model = trainer.train(pipeline, pipeline.transform(x, trainRows), yTrain);
 * }</pre>
 *
 * <p>Training is quiet: the libraries' INFO logging is silenced while a model trains, unless the
 * trainer was made with {@code verbose = true}.
 */
public interface ModelTrainer {

  /** The spec this trainer was configured with. */
  ModelSpec spec();

  /**
   * Trains on rows already selected and scaled by {@code features}.
   *
   * @param features the fitted pipeline that produced {@code x}; it becomes part of the model so
   *     the model can predict from raw rows
   * @param x transformed training rows, one column per {@code features.featureNames()}
   * @param y labels, 0 or 1, one per row; both classes must occur
   * @throws dev.larder.core.InvalidArgumentException if the rows or labels are malformed or hold
   *     one class only
   * @throws dev.larder.core.BackendException if the learning library fails (for instance a native
   *     library that does not load)
   */
  TrainedModel train(FeaturePipeline features, double[][] x, int[] y);

  /**
   * Whether one training already keeps every core busy (the XGBoost trainers); when not (logistic
   * regression), cross-validation trains its folds in parallel.
   */
  default boolean multiThreaded() {
    return false;
  }

  /** A quiet trainer for {@code spec}'s algorithm and hyper-parameters. */
  static ModelTrainer of(ModelSpec spec) {
    return of(spec, false);
  }

  /** A trainer for {@code spec}; {@code verbose} lets the libraries log at their own levels. */
  static ModelTrainer of(ModelSpec spec, boolean verbose) {
    return switch (spec.algorithm()) {
      case LOGISTIC_REGRESSION -> new LogisticRegressionTrainer(spec);
      case RANDOM_FOREST -> new XGBoostRandomForestTrainer(spec, verbose);
      case GRADIENT_BOOSTING -> new XGBoostGradientBoostingTrainer(spec, verbose);
    };
  }
}
