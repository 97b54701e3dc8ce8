package dev.larder.ml.model;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * L2-regularised binary logistic regression with an unpenalised intercept, solved by Newton's
 * method on the dense rows as given: it minimises
 *
 * <pre>
 *   f(w, b) = ½‖w‖² + C Σᵢ log(1 + exp(−sᵢ (w·xᵢ + b))),   sᵢ = +1 for class 1, −1 for class 0,
 * </pre>
 *
 * the objective of scikit-learn's {@code LogisticRegression(C=c)} (and of LibLinear's {@code
 * L2R_LR} with its bias left out of the penalty).
 *
 * <p>Each iteration forms the exact Hessian ({@code (p+1)(p+2)/2} products a row for p features),
 * solves the Newton system by Cholesky factorisation and takes the full step unless a backtracking
 * (Armijo) line search has to shorten it (next to the optimum, where the objective's decrease is
 * lost in rounding, the full step is taken if it shrinks the gradient); the objective and its
 * gradient at a trial point come from one pass over the rows. The objective is smooth and strictly
 * convex in {@code w}, so the iterations converge quadratically: a handful of passes over the rows,
 * which are not copied.
 *
 * <p>Stopping: as LibLinear's primal solvers, when {@code ‖∇f‖₂ ≤ tolerance × max(min(n₀, n₁), 1) /
 * n × ‖∇f(0)‖₂} (n₀, n₁ the class counts), or after {@code maxIterations} Newton steps.
 *
 * <p>Large inputs are cut into blocks of {@value #BLOCK} rows that are summed on all cores; each
 * block's partial sums are added in block order, so the result is the same, bit for bit, whatever
 * the number of cores.
 */
final class NewtonLogisticRegression {
  /** Rows per block: fixed, so that the order of every sum does not depend on the cores. */
  static final int BLOCK = 8192;

  /** Armijo's sufficient-decrease constant. */
  private static final double ARMIJO = 1e-4;

  /** A change of the objective this small relative to it is rounding, not an increase. */
  private static final double ROUNDING = 1e-12;

  /** Step halvings before the line search gives up (the step is then too small to matter). */
  private static final int MAX_HALVINGS = 40;

  private final double[][] x;
  private final int[] y;
  private final double c;
  private final int p;
  private final int d;
  private final int blocks;

  /**
   * Per block: the loss, then the gradient's data term (d values); and the Hessian's data term
   * (upper triangle of d × d, row-major).
   */
  private final double[][] blockSums;

  private final double[][] blockHessians;

  private NewtonLogisticRegression(double[][] x, int[] y, double c) {
    this.x = x;
    this.y = y;
    this.c = c;
    this.p = x[0].length;
    this.d = p + 1;
    this.blocks = (x.length + BLOCK - 1) / BLOCK;
    this.blockSums = new double[blocks][d + 1];
    this.blockHessians = new double[blocks][d * d];
  }

  /**
   * The fitted model: {@code weights} (one per column of the rows) and {@code intercept}, with the
   * number of Newton iterations taken and whether the stopping rule was met within the limit.
   */
  record Solution(double[] weights, double intercept, int iterations, boolean converged) {}

  /**
   * Fits the model.
   *
   * @param x rows, all of the same width (not modified, not copied)
   * @param y labels, 0 or 1, one per row
   * @param c the cost C (scikit-learn's {@code C}), positive
   * @param tolerance the relative gradient-norm stopping tolerance, positive
   * @param maxIterations the Newton iteration limit, at least 1
   */
  static Solution fit(double[][] x, int[] y, double c, double tolerance, int maxIterations) {
    return new NewtonLogisticRegression(x, y, c).solve(tolerance, maxIterations);
  }

  private Solution solve(double tolerance, int maxIterations) {
    int n = x.length;
    int positives = 0;
    for (int label : y) {
      positives += label;
    }
    double classShare = Math.max(Math.min(positives, n - positives), 1) / (double) n;

    double[] theta = new double[d];
    double[] sigma = new double[n]; // P(class 1 | xᵢ) = σ(w·xᵢ + b) at theta
    double[] gradient = new double[d];
    double value = evaluate(theta, sigma, gradient);
    double stop = tolerance * classShare * norm(gradient);

    double[] hessian = new double[d * d];
    double[] step = new double[d];
    double[] trial = new double[d];
    double[] trialSigma = new double[n];
    double[] trialGradient = new double[d];
    int iteration = 0;
    while (norm(gradient) > stop) {
      if (iteration == maxIterations) {
        return solution(theta, iteration, false);
      }
      iteration++;
      hessian(sigma, hessian);
      for (int j = 0; j < d; j++) {
        step[j] = -gradient[j];
      }
      choleskySolve(hessian, d, step);
      double slope = dot(gradient, step);
      if (!(slope < 0)) {
        // Rounding made the Newton direction useless: the gradient is as small as it gets.
        return solution(theta, iteration, false);
      }
      double t = 1;
      double trialValue;
      for (int halving = 0; ; halving++) {
        for (int j = 0; j < d; j++) {
          trial[j] = theta[j] + t * step[j];
        }
        trialValue = evaluate(trial, trialSigma, trialGradient);
        if (trialValue <= value + ARMIJO * t * slope) {
          break;
        }
        if (t == 1
            && trialValue - value <= ROUNDING * Math.abs(value)
            && norm(trialGradient) < norm(gradient)) {
          // Next to the optimum the decrease is below the objective's rounding error: the full
          // step is taken when it shrinks the gradient, as Newton's steps do there.
          break;
        }
        if (halving == MAX_HALVINGS) {
          return solution(theta, iteration, false);
        }
        t /= 2;
      }
      double[] swap = theta;
      theta = trial;
      trial = swap;
      swap = sigma;
      sigma = trialSigma;
      trialSigma = swap;
      swap = gradient;
      gradient = trialGradient;
      trialGradient = swap;
      value = trialValue;
    }
    return solution(theta, iteration, true);
  }

  private Solution solution(double[] theta, int iterations, boolean converged) {
    return new Solution(Arrays.copyOf(theta, p), theta[p], iterations, converged);
  }

  /** Runs {@code block} for every block, on all cores when there is more than one. */
  private void forEachBlock(java.util.function.IntConsumer block) {
    if (blocks == 1) {
      block.accept(0);
    } else {
      IntStream.range(0, blocks).parallel().forEach(block);
    }
  }

  /** f at {@code theta}; fills {@code sigma} with each row's P(class 1) and {@code gradient}. */
  private double evaluate(double[] theta, double[] sigma, double[] gradient) {
    forEachBlock(b -> evaluateBlock(b, theta, sigma));
    double loss = 0;
    Arrays.fill(gradient, 0);
    for (double[] sums : blockSums) {
      loss += sums[0];
      for (int j = 0; j < d; j++) {
        gradient[j] += sums[j + 1];
      }
    }
    double penalty = 0;
    for (int j = 0; j < p; j++) {
      penalty += theta[j] * theta[j];
      gradient[j] = theta[j] + c * gradient[j];
    }
    gradient[p] *= c;
    return 0.5 * penalty + c * loss;
  }

  /** Block {@code b}'s loss and gradient data term into {@code blockSums[b]}. */
  private void evaluateBlock(int b, double[] theta, double[] sigma) {
    double[] sums = blockSums[b];
    Arrays.fill(sums, 0);
    double intercept = theta[p];
    double loss = 0;
    double residuals = 0;
    int end = Math.min(x.length, (b + 1) * BLOCK);
    for (int i = b * BLOCK; i < end; i++) {
      double[] row = x[i];
      double s = intercept;
      for (int j = 0; j < p; j++) {
        s += theta[j] * row[j];
      }
      // One exponential gives both the loss log(1 + exp(−m)) for the margin m = ±s and σ(s),
      // without overflow: e = exp(−|s|).
      double e = Math.exp(-Math.abs(s));
      double m = y[i] == 1 ? s : -s;
      loss += Math.log(1 + e) + (m < 0 ? -m : 0);
      double q = s >= 0 ? 1 / (1 + e) : e / (1 + e);
      sigma[i] = q;
      double r = q - y[i];
      for (int j = 0; j < p; j++) {
        sums[j + 1] += r * row[j];
      }
      residuals += r;
    }
    sums[0] = loss;
    sums[d] = residuals;
  }

  /**
   * The Hessian {@code diag(1, …, 1, 0) + C Σᵢ σᵢ(1 − σᵢ) x̃ᵢx̃ᵢᵀ} (x̃ᵢ = (xᵢ, 1)), upper triangle
   * only, row-major in {@code h} ({@code d × d}).
   */
  private void hessian(double[] sigma, double[] h) {
    forEachBlock(b -> hessianBlock(b, sigma));
    Arrays.fill(h, 0);
    for (double[] block : blockHessians) {
      for (int k = 0; k < h.length; k++) {
        h[k] += block[k];
      }
    }
    for (int k = 0; k < h.length; k++) {
      h[k] *= c;
    }
    for (int j = 0; j < p; j++) {
      h[j * d + j] += 1;
    }
  }

  /** Block {@code b}'s Σ σᵢ(1 − σᵢ) x̃ᵢx̃ᵢᵀ, four rows at a time, into {@code blockHessians[b]}. */
  private void hessianBlock(int b, double[] sigma) {
    double[] h = blockHessians[b];
    Arrays.fill(h, 0);
    int start = b * BLOCK;
    int end = Math.min(x.length, start + BLOCK);
    int i = start;
    for (; i + 4 <= end; i += 4) {
      double[] r0 = x[i];
      double[] r1 = x[i + 1];
      double[] r2 = x[i + 2];
      double[] r3 = x[i + 3];
      double a0 = sigma[i] * (1 - sigma[i]);
      double a1 = sigma[i + 1] * (1 - sigma[i + 1]);
      double a2 = sigma[i + 2] * (1 - sigma[i + 2]);
      double a3 = sigma[i + 3] * (1 - sigma[i + 3]);
      for (int j = 0; j < p; j++) {
        double v0 = a0 * r0[j];
        double v1 = a1 * r1[j];
        double v2 = a2 * r2[j];
        double v3 = a3 * r3[j];
        int base = j * d;
        for (int k = j; k < p; k++) {
          h[base + k] += v0 * r0[k] + v1 * r1[k] + v2 * r2[k] + v3 * r3[k];
        }
        h[base + p] += v0 + v1 + v2 + v3;
      }
      h[p * d + p] += a0 + a1 + a2 + a3;
    }
    for (; i < end; i++) {
      double[] row = x[i];
      double a = sigma[i] * (1 - sigma[i]);
      for (int j = 0; j < p; j++) {
        double v = a * row[j];
        int base = j * d;
        for (int k = j; k < p; k++) {
          h[base + k] += v * row[k];
        }
        h[base + p] += v;
      }
      h[p * d + p] += a;
    }
  }

  /**
   * Solves {@code H s = rhs} in place for the symmetric positive definite {@code H} whose upper
   * triangle is in {@code h} (overwritten by its Cholesky factor R, {@code H = RᵀR}).
   */
  private static void choleskySolve(double[] h, int d, double[] rhs) {
    for (int j = 0; j < d; j++) {
      double diagonal = h[j * d + j];
      for (int k = 0; k < j; k++) {
        diagonal -= h[k * d + j] * h[k * d + j];
      }
      // A pivot that rounding made non-positive (a feature constant on every row, say) gets a
      // tiny ridge instead: the step stays a descent direction.
      double r = Math.sqrt(Math.max(diagonal, 1e-12 * Math.max(1, Math.abs(h[j * d + j]))));
      h[j * d + j] = r;
      for (int col = j + 1; col < d; col++) {
        double v = h[j * d + col];
        for (int k = 0; k < j; k++) {
          v -= h[k * d + j] * h[k * d + col];
        }
        h[j * d + col] = v / r;
      }
    }
    for (int j = 0; j < d; j++) { // Rᵀ u = rhs
      double v = rhs[j];
      for (int k = 0; k < j; k++) {
        v -= h[k * d + j] * rhs[k];
      }
      rhs[j] = v / h[j * d + j];
    }
    for (int j = d - 1; j >= 0; j--) { // R s = u
      double v = rhs[j];
      for (int k = j + 1; k < d; k++) {
        v -= h[j * d + k] * rhs[k];
      }
      rhs[j] = v / h[j * d + j];
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
