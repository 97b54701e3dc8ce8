package dev.larder.bench;

import dev.larder.ml.data.DirectLoader;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.ml.featurestore.FeatureStoreTrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guide's feature-store training data (1000 samples × 20 features, as of now) through a manager
 * kept open across iterations, warm, in process, against its baseline in the same run: direct
 * loading of the same rows from the sample database the repository was exported from.
 *
 * <p>The trial's setup does what {@code larder train --source feature-store} does on first use:
 * generate the default sample database, export it to Parquet, write the repository's definitions
 * and initialise (apply) it. It also checks that both paths return the same {@code X} and {@code
 * y}, so the two figures measure the same work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeatureStoreBenchmark {
  /** Where the exported Parquet file lies, relative to the repository. */
  static final String SOURCE_PATH = "data/classification_data.parquet";

  private Path dir;
  private Path db;
  private FeatureStoreTrainingData manager;

  /** Generates the database, exports it, writes and applies the repository, opens the manager. */
  @Setup(Level.Trial)
  public void createRepository() throws IOException {
    dir = Files.createTempDirectory("larder-bench-fs");
    db = dir.resolve("sample_data.db");
    GeneratorOptions options = GeneratorOptions.defaults();
    SampleDatabase.create(db, options, false, GenerationProgress.NONE);
    Path repo = dir.resolve("feature_repo");
    ParquetExporter.export(db, SampleDatabase.TABLE, repo.resolve(SOURCE_PATH));
    ClassificationRepoTemplate.writeDefinitions(repo, SOURCE_PATH, options.features());
    manager =
        FeatureStoreTrainingData.create(
            repo,
            options.features(),
            true,
            w -> {
              throw new IllegalStateException("unexpected warning: " + w);
            },
            Clock.systemUTC());
    requireSame(DirectLoader.load(db, SampleDatabase.TABLE), manager.getTrainingData(null, null));
  }

  private static void requireSame(TrainingData direct, TrainingData store) {
    if (!Arrays.deepEquals(direct.x(), store.x())
        || !Arrays.equals(direct.y(), store.y())
        || !Arrays.equals(direct.sampleIndices(), store.sampleIndices())) {
      throw new IllegalStateException(
          "the feature store's X and y differ from direct loading's; the benchmark would compare"
              + " different work");
    }
  }

  /** Closes the manager and deletes the repository and the database. */
  @TearDown(Level.Trial)
  public void deleteRepository() throws IOException {
    if (manager != null) {
      manager.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The guide's {@code get_training_data()}: every sample, as of now. */
  @Benchmark
  public TrainingData featureStoreTrainingData() {
    return manager.getTrainingData(null, null);
  }

  /** Baseline: the guide's {@code load_data()} from the database the repository came from. */
  @Benchmark
  public TrainingData directLoad() {
    return DirectLoader.load(db, SampleDatabase.TABLE);
  }
}
