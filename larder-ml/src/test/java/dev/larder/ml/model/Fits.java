package dev.larder.ml.model;

import dev.larder.ml.data.TrainingData;
import dev.larder.ml.eval.TrainTestSplit;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.util.Arrays;
import java.util.List;

/** Test fixture: data split, scaled on its training rows and fitted with a small spec. */
record Fits(TrainingData data, TrainTestSplit split, FeaturePipeline pipeline) {

  static Fits of(TrainingData data) {
    TrainTestSplit split = TrainTestSplit.stratified(data.y(), 0.25, 42);
    FeaturePipeline pipeline =
        FeaturePipeline.fit(
            FeatureSelection.resolve(List.of(FeatureSpec.ALL_STANDARD), data.featureNames()),
            data.x(),
            split.trainRows());
    return new Fits(data, split, pipeline);
  }

  /** A spec that trains in milliseconds: few trees for the ensembles. */
  static ModelSpec smallSpec(Algorithm algorithm) {
    ModelSpec.Builder builder = ModelSpec.builder().algorithm(algorithm);
    if (algorithm != Algorithm.LOGISTIC_REGRESSION) {
      builder.hyperParameter("n_estimators", 20);
    }
    return builder.build();
  }

  TrainedModel train(ModelSpec spec) {
    return ModelTrainer.of(spec).train(pipeline, trainX(), labels(split.trainRows()));
  }

  double[][] trainX() {
    return pipeline.transform(data.x(), split.trainRows());
  }

  double[][] rawTestX() {
    return Arrays.stream(split.testRows()).mapToObj(r -> data.x()[r]).toArray(double[][]::new);
  }

  int[] labels(int[] rows) {
    return Arrays.stream(rows).map(r -> data.y()[r]).toArray();
  }
}
