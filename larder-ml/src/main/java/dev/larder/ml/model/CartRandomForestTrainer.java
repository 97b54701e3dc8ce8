package dev.larder.ml.model;

import dev.larder.ml.spec.ModelSpec;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;

/**
 * A random forest: {@code n_estimators} CART trees (Gini impurity), each grown on a bootstrap
 * sample of the training rows and trying a random subset of the features at every split, combined
 * by majority vote. P(class 1) is the share of trees voting 1 (scikit-learn instead averages the
 * trees' leaf probabilities; with fully grown trees, whose leaves are pure, the two agree).
 *
 * <p>Hyper-parameters:
 *
 * <ul>
 *   <li>{@code max_features}: the share of features tried at each split, as scikit-learn: {@code
 *       max(1, ⌊max_features · f⌋)} features, or {@code max(1, ⌊√f⌋)} for the default 0. When that
 *       is every feature the forest is plain bagging (Tribuo's {@link RandomForestTrainer} requires
 *       a strict subset), which is what scikit-learn does with {@code max_features=1.0}.
 *   <li>{@code max_depth}: a leaf lies at most this many splits below the root, as in scikit-learn.
 *   <li>{@code min_samples_leaf}: passed as Tribuo's {@code minChildWeight} (all rows weigh 1): a
 *       node with fewer rows is not split further. It is close to, but not exactly, scikit-learn's
 *       {@code min_samples_leaf}; the default 1 grows trees until their leaves are pure, as
 *       scikit-learn's default does.
 *   <li>the spec's seed seeds both the bootstrap samples and the feature subsets.
 * </ul>
 */
final class CartRandomForestTrainer extends TribuoModelTrainer {

  CartRandomForestTrainer(ModelSpec spec, boolean verbose) {
    super(spec, verbose);
  }

  @Override
  Trainer<Label> tribuoTrainer(int features) {
    int perSplit = featuresPerSplit(spec().param("max_features"), features);
    boolean allFeatures = perSplit == features;
    // Tribuo tries Math.round(fraction * features) features per split; this fraction gives
    // perSplit.
    float fraction = allFeatures ? 1f : (float) perSplit / features;
    CARTClassificationTrainer tree =
        new CARTClassificationTrainer(
            spec().intParam("max_depth"),
            (float) spec().param("min_samples_leaf"),
            0f,
            fraction,
            false,
            new GiniIndex(),
            spec().seed());
    int trees = spec().intParam("n_estimators");
    return allFeatures
        ? new BaggingTrainer<>(tree, new VotingCombiner(), trees, spec().seed())
        : new RandomForestTrainer<>(tree, new VotingCombiner(), trees, spec().seed());
  }

  /** How many features each split tries, scikit-learn's rule for a float {@code max_features}. */
  static int featuresPerSplit(double maxFeatures, int features) {
    int count =
        maxFeatures == 0 ? (int) Math.floor(Math.sqrt(features)) : (int) (maxFeatures * features);
    return Math.max(1, Math.min(count, features));
  }
}
