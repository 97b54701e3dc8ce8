package dev.larder.ml.eval;

import java.util.function.ToDoubleFunction;

/** The scalar metrics of {@link BinaryMetrics}, by the names reports and run records use. */
public enum Metric {
  ACCURACY("accuracy", BinaryMetrics::accuracy),
  PRECISION("precision", BinaryMetrics::precision),
  RECALL("recall", BinaryMetrics::recall),
  F1("f1", BinaryMetrics::f1),
  ROC_AUC("roc_auc", BinaryMetrics::rocAuc),
  LOG_LOSS("log_loss", BinaryMetrics::logLoss);

  private final String id;
  private final ToDoubleFunction<BinaryMetrics> value;

  Metric(String id, ToDoubleFunction<BinaryMetrics> value) {
    this.id = id;
    this.value = value;
  }

  /** The name used in reports and run records, e.g. {@code roc_auc}. */
  public String id() {
    return id;
  }

  /** This metric's value in {@code metrics}. */
  public double of(BinaryMetrics metrics) {
    return value.applyAsDouble(metrics);
  }

  @Override
  public String toString() {
    return id;
  }
}
