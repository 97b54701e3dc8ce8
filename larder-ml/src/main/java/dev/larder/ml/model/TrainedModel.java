package dev.larder.ml.model;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

/**
 * A trained binary classifier and everything needed to use it on raw rows: the feature selection
 * and fitted scalers, the algorithm and its hyper-parameters (the whole {@link ModelSpec}), and the
 * Tribuo model. Immutable and safe to share between threads.
 *
 * <p>{@link #save(Path)} writes a model directory, {@link #load(Path)} reads one back and predicts
 * exactly as the saved model did. The directory holds {@code model.tribuo}, the Tribuo model in
 * Tribuo's protobuf format (for forests and boosting, an XGBoost booster wrapped by Tribuo), and
 * {@code model.json}, a versioned description ({@code format_version} 2; version 1 files still
 * load): the spec with every hyper-parameter, the input feature names, and each model feature's
 * scaling with its fitted center and scale.
 */
public final class TrainedModel {
  private final ModelSpec spec;
  private final FeaturePipeline features;
  private final Model<Label> tribuoModel;
  private final int trainingRows;

  TrainedModel(ModelSpec spec, FeaturePipeline features, Model<Label> tribuoModel, int rows) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.features = Objects.requireNonNull(features, "features");
    this.tribuoModel = Objects.requireNonNull(tribuoModel, "tribuoModel");
    this.trainingRows = rows;
    Set<String> known = new HashSet<>(features.featureNames());
    for (VariableInfo info : tribuoModel.getFeatureIDMap()) {
      if (!known.contains(info.getName())) {
        throw new InvalidArgumentException(
            "the Tribuo model uses feature '"
                + info.getName()
                + "', which is not among the model's features "
                + features.featureNames());
      }
    }
  }

  /**
   * Reads a model directory written by {@link #save(Path)}.
   *
   * @throws dev.larder.core.NotFoundException if a file is missing
   * @throws InvalidArgumentException if a file is malformed or from a newer format version
   */
  public static TrainedModel load(Path dir) {
    return ModelFiles.read(dir);
  }

  /**
   * Writes this model to {@code dir} (created if missing; the model's two files in it are replaced,
   * other files are left alone).
   *
   * @throws dev.larder.core.BackendException if the files cannot be written
   */
  public void save(Path dir) {
    ModelFiles.write(this, dir);
  }

  /**
   * P(class 1) for raw rows: selects and scales them as in training, then predicts.
   *
   * @param rawX rows with one value per {@link #inputFeatureNames()}, in that order
   * @throws InvalidArgumentException if a row has the wrong width or a used value is not finite
   */
  public double[] predictProbability(double[][] rawX) {
    return predictTransformed(features.transform(rawX));
  }

  /**
   * P(class 1) for rows already selected and scaled (one column per {@link #featureNames()}).
   *
   * @throws InvalidArgumentException if a row has the wrong width or a value is not finite
   */
  public double[] predictTransformed(double[][] x) {
    int width = features.featureNames().size();
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != width) {
        throw new InvalidArgumentException(
            "row "
                + i
                + " has "
                + x[i].length
                + " values; the model takes "
                + width
                + " transformed features: "
                + features.featureNames());
      }
      for (int j = 0; j < width; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new InvalidArgumentException(
              "row "
                  + i
                  + ", feature '"
                  + features.featureNames().get(j)
                  + "' is "
                  + x[i][j]
                  + "; every value must be finite");
        }
      }
    }
    if (x.length == 0) {
      return new double[0];
    }
    List<Prediction<Label>> predictions =
        tribuoModel.predict(new TribuoExamples(features.featureNames()).unlabelled(x));
    double[] p = new double[x.length];
    for (int i = 0; i < p.length; i++) {
      Label positive = predictions.get(i).getOutputScores().get(TribuoExamples.POSITIVE);
      if (positive == null) {
        throw new IllegalStateException(
            "the Tribuo model gave no score for class 1: " + predictions.get(i).getOutputScores());
      }
      p[i] = positive.getScore();
    }
    return p;
  }

  /** The model family. */
  public Algorithm algorithm() {
    return spec.algorithm();
  }

  /** Every hyper-parameter, defaults filled in. */
  public Map<String, Double> hyperParameters() {
    return spec.hyperParameters();
  }

  /** The spec the model was trained with. */
  public ModelSpec spec() {
    return spec;
  }

  /** The feature selection and the scalers fitted on the training rows. */
  public FeaturePipeline features() {
    return features;
  }

  /** The features the model uses, in the order of the transformed columns. */
  public List<String> featureNames() {
    return features.featureNames();
  }

  /** The raw rows' columns that {@link #predictProbability(double[][])} expects. */
  public List<String> inputFeatureNames() {
    return features.inputNames();
  }

  /** How many rows the model was trained on. */
  public int trainingRows() {
    return trainingRows;
  }

  /** The underlying Tribuo model (for provenance, explanations or export). */
  public Model<Label> tribuoModel() {
    return tribuoModel;
  }

  @Override
  public String toString() {
    return "TrainedModel["
        + spec.algorithm()
        + ", "
        + featureNames().size()
        + " features, "
        + trainingRows
        + " training rows]";
  }
}
