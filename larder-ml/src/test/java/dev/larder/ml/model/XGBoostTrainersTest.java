package dev.larder.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.ml.Blobs;
import dev.larder.ml.spec.Algorithm;
import dev.larder.ml.spec.ModelSpec;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tribuo.common.xgboost.protos.XGBoostExternalModelProto;

/** The XGBoost forest and boosting trainers: determinism, the spec's options, the score maps. */
class XGBoostTrainersTest {
  private static final Fits FITS = Fits.of(Blobs.generate(300, 5, 2, 1.5, 0.4, 11));
  private static final Pattern LEAF_COVER = Pattern.compile("leaf=[^,]+,cover=([0-9.e+-]+)");

  private static ModelSpec.Builder forest() {
    return ModelSpec.builder().algorithm(Algorithm.RANDOM_FOREST);
  }

  private static ByteString boosterBytes(TrainedModel model) throws InvalidProtocolBufferException {
    return model
        .tribuoModel()
        .serialize()
        .getSerializedData()
        .unpack(XGBoostExternalModelProto.class)
        .getModel();
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"RANDOM_FOREST", "GRADIENT_BOOSTING"})
  void theSameSeedGivesTheSameBoosterAndAnotherSeedAnother(Algorithm algorithm)
      throws InvalidProtocolBufferException {
    ModelSpec.Builder a = ModelSpec.builder().algorithm(algorithm).seed(5);
    ModelSpec.Builder b = ModelSpec.builder().algorithm(algorithm).seed(5);
    ModelSpec.Builder c = ModelSpec.builder().algorithm(algorithm).seed(6);
    if (algorithm == Algorithm.GRADIENT_BOOSTING) {
      // row sampling makes the seed matter for boosting
      a.hyperParameter("subsample", 0.5);
      b.hyperParameter("subsample", 0.5);
      c.hyperParameter("subsample", 0.5);
    }
    for (ModelSpec.Builder builder : new ModelSpec.Builder[] {a, b, c}) {
      builder.hyperParameter("n_estimators", 20);
    }
    ByteString first = boosterBytes(FITS.train(a.build()));
    assertThat(boosterBytes(FITS.train(b.build()))).isEqualTo(first);
    assertThat(boosterBytes(FITS.train(c.build()))).isNotEqualTo(first);
  }

  /**
   * One tree on every row and every feature is a single CART tree: grown until its leaves are pure,
   * it gives each (distinct) training row its own label as P(class 1), which checks the forest's
   * score map (mean leaf share, not the sigmoid of the margin).
   */
  @Test
  void aOneTreeForestOnEveryRowIsACartTreeWithLeafShares() {
    ModelSpec spec =
        forest()
            .hyperParameter("n_estimators", 1)
            .hyperParameter("bootstrap", 0)
            .hyperParameter("max_features", 1.0)
            .hyperParameter("max_bins", 1024)
            .build();
    TrainedModel model = FITS.train(spec);
    double[] p = model.predictTransformed(FITS.trainX());
    int[] y = FITS.labels(FITS.split().trainRows());
    for (int i = 0; i < y.length; i++) {
      assertThat(p[i]).as("row %d", i).isCloseTo(y[i], within(1e-5));
    }
  }

  @Test
  void aForestsProbabilityIsTheMeanLeafShare() {
    TrainedModel model = FITS.train(forest().hyperParameter("n_estimators", 50).build());
    double[] p = model.predictProbability(FITS.rawTestX());
    // the sigmoid of the averaged margins would stay within sigmoid(±2) = [0.119, 0.881]
    assertThat(Arrays.stream(p).max().orElseThrow()).isGreaterThan(0.95);
    assertThat(Arrays.stream(p).min().orElseThrow()).isLessThan(0.05);
  }

  @Test
  void minSamplesLeafBoundsEveryLeafsSampledRows() throws XGBoostError {
    int minRows = 12;
    ModelSpec spec =
        forest()
            .hyperParameter("n_estimators", 10)
            .hyperParameter("min_samples_leaf", minRows)
            .build();
    Booster booster =
        new XGBoostRandomForestTrainer(spec, false)
            .boost(FITS.trainX(), FITS.labels(FITS.split().trainRows()));
    double smallest = Double.MAX_VALUE;
    int leaves = 0;
    for (String tree : booster.getModelDump("", true)) {
      Matcher m = LEAF_COVER.matcher(tree);
      while (m.find()) {
        smallest = Math.min(smallest, Double.parseDouble(m.group(1)));
        leaves++;
      }
    }
    assertThat(leaves).isGreaterThan(10); // the trees did split
    // cover is the leaf's summed hessian: a quarter per sampled row
    assertThat(smallest / 0.25).isGreaterThanOrEqualTo(minRows);
    assertThat(smallest / 0.25).isLessThan(2 * minRows);
  }

  @Test
  void bootstrapSamplesRowsAndItsAbsenceUsesEveryRow() {
    ModelSpec on = forest().build();
    ModelSpec off = forest().hyperParameter("bootstrap", 0).build();
    assertThat(new XGBoostRandomForestTrainer(on, false).parameters(5))
        .containsEntry("subsample", 0.632)
        .containsEntry("num_parallel_tree", 100)
        .containsEntry("lambda", 0.0)
        .containsEntry("base_score", 0.5);
    assertThat(new XGBoostRandomForestTrainer(off, false).parameters(5))
        .containsEntry("subsample", 1.0);
  }

  @Test
  void boostingStopsEarlyOnItsValidationShareWhenAsked() throws XGBoostError {
    int[] y = FITS.labels(FITS.split().trainRows());
    ModelSpec.Builder base =
        ModelSpec.builder()
            .algorithm(Algorithm.GRADIENT_BOOSTING)
            .hyperParameter("n_estimators", 300)
            .hyperParameter("learning_rate", 0.5);
    ModelSpec stopping = base.hyperParameter("early_stopping", 1).build();
    XGBoostGradientBoostingTrainer trainer = new XGBoostGradientBoostingTrainer(stopping, false);
    Booster stopped = trainer.boost(FITS.trainX(), y);
    assertThat(stopped.getModelDump("", false).length).isLessThan(300);

    ModelSpec auto =
        ModelSpec.builder()
            .algorithm(Algorithm.GRADIENT_BOOSTING)
            .hyperParameter("n_estimators", 30)
            .build();
    XGBoostGradientBoostingTrainer autoTrainer = new XGBoostGradientBoostingTrainer(auto, false);
    assertThat(autoTrainer.stopsEarly(10_000)).isFalse();
    assertThat(autoTrainer.stopsEarly(10_001)).isTrue();
    assertThat(autoTrainer.boost(FITS.trainX(), y).getModelDump("", false)).hasSize(30);
  }

  @Test
  void boostingDefaultsAreHistGradientBoostingClassifiers() {
    ModelSpec spec = ModelSpec.builder().algorithm(Algorithm.GRADIENT_BOOSTING).build();
    int[] y = {0, 1, 1, 1};
    assertThat(
            new XGBoostGradientBoostingTrainer(spec, false).parameters(y, new int[] {0, 1, 2, 3}))
        .containsEntry("eta", 0.1)
        .containsEntry("grow_policy", "lossguide")
        .containsEntry("max_leaves", 31)
        .containsEntry("max_depth", 0)
        .containsEntry("lambda", 0.0)
        .containsEntry("max_bin", 255)
        .containsEntry("base_score", 0.75)
        .containsEntry("tree_method", "hist");
    assertThat(spec.intParam("n_estimators")).isEqualTo(100);
    assertThat(spec.intParam("early_stopping")).isEqualTo(-1);
  }
}
