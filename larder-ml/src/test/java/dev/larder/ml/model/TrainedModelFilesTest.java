package dev.larder.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.ml.Blobs;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.Scaling;
import dev.larder.ml.transform.ColumnScaler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TrainedModelFilesTest {
  private static final Fits FITS = Fits.of(Blobs.separable(3));

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aSavedModelLoadsAndPredictsIdentically(Algorithm algorithm) {
    TrainedModel model = FITS.train(Fits.smallSpec(algorithm));
    model.save(dir);
    TrainedModel loaded = TrainedModel.load(dir);

    assertThat(loaded.predictProbability(FITS.rawTestX()))
        .isEqualTo(model.predictProbability(FITS.rawTestX()));
    assertThat(loaded.spec()).isEqualTo(model.spec());
    assertThat(loaded.features()).isEqualTo(model.features()); // scalers bit for bit
    assertThat(loaded.trainingRows()).isEqualTo(model.trainingRows());
    assertThat(dir.resolve("model.json")).isRegularFile();
    assertThat(dir.resolve("model.tribuo")).isRegularFile();
  }

  /**
   * A committed format-1 model directory keeps loading and predicting as it did. It was written by
   * {@code TrainedModel.save} for logistic regression (defaults) trained on all 60 rows of {@code
   * Blobs.generate(60, 3, 2, 2.0, 0.5, 5)}, features 0 and 1 standardised and feature 2 min-max
   * scaled; the probabilities below were printed at the time.
   */
  @Test
  void aFormatVersionOneModelStillLoads() throws URISyntaxException {
    Path fixture = Path.of(getClass().getResource("/models/v1/logistic-regression").toURI());
    TrainedModel model = TrainedModel.load(fixture);

    assertThat(model.algorithm()).isEqualTo(Algorithm.LOGISTIC_REGRESSION);
    assertThat(model.inputFeatureNames()).containsExactly("feature_0", "feature_1", "feature_2");
    assertThat(model.features().scalers())
        .extracting(ColumnScaler::scaling)
        .containsExactly(Scaling.STANDARD, Scaling.STANDARD, Scaling.MIN_MAX);
    double[][] rows = {{0, 10, 20}, {-1.5, 8, 25}, {2, 13, 19}};
    assertThat(model.predictProbability(rows))
        .containsExactly(0.5478034748287659, 0.06419869024140246, 0.9821080954394227);
  }

  /**
   * Committed tree models keep loading and predicting as they did. Each was written by {@code
   * TrainedModel.save} for its algorithm with {@code n_estimators} 10 (other hyper-parameters at
   * their defaults of the time), trained on the 60 rows of the logistic-regression fixture above,
   * all three features standardised; the probabilities were printed at the time. Format 1 holds a
   * Tribuo CART forest and a Tribuo-trained XGBoost model, format 2 Larder's XGBoost boosters.
   */
  @ParameterizedTest
  @CsvSource({
    "v1, random-forest, 0.5, 0.4, 1.0",
    "v1, gradient-boosting, 0.4216238856315613, 0.05207791179418564, 0.966117262840271",
    "v2, random-forest, 0.5, 0.0, 1.0",
    "v2, gradient-boosting, 0.2554823160171509, 0.22331884503364563, 0.8672759532928467"
  })
  void committedTreeModelsStillLoad(
      String version, String algorithm, double p0, double p1, double p2) throws URISyntaxException {
    Path fixture = Path.of(getClass().getResource("/models/" + version + "/" + algorithm).toURI());
    TrainedModel model = TrainedModel.load(fixture);

    assertThat(model.algorithm().id()).isEqualTo(algorithm);
    assertThat(model.hyperParameters()).containsEntry("n_estimators", 10.0);
    double[][] rows = {{0, 10, 20}, {-1.5, 8, 25}, {2, 13, 19}};
    assertThat(model.predictProbability(rows)).containsExactly(p0, p1, p2);
  }

  /** Hyper-parameters added after format 1 take the values format-1 boosting trained with. */
  @Test
  void formatOneBoostingReportsTheSettingsItWasTrainedWith() throws URISyntaxException {
    Path fixture = Path.of(getClass().getResource("/models/v1/gradient-boosting").toURI());
    assertThat(TrainedModel.load(fixture).hyperParameters())
        .containsEntry("learning_rate", 0.3)
        .containsEntry("max_depth", 6.0)
        .containsEntry("max_leaf_nodes", 0.0)
        .containsEntry("l2_regularization", 1.0)
        .containsEntry("max_bins", 256.0)
        .containsEntry("early_stopping", 0.0);
  }

  @Test
  void savingTwiceReplacesTheModel() {
    FITS.train(Fits.smallSpec(Algorithm.RANDOM_FOREST)).save(dir);
    TrainedModel second = FITS.train(Fits.smallSpec(Algorithm.LOGISTIC_REGRESSION));
    second.save(dir);
    assertThat(TrainedModel.load(dir).algorithm()).isEqualTo(Algorithm.LOGISTIC_REGRESSION);
  }

  @Test
  void aMissingModelIsNotFound() {
    assertThatThrownBy(() -> TrainedModel.load(dir.resolve("nothing")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("model.json is missing");
  }

  @Test
  void aNewerFormatVersionIsRefusedWithAHint() throws IOException {
    FITS.train(Fits.smallSpec(Algorithm.LOGISTIC_REGRESSION)).save(dir);
    Path json = dir.resolve("model.json");
    Files.writeString(
        json, Files.readString(json).replace("\"format_version\": 2", "\"format_version\": 9"));
    assertThatThrownBy(() -> TrainedModel.load(dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("version 9")
        .satisfies(e -> assertThat(((InvalidArgumentException) e).hint()).contains("upgrade"));
  }

  @Test
  void aCorruptTribuoFileIsReportedWithItsCause() throws IOException {
    FITS.train(Fits.smallSpec(Algorithm.LOGISTIC_REGRESSION)).save(dir);
    Files.write(dir.resolve("model.tribuo"), new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> TrainedModel.load(dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("model.tribuo")
        .hasCauseInstanceOf(Exception.class);
  }

  @Test
  void anOutOfRangeHyperParameterNamesTheFileAndTheField() throws IOException {
    FITS.train(Fits.smallSpec(Algorithm.LOGISTIC_REGRESSION)).save(dir);
    Path json = dir.resolve("model.json");
    Files.writeString(json, Files.readString(json).replace("\"c\": 1.0", "\"c\": -1.0"));
    assertThatThrownBy(() -> TrainedModel.load(dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("model.json is not a valid Larder model file")
        .hasMessageContaining("model.hyperparameters.c");
  }

  @Test
  void aMissingFieldIsNamed() throws IOException {
    FITS.train(Fits.smallSpec(Algorithm.LOGISTIC_REGRESSION)).save(dir);
    Path json = dir.resolve("model.json");
    Files.writeString(json, Files.readString(json).replace("\"input_features\"", "\"inputs\""));
    assertThatThrownBy(() -> TrainedModel.load(dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("the field 'input_features' is missing");
  }
}
