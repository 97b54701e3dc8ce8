package dev.larder.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.spec.Scaling;
import dev.larder.ml.transform.FeaturePipeline;
import dev.larder.ml.transform.FeatureSelection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tribuo.common.liblinear.LibLinearModel;

/**
 * Checks the LibLinear logistic regression against a direct solution of scikit-learn's objective,
 * {@code ½‖w‖² + C Σ log(1 + exp(−sᵢ(w·xᵢ + b)))} with an unpenalised intercept b, computed here by
 * Newton's method. The same solve with the intercept penalised gives a visibly different intercept:
 * the trainer matches the unpenalised one, i.e. scikit-learn's {@code LogisticRegression(C=1)}.
 */
class LogisticRegressionReferenceTest {

  /** Unscaled features with offsets 0, 10, 20: the intercept is large, so its penalty matters. */
  private static final TrainingData DATA = Blobs.generate(150, 3, 2, 1.0, 0.35, 11);

  @Test
  void coefficientsAndProbabilitiesMatchNewtonsSolution() {
    int n = DATA.rows();
    int[] all = IntStream.range(0, n).toArray();
    FeaturePipeline raw =
        FeaturePipeline.fit(
            FeatureSelection.resolve(
                List.of(FeatureSpec.of(Scaling.NONE, "*")), DATA.featureNames()),
            DATA.x(),
            all);
    ModelSpec spec =
        ModelSpec.builder()
            .algorithm(Algorithm.LOGISTIC_REGRESSION)
            .hyperParameter("c", 1.0)
            .hyperParameter("tolerance", 1e-8)
            .build();
    TrainedModel model = ModelTrainer.of(spec).train(raw, DATA.x(), DATA.y());

    double[] reference = newton(DATA.x(), DATA.y(), 1.0, false);
    double[] penalised = newton(DATA.x(), DATA.y(), 1.0, true);
    double[] tribuo = weights(model);

    for (int j = 0; j < reference.length; j++) {
      assertThat(tribuo[j]).as("weight %d", j).isCloseTo(reference[j], within(1e-4));
    }
    double intercept = reference[3];
    assertThat(Math.abs(penalised[3] - intercept)).isGreaterThan(0.05);

    double[] p = model.predictProbability(DATA.x());
    for (int i = 0; i < n; i++) {
      assertThat(p[i]).isCloseTo(sigmoid(dot(reference, DATA.x()[i])), within(1e-5));
    }
  }

  /** The model's weights for class 1: one per feature (in data order), then the intercept. */
  private static double[] weights(TrainedModel model) {
    LibLinearModel<?> tribuo = (LibLinearModel<?>) model.tribuoModel();
    de.bwaldvogel.liblinear.Model liblinear = tribuo.getInnerModels().get(0);
    double[] w = liblinear.getFeatureWeights();
    String firstLabel = tribuo.getOutputIDInfo().getOutput(liblinear.getLabels()[0]).toString();
    double sign = firstLabel.startsWith("1") ? 1 : -1; // liblinear's w scores its first label
    double[] out = new double[4];
    for (int j = 0; j < 3; j++) {
      out[j] = sign * w[tribuo.getFeatureIDMap().getID("feature_" + j)];
    }
    out[3] = sign * w[w.length - 1];
    return out;
  }

  /**
   * Minimises ½‖w‖² (+ ½b² if {@code penaliseIntercept}) + C Σ log(1 + exp(−sᵢ zᵢ)) by Newton's
   * method; returns {w₀, w₁, w₂, b}.
   */
  static double[] newton(double[][] x, int[] y, double c, boolean penaliseIntercept) {
    int d = x[0].length + 1;
    double[] theta = new double[d];
    for (int iteration = 0; iteration < 100; iteration++) {
      double[] gradient = new double[d];
      double[][] hessian = new double[d][d];
      for (int j = 0; j < d; j++) {
        boolean intercept = j == d - 1;
        double penalty = intercept && !penaliseIntercept ? 0 : 1;
        gradient[j] = penalty * theta[j];
        hessian[j][j] = penalty;
      }
      for (int i = 0; i < x.length; i++) {
        double[] row = withOne(x[i]);
        double p = sigmoid(dot(theta, x[i]));
        for (int j = 0; j < d; j++) {
          gradient[j] += c * (p - y[i]) * row[j];
          for (int k = 0; k < d; k++) {
            hessian[j][k] += c * p * (1 - p) * row[j] * row[k];
          }
        }
      }
      double[] step = solve(hessian, gradient);
      double size = 0;
      for (int j = 0; j < d; j++) {
        theta[j] -= step[j];
        size = Math.max(size, Math.abs(step[j]));
      }
      if (size < 1e-13) {
        return theta;
      }
    }
    throw new AssertionError("Newton's method did not converge");
  }

  private static double[] withOne(double[] row) {
    double[] out = java.util.Arrays.copyOf(row, row.length + 1);
    out[row.length] = 1;
    return out;
  }

  private static double dot(double[] theta, double[] row) {
    double z = theta[theta.length - 1];
    for (int j = 0; j < row.length; j++) {
      z += theta[j] * row[j];
    }
    return z;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int k = col; k <= n; k++) {
          m[r][k] -= f * m[col][k];
        }
      }
    }
    double[] out = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * out[k];
      }
      out[r] = s / m[r][r];
    }
    return out;
  }
}
