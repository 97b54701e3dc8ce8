package dev.larder.ml.eval;

import dev.larder.core.InvalidArgumentException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of k-fold cross-validation: each fold's, and each metric's mean and population
 * standard deviation over the folds.
 *
 * @param folds each fold's metrics on its held-out rows, in fold order
 * @param summary every {@link Metric}'s mean ± std over the folds
 */
public record CrossValidationSummary(List<BinaryMetrics> folds, Map<Metric, MeanStd> summary) {

  public CrossValidationSummary {
    folds = List.copyOf(folds);
    if (folds.size() < 2) {
      throw new InvalidArgumentException(
          "cross-validation needs at least 2 folds, got " + folds.size());
    }
    Map<Metric, MeanStd> copy = new EnumMap<>(Metric.class);
    copy.putAll(summary);
    if (copy.size() != Metric.values().length) {
      throw new InvalidArgumentException(
          "a cross-validation summary needs every metric, got " + copy.keySet());
    }
    summary = Collections.unmodifiableMap(copy);
  }

  /** Summarises the folds' metrics. */
  public static CrossValidationSummary of(List<BinaryMetrics> folds) {
    Map<Metric, MeanStd> summary = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      summary.put(metric, MeanStd.of(folds.stream().mapToDouble(metric::of).toArray()));
    }
    return new CrossValidationSummary(folds, summary);
  }

  /** How many folds there were. */
  public int k() {
    return folds.size();
  }

  /** One metric's mean ± std over the folds. */
  public MeanStd get(Metric metric) {
    return summary.get(metric);
  }
}
