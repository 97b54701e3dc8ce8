package dev.larder.ml.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.ml.Blobs;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.model.ModelTrainer;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.FeatureSpec;
import dev.larder.ml.spec.ModelSpec;
import dev.larder.ml.transform.FeatureSelection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
  private static final TrainingData DATA = Blobs.generate(200, 4, 2, 1.0, 0.5, 3);

  @Test
  void foldsInParallelGiveTheSequentialSummary() {
    ModelSpec spec =
        ModelSpec.builder()
            .algorithm(Algorithm.LOGISTIC_REGRESSION)
            .crossValidationFolds(5)
            .build();
    ModelTrainer trainer = ModelTrainer.of(spec);
    assertThat(trainer.multiThreaded()).isFalse(); // so run() spreads its folds over the cores
    FeatureSelection selection =
        FeatureSelection.resolve(List.of(FeatureSpec.ALL_STANDARD), DATA.featureNames());
    int[] rows = IntStream.range(0, 200).toArray();

    CrossValidationSummary sequential =
        CrossValidation.run(selection, trainer, DATA.x(), DATA.y(), rows, 1);
    CrossValidationSummary parallel =
        CrossValidation.run(selection, trainer, DATA.x(), DATA.y(), rows, 3);

    assertThat(parallel.folds()).hasSize(5).isEqualTo(sequential.folds());
    assertThat(parallel.summary()).isEqualTo(sequential.summary());
    assertThat(CrossValidation.run(selection, trainer, DATA.x(), DATA.y(), rows).folds())
        .isEqualTo(sequential.folds());
  }
}
