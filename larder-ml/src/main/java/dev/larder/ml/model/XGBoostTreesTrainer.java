package dev.larder.ml.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.larder.core.BackendException;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostExternalModel;

/**
 * The shared part of the XGBoost trainers: dense rows straight into a native matrix, a {@code
 * binary:logistic} booster on every core, and the booster wrapped as a Tribuo model (an {@code
 * XGBoostExternalModel} with a {@link BinaryXGBoostConverter}) so that it saves, loads, predicts
 * and reports feature importances like the other models.
 *
 * <p>Determinism: XGBoost's row and column sampling is seeded with the spec's seed, and its
 * histogram sums are reduced in a fixed order for a given thread count, so the same rows, spec and
 * number of cores give the same model, byte for byte.
 */
abstract class XGBoostTreesTrainer implements ModelTrainer {
  /** Every core: training is the one thing running. */
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  private final ModelSpec spec;
  private final boolean verbose;

  XGBoostTreesTrainer(ModelSpec spec, boolean verbose) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.verbose = verbose;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public boolean multiThreaded() {
    return THREADS > 1;
  }

  /** Whether the libraries may log at their own levels. */
  boolean verbose() {
    return verbose;
  }

  /** How the booster's output becomes P(class 1). */
  abstract BinaryXGBoostConverter.Scores scores();

  /** Trains the booster on {@code x} (transformed rows) and {@code y}. */
  abstract Booster boost(double[][] x, int[] y) throws XGBoostError;

  /** The parameters every Larder booster shares: objective, threads, seed, quiet. */
  Map<String, Object> commonParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "binary:logistic");
    p.put("tree_method", "hist");
    p.put("nthread", THREADS);
    p.put("seed", spec.seed());
    p.put("verbosity", verbose ? 1 : 0);
    return p;
  }

  @Override
  public final TrainedModel train(FeaturePipeline features, double[][] x, int[] y) {
    TrainingRows.check(features, x, y);
    LibraryLogging quiet = LibraryLogging.quietUnless(verbose);
    try {
      Booster booster = boost(x, y);
      return new TrainedModel(spec, features, wrap(features.featureNames(), booster), x.length);
    } catch (XGBoostError e) {
      throw new BackendException(
          spec.algorithm().id() + " training failed inside XGBoost: " + e.getMessage(), null, e);
    } catch (LinkageError e) {
      throw new BackendException(
          spec.algorithm().id()
              + " needs XGBoost's native library, which could not be loaded on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + ": "
              + e,
          "Use logistic-regression, which is pure Java",
          e);
    } finally {
      quiet.close();
    }
  }

  private Model<Label> wrap(List<String> featureNames, Booster booster) {
    Map<String, Integer> columns = new HashMap<>();
    for (int j = 0; j < featureNames.size(); j++) {
      columns.put(featureNames.get(j), j);
    }
    Map<Label, Integer> outputs = Map.of(new Label("0"), 0, new Label(TribuoExamples.POSITIVE), 1);
    Map<String, Provenance> provenance = new LinkedHashMap<>();
    provenance.put("trainer", new StringProvenance("trainer", getClass().getSimpleName()));
    provenance.put("algorithm", new StringProvenance("algorithm", spec.algorithm().id()));
    provenance.put(
        "hyperparameters",
        new StringProvenance("hyperparameters", spec.hyperParameters().toString()));
    return XGBoostExternalModel.createXGBoostModel(
        TribuoExamples.LABELS,
        columns,
        outputs,
        new BinaryXGBoostConverter(scores()),
        booster,
        provenance);
  }

  /**
   * A native matrix of the rows (as floats, XGBoost's precision), labelled when {@code y} given.
   */
  static DMatrix matrix(double[][] x, int[] rows, int[] y) throws XGBoostError {
    int width = x.length == 0 ? 0 : x[0].length;
    float[] values = new float[rows.length * width];
    float[] labels = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double[] row = x[rows[i]];
      for (int j = 0; j < width; j++) {
        values[i * width + j] = (float) row[j];
      }
      labels[i] = y[rows[i]];
    }
    DMatrix matrix = new DMatrix(values, rows.length, width, Float.NaN);
    matrix.setLabel(labels);
    return matrix;
  }

  /** {@code 0 .. n-1}. */
  static int[] allRows(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }
}
