package dev.larder.ml.model;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import de.bwaldvogel.liblinear.SolverType;
import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.RealInfo;
import org.tribuo.Tribuo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;
import org.tribuo.common.liblinear.LibLinearModel;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.TimestampedTrainerProvenance;

/**
 * Logistic regression as scikit-learn's {@code LogisticRegression(C=c)}: minimises {@code ½‖w‖² + C
 * Σᵢ log(1 + exp(−yᵢ (w·xᵢ + b)))} with the intercept {@code b} left out of the penalty, by
 * Newton's method straight on the dense training rows ({@link NewtonLogisticRegression}).
 *
 * <p>The fitted weights are stored as a LibLinear {@code L2R_LR} model wrapped by Tribuo (the model
 * Larder trained with LibLinear through Tribuo before, and the same file format): a weight per
 * feature and the weight of Tribuo's constant-1 bias feature, which is the intercept. Saved models
 * therefore load, predict and report their coefficients exactly as before, in any Larder version.
 *
 * <p>Hyper-parameters: {@code c} (the cost C), {@code max_iterations} (Newton iterations) and
 * {@code tolerance}: stop when the gradient norm falls below tolerance times its value at zero,
 * scaled by the smaller class's share of the rows (LibLinear's rule for the same objective). The
 * solve is deterministic; the seed is not used.
 */
final class LogisticRegressionTrainer implements ModelTrainer {
  private final ModelSpec spec;

  LogisticRegressionTrainer(ModelSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /**
   * False: a fit uses every core only for its sums over more than {@value
   * NewtonLogisticRegression#BLOCK} rows, so cross-validation still trains its folds in parallel.
   */
  @Override
  public boolean multiThreaded() {
    return false;
  }

  @Override
  public TrainedModel train(FeaturePipeline features, double[][] x, int[] y) {
    TrainingRows.check(features, x, y);
    double c = spec.param("c");
    double tolerance = spec.param("tolerance");
    int maxIterations = spec.intParam("max_iterations");
    NewtonLogisticRegression.Solution solution =
        NewtonLogisticRegression.fit(x, y, c, tolerance, maxIterations);
    if (!Double.isFinite(solution.intercept())
        || !Arrays.stream(solution.weights()).allMatch(Double::isFinite)) {
      throw new InvalidArgumentException(
          "logistic regression did not converge: a weight is not finite",
          "Check the training rows for extreme or non-finite values, or lower c");
    }
    return new TrainedModel(spec, features, tribuoModel(features, x, y, solution), x.length);
  }

  /** The solution as the Tribuo LibLinear model that LibLinear's trainer would have built. */
  private Model<Label> tribuoModel(
      FeaturePipeline features, double[][] x, int[] y, NewtonLogisticRegression.Solution fit) {
    List<String> names = features.featureNames();
    ImmutableFeatureMap featureMap = new ImmutableFeatureMap(featureInfos(names, x));
    var labelInfo = TribuoExamples.LABELS.generateInfo();
    Label[] classes = {new Label("0"), new Label(TribuoExamples.POSITIVE)};
    for (int label : y) {
      labelInfo.observe(classes[label]);
    }
    ImmutableOutputInfo<Label> outputs = labelInfo.generateImmutableOutputInfo();

    // LibLinear's w scores its first label: class 1 first, so w holds the coefficients as they are.
    double[] w = new double[names.size() + 1];
    for (int col = 0; col < names.size(); col++) {
      w[featureMap.getID(names.get(col))] = fit.weights()[col];
    }
    w[names.size()] = fit.intercept();
    StringBuilder text = new StringBuilder();
    text.append("solver_type ").append(SolverType.L2R_LR.name()).append('\n');
    text.append("nr_class 2\n");
    text.append("label ")
        .append(outputs.getID(classes[1]))
        .append(' ')
        .append(outputs.getID(classes[0]))
        .append('\n');
    text.append("nr_feature ").append(names.size()).append('\n');
    text.append("bias 1\n");
    text.append("w\n");
    for (double v : w) {
      text.append(v)
          .append(" \n"); // Java's shortest round-trip form: LibLinear reads it back exactly
    }
    de.bwaldvogel.liblinear.Model liblinear;
    try {
      liblinear = de.bwaldvogel.liblinear.Model.load(new StringReader(text.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a model from a string cannot fail", e);
    }

    Map<String, Provenance> rows = new HashMap<>();
    rows.put("class-name", new StringProvenance("class-name", "dense training rows"));
    rows.put(
        "datasource",
        new SimpleDataSourceProvenance("larder training rows", TribuoExamples.LABELS));
    rows.put("transformations", new ListProvenance<>());
    rows.put("is-dense", new BooleanProvenance("is-dense", true));
    rows.put("is-sequence", new BooleanProvenance("is-sequence", false));
    rows.put("num-examples", new IntProvenance("num-examples", x.length));
    rows.put("num-features", new IntProvenance("num-features", names.size()));
    rows.put("num-outputs", new IntProvenance("num-outputs", outputs.size()));
    rows.put("tribuo-version", new StringProvenance("tribuo-version", Tribuo.VERSION));
    Map<String, Provenance> run = new LinkedHashMap<>();
    run.put("trainer", new StringProvenance("trainer", getClass().getSimpleName()));
    run.put("solver", new StringProvenance("solver", "newton"));
    run.put("algorithm", new StringProvenance("algorithm", spec.algorithm().id()));
    run.put(
        "hyperparameters",
        new StringProvenance("hyperparameters", spec.hyperParameters().toString()));
    run.put("iterations", new IntProvenance("iterations", fit.iterations()));
    run.put("converged", new BooleanProvenance("converged", fit.converged()));
    ModelProvenance provenance =
        new ModelProvenance(
            LibLinearModel.class.getName(),
            OffsetDateTime.now(),
            new DatasetProvenance(rows),
            new TimestampedTrainerProvenance(),
            run);
    return ModelFactory.INSTANCE.model(provenance, featureMap, outputs, liblinear);
  }

  /** Each feature's count, range, mean and sum of squared deviations, as Tribuo records them. */
  private static List<VariableInfo> featureInfos(List<String> names, double[][] x) {
    int p = names.size();
    double[] min = new double[p];
    double[] max = new double[p];
    double[] sum = new double[p];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double v = row[j];
        sum[j] += v;
        min[j] = Math.min(min[j], v);
        max[j] = Math.max(max[j], v);
      }
    }
    double[] mean = new double[p];
    for (int j = 0; j < p; j++) {
      mean[j] = sum[j] / x.length;
    }
    double[] squares = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double delta = row[j] - mean[j];
        squares[j] += delta * delta;
      }
    }
    List<VariableInfo> infos = new ArrayList<>(p);
    for (int j = 0; j < p; j++) {
      infos.add(new RealInfo(names.get(j), x.length, max[j], min[j], mean[j], squares[j]));
    }
    return infos;
  }

  /** Tribuo's LibLinear classification trainer, used only for its model constructor. */
  private static final class ModelFactory extends LibLinearClassificationTrainer {
    static final ModelFactory INSTANCE = new ModelFactory();

    private ModelFactory() {
      super(new LinearClassificationType(LinearType.L2R_LR), 1.0, 1, 0.01);
    }

    Model<Label> model(
        ModelProvenance provenance,
        ImmutableFeatureMap featureMap,
        ImmutableOutputInfo<Label> outputs,
        de.bwaldvogel.liblinear.Model liblinear) {
      return createModel(provenance, featureMap, outputs, List.of(liblinear));
    }
  }
}
