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
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostExternalModel;

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

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"RANDOM_FOREST", "GRADIENT_BOOSTING"})
  void treeModelsAreXGBoostBoostersWrappedByTribuo(Algorithm algorithm) {
    TrainedModel model = FITS.train(Fits.smallSpec(algorithm));
    assertThat(model.tribuoModel()).isInstanceOf(XGBoostExternalModel.class);
    assertThat(model.predictProbability(FITS.rawTestX())).hasSize(FITS.split().testRows().length);
    // feature importances, read by reports, name the model's features
    assertThat(model.tribuoModel().getTopFeatures(-1).get(Model.ALL_OUTPUTS))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(model.featureNames()).contains(f.getA()));
  }

  @Test
  void randomForestTriesScikitLearnsNumberOfFeaturesPerSplit() {
    assertThat(XGBoostRandomForestTrainer.featuresPerSplit(0, 20)).isEqualTo(4); // floor(sqrt(20))
    assertThat(XGBoostRandomForestTrainer.featuresPerSplit(0, 1)).isEqualTo(1);
    assertThat(XGBoostRandomForestTrainer.featuresPerSplit(0.5, 5)).isEqualTo(2);
    assertThat(XGBoostRandomForestTrainer.featuresPerSplit(0.01, 5)).isEqualTo(1);
    assertThat(XGBoostRandomForestTrainer.featuresPerSplit(1.0, 5)).isEqualTo(5);
    ModelSpec sqrt = ModelSpec.builder().algorithm(Algorithm.RANDOM_FOREST).build();
    // XGBoost keeps floor(colsample * 20) features: 4
    double colsample =
        (double) new XGBoostRandomForestTrainer(sqrt, false).parameters(20).get("colsample_bynode");
    assertThat((int) Math.floor(colsample * 20)).isEqualTo(4);
    ModelSpec bagging =
        ModelSpec.builder()
            .algorithm(Algorithm.RANDOM_FOREST)
            .hyperParameter("n_estimators", 5)
            .hyperParameter("max_features", 1.0)
            .build();
    assertThat(new XGBoostRandomForestTrainer(bagging, false).parameters(20))
        .containsEntry("colsample_bynode", 1.0);
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
      for (Algorithm algorithm : Algorithm.values()) {
        FITS.train(Fits.smallSpec(algorithm));
      }
      assertThat(records).isEmpty();
      assertThat(tribuo.getLevel()).isNull(); // restored

      Logger library = Logger.getLogger("org.tribuo.SomeTrainer");
      LibraryLogging quiet = LibraryLogging.quietUnless(false);
      library.info("dropped while quiet");
      quiet.close();
      LibraryLogging verbose = LibraryLogging.quietUnless(true);
      library.info("kept when verbose");
      verbose.close();
      assertThat(records).extracting(LogRecord::getMessage).containsExactly("kept when verbose");
      assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.INFO);
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
