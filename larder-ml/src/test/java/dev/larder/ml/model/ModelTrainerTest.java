package dev.larder.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.Blobs;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.common.xgboost.XGBoostModel;

class ModelTrainerTest {
  private static final Fits FITS = Fits.of(Blobs.separable(7));

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyAlgorithmSeparatesSeparableData(Algorithm algorithm) {
    TrainedModel model = FITS.train(Fits.smallSpec(algorithm));
    double[] p = model.predictProbability(FITS.rawTestX());
    BinaryMetrics metrics = BinaryMetrics.evaluate(FITS.labels(FITS.split().testRows()), p);

    assertThat(metrics.accuracy()).isGreaterThan(0.85);
    assertThat(metrics.rocAuc()).isGreaterThan(0.9);
    assertThat(java.util.Arrays.stream(p).boxed())
        .allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    assertThat(model.algorithm()).isEqualTo(algorithm);
    assertThat(model.trainingRows()).isEqualTo(FITS.split().trainRows().length);
    assertThat(model.featureNames()).isEqualTo(FITS.data().featureNames());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void trainingIsDeterministicForASeed(Algorithm algorithm) {
    ModelSpec spec = Fits.smallSpec(algorithm);
    assertThat(FITS.train(spec).predictProbability(FITS.rawTestX()))
        .isEqualTo(FITS.train(spec).predictProbability(FITS.rawTestX()));
  }

  @Test
  void xgboostNativeLibraryLoadsOnThisMachine() {
    TrainedModel model = FITS.train(Fits.smallSpec(Algorithm.GRADIENT_BOOSTING));
    assertThat(model.tribuoModel()).isInstanceOf(XGBoostModel.class);
    assertThat(model.predictProbability(FITS.rawTestX())).hasSize(FITS.split().testRows().length);
  }

  @Test
  void randomForestTriesScikitLearnsNumberOfFeaturesPerSplit() {
    assertThat(CartRandomForestTrainer.featuresPerSplit(0, 20)).isEqualTo(4); // floor(sqrt(20))
    assertThat(CartRandomForestTrainer.featuresPerSplit(0, 1)).isEqualTo(1);
    assertThat(CartRandomForestTrainer.featuresPerSplit(0.5, 5)).isEqualTo(2);
    assertThat(CartRandomForestTrainer.featuresPerSplit(0.01, 5)).isEqualTo(1);
    assertThat(CartRandomForestTrainer.featuresPerSplit(1.0, 5)).isEqualTo(5);
    // every feature per split is plain bagging, which Tribuo's RandomForestTrainer rejects
    ModelSpec bagging =
        ModelSpec.builder()
            .algorithm(Algorithm.RANDOM_FOREST)
            .hyperParameter("n_estimators", 5)
            .hyperParameter("max_features", 1.0)
            .build();
    assertThat(FITS.train(bagging).predictProbability(FITS.rawTestX())).isNotEmpty();
  }

  @Test
  void trainingIsQuietUnlessVerbose() {
    Logger tribuo = Logger.getLogger("org.tribuo");
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    tribuo.addHandler(capture);
    boolean parentHandlers = tribuo.getUseParentHandlers();
    tribuo.setUseParentHandlers(false); // keep the verbose run's records off the console
    try {
      ModelSpec forest = Fits.smallSpec(Algorithm.RANDOM_FOREST);
      FITS.train(forest); // BaggingTrainer logs every tree at INFO
      assertThat(records).isEmpty();
      assertThat(tribuo.getLevel()).isNull(); // restored

      ModelTrainer.of(forest, true)
          .train(FITS.pipeline(), FITS.trainX(), FITS.labels(FITS.split().trainRows()));
      assertThat(records).extracting(LogRecord::getLevel).contains(Level.INFO);
    } finally {
      tribuo.removeHandler(capture);
      tribuo.setUseParentHandlers(parentHandlers);
    }
  }

  @Test
  void oneClassOrBadLabelsAreErrors() {
    double[][] x = FITS.trainX();
    ModelTrainer trainer = ModelTrainer.of(ModelSpec.defaults());
    assertThatThrownBy(() -> trainer.train(FITS.pipeline(), x, new int[x.length]))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("hold class 0 only");
    int[] bad = FITS.labels(FITS.split().trainRows());
    bad[3] = 5;
    assertThatThrownBy(() -> trainer.train(FITS.pipeline(), x, bad))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("training label 3 is 5");
  }
}
