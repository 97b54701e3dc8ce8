package dev.larder.ml.report;

import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.larder.ml.model.TrainedModel;
import dev.larder.ml.report.FeatureWeights.Kind;
import dev.larder.ml.report.FeatureWeights.Weight;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Model;

/**
 * Reads a trained model's feature weights from what its Tribuo model exposes ({@link
 * Model#getTopFeatures}): a linear model's weights per class, whose class-1 weights are the
 * coefficients (on the scaled features); a tree model's per-feature scores for all outputs, which
 * become relative importances (each divided by their sum; features the trees never split on get 0).
 */
final class ModelWeights {
  private ModelWeights() {}

  static FeatureWeights of(TrainedModel model) {
    Map<String, List<Pair<String, Double>>> top;
    try {
      top = model.tribuoModel().getTopFeatures(-1);
    } catch (UnsupportedOperationException | IllegalStateException e) {
      return FeatureWeights.none("this model does not expose feature weights");
    }
    List<String> names = model.featureNames();
    List<Pair<String, Double>> positive = top.get("1");
    if (positive != null) {
      return new FeatureWeights(
          Kind.COEFFICIENTS,
          "coefficients toward class 1 on the scaled features: a positive weight raises the"
              + " probability of class 1",
          sorted(known(positive, names), names, false));
    }
    List<Pair<String, Double>> all = top.get(Model.ALL_OUTPUTS);
    if (all == null || all.isEmpty()) {
      return FeatureWeights.none("this model does not expose feature weights");
    }
    List<Weight> raw = known(all, names);
    double sum = raw.stream().mapToDouble(w -> Math.abs(w.value())).sum();
    if (!(sum > 0)) {
      return FeatureWeights.none("the model's trees use no feature (every tree is a single leaf)");
    }
    List<Weight> shares = new ArrayList<>();
    raw.forEach(w -> shares.add(new Weight(w.feature(), Math.abs(w.value()) / sum)));
    return new FeatureWeights(
        Kind.IMPORTANCE,
        "relative importance of each feature in the trees (the model library's feature scores,"
            + " divided by their sum)",
        sorted(shares, names, true));
  }

  private static List<Weight> known(List<Pair<String, Double>> pairs, List<String> names) {
    Set<String> known = new HashSet<>(names);
    List<Weight> out = new ArrayList<>();
    for (Pair<String, Double> p : pairs) {
      if (known.contains(p.getA()) && Double.isFinite(p.getB())) {
        out.add(new Weight(p.getA(), p.getB()));
      }
    }
    return out;
  }

  /**
   * Largest magnitude first, ties in the model's feature order; with {@code fillZeros}, features
   * missing from {@code weights} are added with 0.
   */
  private static List<Weight> sorted(List<Weight> weights, List<String> names, boolean fillZeros) {
    List<Weight> out = new ArrayList<>(weights);
    if (fillZeros) {
      Set<String> present = new HashSet<>();
      weights.forEach(w -> present.add(w.feature()));
      names.stream().filter(n -> !present.contains(n)).forEach(n -> out.add(new Weight(n, 0)));
    }
    out.sort(
        Comparator.comparingDouble((Weight w) -> -Math.abs(w.value()))
            .thenComparingInt(w -> names.indexOf(w.feature())));
    return out;
  }
}
