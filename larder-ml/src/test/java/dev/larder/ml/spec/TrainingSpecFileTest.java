package dev.larder.ml.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSpecFileTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void noFileGivesTheDefaultsWhichTrainThroughTheFeatureStore() {
    TrainingSpec spec = TrainingSpecFile.resolve(null, TrainingOverrides.NONE);
    assertThat(spec).isEqualTo(TrainingSpec.defaults(TrainingSource.FEATURE_STORE));
  }

  @Test
  void readsEverySection() throws IOException {
    Path file =
        write(
            """
            source: feature-store
            data: {db: other.db, table: t}
            features:
              - {include: ["feature_1?"], scaling: min-max}
              - {include: feature_2, scaling: none}
            model:
              algorithm: random-forest
              hyperparameters: {n_estimators: 50, max_depth: 8}
              test_fraction: 0.25
              seed: 7
              stratified: false
              cv_folds: 5
            feature_store:
              repo_path: repo
              n_features: 12
              initialize_on_start: false
              force_recreate: true
              sample_indices: [3, 1, 2]
              timestamp: 2025-11-01T12:00:00+02:00
            """);
    TrainingSpec spec = TrainingSpecFile.resolve(file, TrainingOverrides.NONE);
    assertThat(spec.source()).isEqualTo(TrainingSource.FEATURE_STORE);
    assertThat(spec.db()).isEqualTo(Path.of("other.db"));
    assertThat(spec.table()).isEqualTo("t");
    assertThat(spec.features())
        .containsExactly(
            FeatureSpec.of(Scaling.MIN_MAX, "feature_1?"),
            FeatureSpec.of(Scaling.NONE, "feature_2"));
    assertThat(spec.model().algorithm()).isEqualTo(Algorithm.RANDOM_FOREST);
    assertThat(spec.model().intParam("n_estimators")).isEqualTo(50);
    assertThat(spec.model().intParam("max_depth")).isEqualTo(8);
    assertThat(spec.model().testFraction()).isEqualTo(0.25);
    assertThat(spec.model().seed()).isEqualTo(7);
    assertThat(spec.model().stratified()).isFalse();
    assertThat(spec.model().crossValidationFolds()).isEqualTo(5);
    FeatureStoreSpec fs = spec.featureStore();
    assertThat(fs.enabled()).isTrue();
    assertThat(fs.repoPath()).isEqualTo(Path.of("repo"));
    assertThat(fs.nFeatures()).isEqualTo(12);
    assertThat(fs.initializeOnStart()).isFalse();
    assertThat(fs.forceRecreate()).isTrue();
    assertThat(fs.sampleIndices()).containsExactly(3L, 1L, 2L);
    assertThat(fs.timestamp()).isEqualTo(Instant.parse("2025-11-01T10:00:00Z"));
  }

  @Test
  void commandLineOverridesTheFile() throws IOException {
    Path file =
        write(
            """
            source: feature-store
            model: {algorithm: random-forest, hyperparameters: {n_estimators: 10}}
            feature_store: {sample_indices: [1], timestamp: 2025-01-01}
            """);
    TrainingSpec spec =
        TrainingSpecFile.resolve(
            file,
            new TrainingOverrides(
                null,
                Path.of("x.db"),
                null,
                Algorithm.GRADIENT_BOOSTING,
                Path.of("elsewhere"),
                Instant.parse("2025-06-01T00:00:00Z"),
                List.of(5L, 6L),
                true));
    assertThat(spec.source()).isEqualTo(TrainingSource.FEATURE_STORE);
    assertThat(spec.db()).isEqualTo(Path.of("x.db"));
    assertThat(spec.model().algorithm()).isEqualTo(Algorithm.GRADIENT_BOOSTING);
    assertThat(spec.model().intParam("n_estimators")).isEqualTo(10);
    assertThat(spec.featureStore().repoPath()).isEqualTo(Path.of("elsewhere"));
    assertThat(spec.featureStore().sampleIndices()).containsExactly(5L, 6L);
    assertThat(spec.featureStore().timestamp()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(spec.featureStore().forceRecreate()).isTrue();
  }

  @Test
  void unknownKeysAreErrorsNamingTheKeyAndFile() throws IOException {
    Path file = write("model:\n  algoritm: random-forest\n");
    assertThatThrownBy(() -> TrainingSpecFile.resolve(file, TrainingOverrides.NONE))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'model.algoritm'")
        .hasMessageContaining("algorithm");
  }

  @Test
  void badValuesNameTheFieldAndRange() throws IOException {
    Path file = write("model: {test_fraction: 1.5}\n");
    assertThatThrownBy(() -> TrainingSpecFile.resolve(file, TrainingOverrides.NONE))
        .hasMessageContaining("model.test_fraction must be in (0, 1), got 1.5");
    Path typed = write("model: {seed: forty-two}\n");
    assertThatThrownBy(() -> TrainingSpecFile.resolve(typed, TrainingOverrides.NONE))
        .hasMessageContaining("model.seed must be a whole number");
    Path scaling = write("features: [{include: ['*'], scaling: zscore}]\n");
    assertThatThrownBy(() -> TrainingSpecFile.resolve(scaling, TrainingOverrides.NONE))
        .hasMessageContaining("features[0].scaling must be one of standard, min-max, none");
  }

  @Test
  void missingFileAndBrokenYamlAreClearErrors() throws IOException {
    assertThatThrownBy(
            () -> TrainingSpecFile.resolve(dir.resolve("nope.yaml"), TrainingOverrides.NONE))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope.yaml");
    Path broken = write("model: [unclosed\n");
    assertThatThrownBy(() -> TrainingSpecFile.resolve(broken, TrainingOverrides.NONE))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not valid YAML");
  }
}
