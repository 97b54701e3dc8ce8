package dev.larder.ml.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.registry.Registry;
import dev.larder.core.repo.RepoConfig;
import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.spec.FeatureStoreSpec;
import dev.larder.ml.spec.FeatureStoreSpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** initialize_on_start: first use exports, initialises and applies; later uses reuse. */
class FeatureStoreTrainingSourceTest {
  @TempDir Path work;
  final List<String> warnings = new ArrayList<>();
  final Path db = SampleDatabase.DEFAULT_PATH;

  @BeforeEach
  void onlyGenerateHasRun() {
    SampleDatabase.create(
        work.resolve(db),
        GeneratorOptions.defaults().withSamples(200),
        false,
        GenerationProgress.NONE);
  }

  private TrainingData load(FeatureStoreSpec spec) {
    return new FeatureStoreTrainingSource(
            work, db, SampleDatabase.TABLE, spec, warnings::add, Clock.systemUTC())
        .load();
  }

  private long revision() {
    try (Registry registry = Registry.open(RepoConfig.load(work.resolve("feature_repo")))) {
      return registry.snapshot().revision();
    }
  }

  @Test
  void firstUseExportsInitialisesAndAppliesThenReuses() throws IOException {
    FeatureStoreSpec spec = new FeatureStoreSpecBuilder().enable().build();
    TrainingData first = load(spec);
    assertThat(work.resolve("data/classification_data.parquet")).isRegularFile();
    assertThat(Files.readString(work.resolve("feature_repo/features.yaml")))
        .contains("path: ../data/classification_data.parquet");
    assertThat(revision()).isEqualTo(1);
    TrainingData direct = DirectLoader.load(work.resolve(db), SampleDatabase.TABLE);
    assertThat(first.y()).containsExactly(direct.y());
    assertThat(first.x()[199]).containsExactly(direct.x()[199]);

    FileTime exported = Files.getLastModifiedTime(work.resolve("data/classification_data.parquet"));
    load(spec);
    assertThat(revision()).as("reused, not applied again").isEqualTo(1);
    assertThat(Files.getLastModifiedTime(work.resolve("data/classification_data.parquet")))
        .isEqualTo(exported);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aNewerDatabaseIsExportedAgain() throws IOException {
    FeatureStoreSpec spec = new FeatureStoreSpecBuilder().enable().build();
    load(spec);
    SampleDatabase.create(
        work.resolve(db),
        GeneratorOptions.defaults().withSamples(200).withSeed(7),
        true,
        GenerationProgress.NONE);
    Files.setLastModifiedTime(work.resolve(db), FileTime.from(Instant.now().plusSeconds(60)));
    TrainingData again = load(spec);
    assertThat(warnings).singleElement().asString().contains("re-exported");
    TrainingData direct = DirectLoader.load(work.resolve(db), SampleDatabase.TABLE);
    assertThat(again.x()[0]).containsExactly(direct.x()[0]);
  }

  @Test
  void forceRecreateRebuildsTheRepository() throws IOException {
    load(new FeatureStoreSpecBuilder().enable().build());
    Path marker = work.resolve("feature_repo/stale.yaml.bak");
    Files.writeString(marker, "left from before");
    load(new FeatureStoreSpecBuilder().enable().setForceRecreate(true).build());
    assertThat(marker).doesNotExist();
    assertThat(revision()).isEqualTo(1);
  }

  @Test
  void theFeatureCountFollowsTheDatabase() throws IOException {
    SampleDatabase.create(
        work.resolve(db), new GeneratorOptions(100, 8, 2, 2, 42, 1), true, GenerationProgress.NONE);
    TrainingData data = load(new FeatureStoreSpecBuilder().enable().build());
    assertThat(data.features()).isEqualTo(8);
    assertThat(Files.readString(work.resolve("feature_repo/features.yaml")))
        .contains("feature_7")
        .doesNotContain("feature_8");
  }
}
