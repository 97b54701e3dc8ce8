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

/**
 * Stratified k-fold cross-validation on a set of rows (the training split). Each fold fits its own
 * scalers on its own training rows, so no fold sees its held-out rows before evaluation.
 */
final class CrossValidation {

  private CrossValidation() {}

  static CrossValidationSummary run(
      FeatureSelection selection, ModelTrainer trainer, double[][] x, int[] y, int[] rows) {
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
    List<BinaryMetrics> folds = new ArrayList<>(k);
    for (TrainTestSplit fold : TrainTestSplit.stratifiedFolds(rows, y, k, trainer.spec().seed())) {
      int[] trainRows = fold.trainRows();
      int[] testRows = fold.testRows();
      FeaturePipeline pipeline = FeaturePipeline.fit(selection, x, trainRows);
      TrainedModel model =
          trainer.train(pipeline, pipeline.transform(x, trainRows), labels(y, trainRows));
      double[] p = model.predictTransformed(pipeline.transform(x, testRows));
      folds.add(BinaryMetrics.evaluate(labels(y, testRows), p));
    }
    return CrossValidationSummary.of(folds);
  }

  static int[] labels(int[] y, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }
}
