package dev.larder.ml.workflow;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.eval.Predictions;
import dev.larder.ml.model.TrainedModel;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.ModelSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a workflow run produced: the guide's {@code results} of {@code run_ml_workflow}.
 *
 * @param model the trained model, with its feature selection and fitted scalers
 * @param testMetrics the model's metrics on the held-out test split
 * @param crossValidation k-fold cross-validation on the training split, if the model spec asked for
 *     it
 * @param rowsTotal rows loaded
 * @param rowsTrain rows in the training split
 * @param rowsTest rows in the test split
 * @param testSampleIndices the {@code sample_index} of each test row, in test-row order (the order
 *     of the rows the test metrics were computed on: ascending row position in the loaded data)
 * @param trainSampleIndices the {@code sample_index} of each training row, in training-row order
 * @param selectedFeatures the features the model uses, in data column order
 * @param source where the rows came from, as the source describes itself
 * @param dataSha256 the SHA-256 of the loaded {@code X} and {@code y} in row order ({@link
 *     dev.larder.ml.data.DataHash}): the same rows give the same hash whichever path loaded them
 * @param timings how long each stage took
 * @param featureSpecs the feature specs used
 * @param modelSpec the model spec used
 * @param featureStoreSpec the feature store spec used ({@link FeatureStoreSpec#disabled()} when the
 *     rows came from somewhere else)
 * @param featureStoreInputs what the feature store served, when the rows came through it (view
 *     versions, features, as-of time, entity rows): the run's lineage, which {@link
 *     dev.larder.ml.run.TrainingRun} records in the registry
 * @param testPredictions the model's probabilities of class 1 on the test rows with their labels,
 *     in test-row order: what the test metrics and the report's curves are computed from
 * @param trainPositives how many training rows have label 1 (the training split's class balance)
 */
public record WorkflowResult(
    TrainedModel model,
    BinaryMetrics testMetrics,
    Optional<CrossValidationSummary> crossValidation,
    int rowsTotal,
    int rowsTrain,
    int rowsTest,
    long[] testSampleIndices,
    long[] trainSampleIndices,
    List<String> selectedFeatures,
    String source,
    String dataSha256,
    StageTimings timings,
    List<FeatureSpec> featureSpecs,
    ModelSpec modelSpec,
    FeatureStoreSpec featureStoreSpec,
    Optional<TrainingInputs> featureStoreInputs,
    Predictions testPredictions,
    int trainPositives) {

  public WorkflowResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(testMetrics, "testMetrics");
    Objects.requireNonNull(crossValidation, "crossValidation");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dataSha256, "dataSha256");
    Objects.requireNonNull(timings, "timings");
    Objects.requireNonNull(modelSpec, "modelSpec");
    Objects.requireNonNull(featureStoreSpec, "featureStoreSpec");
    Objects.requireNonNull(featureStoreInputs, "featureStoreInputs");
    Objects.requireNonNull(testPredictions, "testPredictions");
    testSampleIndices = testSampleIndices.clone();
    trainSampleIndices = trainSampleIndices.clone();
    selectedFeatures = List.copyOf(selectedFeatures);
    featureSpecs = List.copyOf(featureSpecs);
    if (rowsTrain + rowsTest != rowsTotal
        || testSampleIndices.length != rowsTest
        || trainSampleIndices.length != rowsTrain
        || testPredictions.size() != rowsTest
        || trainPositives < 0
        || trainPositives > rowsTrain) {
      throw new InvalidArgumentException(
          "inconsistent row counts: "
              + rowsTotal
              + " total, "
              + rowsTrain
              + " train ("
              + trainSampleIndices.length
              + " indices), "
              + rowsTest
              + " test ("
              + testSampleIndices.length
              + " indices, "
              + testPredictions.size()
              + " predictions), "
              + trainPositives
              + " positive training rows");
    }
  }

  /** The test rows' sample indices (a copy). */
  @Override
  public long[] testSampleIndices() {
    return testSampleIndices.clone();
  }

  /** The training rows' sample indices (a copy). */
  @Override
  public long[] trainSampleIndices() {
    return trainSampleIndices.clone();
  }
}
