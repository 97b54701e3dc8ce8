package dev.larder.ml.workflow;

import dev.larder.core.InvalidArgumentException;
import java.time.Duration;
import java.util.Map;

/**
 * How long each stage of a workflow run took (wall clock).
 *
 * @param load reading the rows from the source
 * @param transform checking the labels, resolving the feature selection, splitting, fitting the
 *     scalers on the training rows and transforming both splits
 * @param train training the model on the training split
 * @param evaluate predicting the test split and computing the metrics
 * @param crossValidation k-fold cross-validation on the training split; zero when not asked for
 * @param total the whole run, from the start of loading to the end of the last stage
 */
public record StageTimings(
    Duration load,
    Duration transform,
    Duration train,
    Duration evaluate,
    Duration crossValidation,
    Duration total) {

  public StageTimings {
    Map<String, Duration> stages =
        Map.of(
            "load", load,
            "transform", transform,
            "train", train,
            "evaluate", evaluate,
            "cross-validation", crossValidation,
            "total", total);
    stages.forEach(
        (name, d) -> {
          if (d.isNegative()) {
            throw new InvalidArgumentException("the " + name + " stage took a negative time: " + d);
          }
        });
  }
}
