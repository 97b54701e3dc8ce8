package dev.larder.ml.model;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeaturePipeline;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/** The shared part of every trainer: checks, conversion to Tribuo, quiet logging, wrapping. */
abstract class TribuoModelTrainer implements ModelTrainer {
  private final ModelSpec spec;
  private final boolean verbose;

  TribuoModelTrainer(ModelSpec spec, boolean verbose) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.verbose = verbose;
  }

  /** The Tribuo trainer for this spec, for {@code features} input columns. */
  abstract Trainer<Label> tribuoTrainer(int features);

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public final TrainedModel train(FeaturePipeline features, double[][] x, int[] y) {
    checkRows(features, x, y);
    TribuoExamples examples = new TribuoExamples(features.featureNames());
    Model<Label> model;
    LibraryLogging quiet = LibraryLogging.quietUnless(verbose);
    try {
      Trainer<Label> trainer = tribuoTrainer(features.featureNames().size());
      model = trainer.train(examples.dataset(x, y, "larder training rows"));
    } catch (LinkageError e) {
      throw new BackendException(
          spec.algorithm().id()
              + " needs a native library that could not be loaded on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + ": "
              + e,
          "Use logistic-regression, which is pure Java",
          e);
    } catch (IllegalStateException e) {
      throw new BackendException(
          spec.algorithm().id() + " training failed inside Tribuo: " + e.getMessage(), null, e);
    } finally {
      quiet.close();
    }
    return new TrainedModel(spec, features, model, x.length);
  }

  /** Rejects training rows of the wrong width, labels other than 0 and 1, or a single class. */
  static void checkRows(FeaturePipeline features, double[][] x, int[] y) {
    if (x.length != y.length) {
      throw new InvalidArgumentException(
          "there are " + x.length + " training rows but " + y.length + " labels");
    }
    if (x.length == 0) {
      throw new InvalidArgumentException("cannot train on no rows");
    }
    int width = features.featureNames().size();
    boolean[] seen = new boolean[2];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != width) {
        throw new InvalidArgumentException(
            "training row " + i + " has " + x[i].length + " values, expected " + width);
      }
      if (y[i] != 0 && y[i] != 1) {
        throw new InvalidArgumentException(
            "training label " + i + " is " + y[i] + "; labels must be 0 or 1");
      }
      seen[y[i]] = true;
    }
    if (!seen[0] || !seen[1]) {
      throw new InvalidArgumentException(
          "the training rows hold class "
              + (seen[0] ? 0 : 1)
              + " only; a binary classifier"
              + " needs both classes 0 and 1",
          "Use more rows, or check the labels (y)");
    }
  }
}
