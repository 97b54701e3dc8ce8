package dev.larder.ml.workflow;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.eval.TrainTestSplit;
import dev.larder.ml.model.ModelTrainer;
import dev.larder.ml.model.TrainedModel;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Stratified k-fold cross-validation on a set of rows (the training split). Each fold fits its own
 * scalers on its own training rows, so no fold sees its held-out rows before evaluation, and is
 * evaluated once on its held-out rows.
 *
 * <p>When one training uses a single core (logistic regression), the folds train in parallel, one
 * per core; the XGBoost trainers already use every core, so their folds run one after another. Each
 * fold's result depends only on its rows, so the summary is the same either way.
 */
final class CrossValidation {

  private CrossValidation() {}

  static CrossValidationSummary run(
      FeatureSelection selection, ModelTrainer trainer, double[][] x, int[] y, int[] rows) {
    int threads =
        trainer.multiThreaded()
            ? 1
            : Math.min(
                trainer.spec().crossValidationFolds(), Runtime.getRuntime().availableProcessors());
    return run(selection, trainer, x, y, rows, threads);
  }

  /** Cross-validation with the folds spread over {@code threads} threads. */
  static CrossValidationSummary run(
      FeatureSelection selection,
      ModelTrainer trainer,
      double[][] x,
      int[] y,
      int[] rows,
      int threads) {
    int k = trainer.spec().crossValidationFolds();
    int[] perClass = new int[2];
    for (int row : rows) {
      perClass[y[row]]++;
    }
    for (int label = 0; label < 2; label++) {
      if (perClass[label] < 2) {
        throw new InvalidArgumentException(
            "model.cv_folds = "
                + k
                + " but class "
                + label
                + " has "
                + perClass[label]
                + " row(s) in the training split; every fold's training rows need both classes",
            "Use more rows, or set model.cv_folds to 0");
      }
    }
    List<TrainTestSplit> splits = TrainTestSplit.stratifiedFolds(rows, y, k, trainer.spec().seed());
    List<BinaryMetrics> folds = new ArrayList<>(k);
    if (threads == 1) {
      for (TrainTestSplit fold : splits) {
        folds.add(evaluateFold(selection, trainer, x, y, fold));
      }
      return CrossValidationSummary.of(folds);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, CrossValidation::foldThread);
    try {
      List<Future<BinaryMetrics>> pending = new ArrayList<>(k);
      for (TrainTestSplit fold : splits) {
        pending.add(pool.submit(() -> evaluateFold(selection, trainer, x, y, fold)));
      }
      for (Future<BinaryMetrics> f : pending) {
        folds.add(result(f));
      }
    } finally {
      pool.shutdownNow();
    }
    return CrossValidationSummary.of(folds);
  }

  private static BinaryMetrics evaluateFold(
      FeatureSelection selection,
      ModelTrainer trainer,
      double[][] x,
      int[] y,
      TrainTestSplit fold) {
    int[] trainRows = fold.trainRows();
    int[] testRows = fold.testRows();
    FeaturePipeline pipeline = FeaturePipeline.fit(selection, x, trainRows);
    TrainedModel model =
        trainer.train(pipeline, pipeline.transform(x, trainRows), labels(y, trainRows));
    double[] p = model.predictTransformed(pipeline.transform(x, testRows));
    return BinaryMetrics.evaluate(labels(y, testRows), p);
  }

  /** A fold's metrics; a fold's exception is rethrown as it was thrown. */
  private static BinaryMetrics result(Future<BinaryMetrics> fold) {
    try {
      return fold.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("cross-validation was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("a cross-validation fold failed: " + e.getCause(), e);
    }
  }

  private static Thread foldThread(Runnable task) {
    Thread t = new Thread(task, "larder-cv-fold");
    t.setDaemon(true);
    return t;
  }

  static int[] labels(int[] y, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }
}
