package dev.larder.ml.model;

import de.bwaldvogel.liblinear.Parameter;
import dev.larder.ml.spec.ModelSpec;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;

/**
 * Logistic regression with LibLinear's primal trust-region Newton solver ({@code L2R_LR}),
 * minimising {@code ½‖w‖² + C Σᵢ log(1 + exp(−yᵢ (w·xᵢ + b)))}: the objective of scikit-learn's
 * {@code LogisticRegression(C=c)}.
 *
 * <p>The intercept: Tribuo appends a constant-1 bias feature to every example and LibLinear would,
 * by default, put its weight {@code b} into the penalty {@code ½‖w‖²} as well. scikit-learn does
 * not penalise the intercept, so this trainer switches LibLinear's bias regularisation off ({@code
 * regularize_bias = false}, LibLinear's {@code -R} option, valid because Tribuo trains with {@code
 * bias = 1}). With it, the fitted weights and intercept are scikit-learn's, to within the solver
 * tolerance.
 *
 * <p>Hyper-parameters: {@code c} (LibLinear's cost C), {@code max_iterations}, {@code tolerance}
 * (LibLinear's eps: stop when the gradient norm falls below eps times its initial value, scaled by
 * the smaller class's share). LibLinear's primal solver is deterministic; the seed is not used.
 */
final class LibLinearLogisticRegressionTrainer extends TribuoModelTrainer {

  LibLinearLogisticRegressionTrainer(ModelSpec spec, boolean verbose) {
    super(spec, verbose);
  }

  @Override
  Trainer<Label> tribuoTrainer(int features) {
    return new UnpenalisedInterceptTrainer(
        spec().param("c"), spec().intParam("max_iterations"), spec().param("tolerance"));
  }

  /** Tribuo's LibLinear trainer with the bias weight left out of the L2 penalty. */
  static final class UnpenalisedInterceptTrainer extends LibLinearClassificationTrainer {
    UnpenalisedInterceptTrainer(double cost, int maxIterations, double tolerance) {
      super(new LinearClassificationType(LinearType.L2R_LR), cost, maxIterations, tolerance);
    }

    @Override
    protected Parameter setupParameters(ImmutableOutputInfo<Label> outputs) {
      Parameter parameters = super.setupParameters(outputs).clone();
      parameters.setRegularizeBias(false);
      return parameters;
    }
  }
}
