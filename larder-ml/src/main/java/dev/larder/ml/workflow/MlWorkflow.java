package dev.larder.ml.workflow;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.data.DataHash;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.data.TrainingDataSource;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.eval.Predictions;
import dev.larder.ml.eval.TrainTestSplit;
import dev.larder.ml.model.ModelTrainer;
import dev.larder.ml.model.TrainedModel;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The guide's orchestrator, {@code run_ml_workflow(feature_specs, model_spec, X, y,
 * feature_store_spec)}: load → select features and split → fit scalers on the training split and
 * transform → train → evaluate on the test split (→ optional k-fold cross-validation on the
 * training split), timing each stage.
 *
 * <pre>{@code
 * WorkflowResult result =
 *     MlWorkflow.runMlWorkflow(List.of(FeatureSpec.ALL_STANDARD), ModelSpec.defaults(), x, y, null);
 * }</pre>
 *
 * Loading through the feature store needs a training-data source for a {@link FeatureStoreSpec};
 * give one with {@link Builder#featureStoreSource}. The static methods use a workflow without one,
 * with the libraries' logging silenced during training.
 */
public final class MlWorkflow {
  private static final MlWorkflow STANDARD = builder().build();

  private final Function<FeatureStoreSpec, TrainingDataSource> featureStoreSource;
  private final boolean verbose;

  private MlWorkflow(Builder builder) {
    this.featureStoreSource = builder.featureStoreSource;
    this.verbose = builder.verbose != null && builder.verbose;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the workflow on rows from {@code source}, with no feature store source configured. */
  public static WorkflowResult runMlWorkflow(
      List<FeatureSpec> featureSpecs, ModelSpec modelSpec, TrainingDataSource source) {
    return STANDARD.run(featureSpecs, modelSpec, source);
  }

  /**
   * The guide's signature, with no feature store source configured: {@code x} and {@code y} given
   * (features named {@code feature_0 ..}, sample indices {@code 0 .. n-1}) and {@code
   * featureStoreSpec} {@code null} or disabled. See {@link #run(List, ModelSpec, double[][], int[],
   * FeatureStoreSpec)}.
   */
  public static WorkflowResult runMlWorkflow(
      List<FeatureSpec> featureSpecs,
      ModelSpec modelSpec,
      double[][] x,
      int[] y,
      FeatureStoreSpec featureStoreSpec) {
    return STANDARD.run(featureSpecs, modelSpec, x, y, featureStoreSpec);
  }

  /** Runs the workflow on rows from {@code source}. */
  public WorkflowResult run(
      List<FeatureSpec> featureSpecs, ModelSpec modelSpec, TrainingDataSource source) {
    if (source == null) {
      throw new InvalidArgumentException("the training-data source is null");
    }
    return execute(featureSpecs, modelSpec, source, FeatureStoreSpec.disabled());
  }

  /**
   * The guide's {@code run_ml_workflow}. Exactly one way of getting rows must be chosen:
   *
   * <ul>
   *   <li>{@code x} and {@code y} given, {@code featureStoreSpec} {@code null} or disabled: trains
   *       on them; features are named {@code feature_0, feature_1, ..}, sample indices are the row
   *       numbers;
   *   <li>{@code x} and {@code y} {@code null}, {@code featureStoreSpec} enabled: loads through the
   *       feature store source this workflow was built with.
   * </ul>
   *
   * @throws InvalidArgumentException for any other combination, or when the feature store is
   *     enabled but no feature store source is configured; the message names the fields involved
   */
  public WorkflowResult run(
      List<FeatureSpec> featureSpecs,
      ModelSpec modelSpec,
      double[][] x,
      int[] y,
      FeatureStoreSpec featureStoreSpec) {
    boolean storeEnabled = featureStoreSpec != null && featureStoreSpec.enabled();
    if (x == null && y == null) {
      if (!storeEnabled) {
        throw new InvalidArgumentException(
            "X and y are null and feature_store_spec is "
                + (featureStoreSpec == null ? "null" : "disabled")
                + "; there are no rows to train on",
            "Pass X and y (direct loading), or X = y = null with an enabled feature_store_spec"
                + " to load through the feature store");
      }
      if (featureStoreSource == null) {
        throw new InvalidArgumentException(
            "feature_store_spec is enabled, but no feature store training-data source is"
                + " configured in this MlWorkflow",
            "Build the workflow with MlWorkflow.builder().featureStoreSource(...), or load the"
                + " rows directly and pass X and y with feature_store_spec disabled");
      }
      TrainingDataSource source = featureStoreSource.apply(featureStoreSpec);
      if (source == null) {
        throw new IllegalStateException(
            "the feature store source factory returned null for " + featureStoreSpec);
      }
      return execute(featureSpecs, modelSpec, source, featureStoreSpec);
    }
    if (x == null || y == null) {
      throw new InvalidArgumentException(
          (x == null ? "y is given but X is null" : "X is given but y is null")
              + "; X and y go together",
          "Pass both X and y, or neither (with an enabled feature_store_spec)");
    }
    if (storeEnabled) {
      throw new InvalidArgumentException(
          "X and y were given and feature_store_spec is enabled; choose one source of rows",
          "Pass X and y with feature_store_spec disabled (or null), or X = y = null to load"
              + " through the feature store");
    }
    TrainingData data = inMemory(x, y);
    return execute(
        featureSpecs,
        modelSpec,
        TrainingDataSource.inMemory(data),
        featureStoreSpec == null ? FeatureStoreSpec.disabled() : featureStoreSpec);
  }

  private WorkflowResult execute(
      List<FeatureSpec> featureSpecs,
      ModelSpec modelSpec,
      TrainingDataSource source,
      FeatureStoreSpec featureStoreSpec) {
    if (modelSpec == null) {
      throw new InvalidArgumentException(
          "model_spec is null", "Pass ModelSpec.defaults() for logistic regression with C = 1");
    }
    if (featureSpecs == null || featureSpecs.isEmpty()) {
      throw new InvalidArgumentException(
          "feature_specs is " + (featureSpecs == null ? "null" : "empty"),
          "Pass at least one feature spec, e.g. List.of(FeatureSpec.ALL_STANDARD)");
    }
    Stopwatch clock = new Stopwatch();

    TrainingData data = source.load();
    if (data == null) {
      throw new IllegalStateException(source.describe() + " returned no training data");
    }
    Duration load = clock.lap();

    checkLabels(data.y(), source.describe());
    FeatureSelection selection = FeatureSelection.resolve(featureSpecs, data.featureNames());
    TrainTestSplit split =
        modelSpec.stratified()
            ? TrainTestSplit.stratified(data.y(), modelSpec.testFraction(), modelSpec.seed())
            : TrainTestSplit.shuffled(data.rows(), modelSpec.testFraction(), modelSpec.seed());
    int[] trainRows = split.trainRows();
    int[] testRows = split.testRows();
    FeaturePipeline pipeline = FeaturePipeline.fit(selection, data.x(), trainRows);
    double[][] xTrain = pipeline.transform(data.x(), trainRows);
    double[][] xTest = pipeline.transform(data.x(), testRows);
    int[] yTrain = CrossValidation.labels(data.y(), trainRows);
    int[] yTest = CrossValidation.labels(data.y(), testRows);
    Duration transform = clock.lap();

    ModelTrainer trainer = ModelTrainer.of(modelSpec, verbose);
    TrainedModel model = trainer.train(pipeline, xTrain, yTrain);
    Duration train = clock.lap();

    Predictions testPredictions = new Predictions(yTest, model.predictTransformed(xTest));
    BinaryMetrics metrics =
        BinaryMetrics.evaluate(testPredictions.labels(), testPredictions.probabilities());
    Duration evaluate = clock.lap();

    Optional<CrossValidationSummary> crossValidation = Optional.empty();
    Duration crossValidationTime = Duration.ZERO;
    if (modelSpec.crossValidationFolds() > 0) {
      crossValidation =
          Optional.of(CrossValidation.run(selection, trainer, data.x(), data.y(), trainRows));
      crossValidationTime = clock.lap();
    }

    return new WorkflowResult(
        model,
        metrics,
        crossValidation,
        data.rows(),
        trainRows.length,
        testRows.length,
        sampleIndices(data, testRows),
        sampleIndices(data, trainRows),
        selection.names(),
        source.describe(),
        DataHash.sha256(data),
        new StageTimings(load, transform, train, evaluate, crossValidationTime, clock.total()),
        featureSpecs,
        modelSpec,
        featureStoreSpec,
        data.featureStoreInputs(),
        testPredictions,
        (int) Arrays.stream(yTrain).filter(label -> label == 1).count());
  }

  private static TrainingData inMemory(double[][] x, int[] y) {
    if (x.length == 0) {
      throw new InvalidArgumentException("X has no rows; there is nothing to train on");
    }
    List<String> names = new ArrayList<>();
    for (int j = 0; j < x[0].length; j++) {
      names.add("feature_" + j);
    }
    long[] sampleIndices = IntStream.range(0, x.length).asLongStream().toArray();
    return new TrainingData(
        x, y, names, sampleIndices, "memory:X[" + x.length + "x" + names.size() + "]");
  }

  private static void checkLabels(int[] y, String source) {
    if (y.length == 0) {
      throw new InvalidArgumentException(source + " has no rows; there is nothing to train on");
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 0 && y[i] != 1) {
        throw new InvalidArgumentException(
            "y[" + i + "] is " + y[i] + "; labels must be 0 or 1 (the positive class is 1)");
      }
    }
  }

  private static long[] sampleIndices(TrainingData data, int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = data.sampleIndices()[rows[i]];
    }
    return out;
  }

  /** Measures consecutive stages. */
  private static final class Stopwatch {
    private final long start = System.nanoTime();
    private long last = start;

    Duration lap() {
      long now = System.nanoTime();
      Duration d = Duration.ofNanos(now - last);
      last = now;
      return d;
    }

    Duration total() {
      return Duration.ofNanos(last - start);
    }
  }

  /** Configures an {@link MlWorkflow}; each setting may be given once. */
  public static final class Builder {
    private Function<FeatureStoreSpec, TrainingDataSource> featureStoreSource;
    private Boolean verbose;

    private Builder() {}

    /**
     * How to load rows when the workflow is run with X = y = null and an enabled feature store
     * spec: a factory from the spec to a training-data source.
     */
    public Builder featureStoreSource(Function<FeatureStoreSpec, TrainingDataSource> factory) {
      if (factory == null) {
        throw new IllegalArgumentException("the feature store source factory is null");
      }
      if (featureStoreSource != null) {
        throw new IllegalStateException(
            "the feature store source was already set to " + featureStoreSource);
      }
      featureStoreSource = factory;
      return this;
    }

    /** Lets the ML libraries log at their own levels while training (default: quiet). */
    public Builder verbose(boolean value) {
      if (verbose != null) {
        throw new IllegalStateException("verbose was already set to " + verbose);
      }
      verbose = value;
      return this;
    }

    public MlWorkflow build() {
      return new MlWorkflow(this);
    }
  }
}
