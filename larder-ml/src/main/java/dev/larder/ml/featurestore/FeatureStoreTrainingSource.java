package dev.larder.ml.featurestore;

import dev.larder.core.BackendException;
import dev.larder.core.files.Directories;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.data.TrainingData;
import dev.larder.ml.data.TrainingDataSource;
import dev.larder.ml.spec.FeatureStoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The workflow's feature-store source, like the guide's {@code initialize_on_start}: in a directory
 * where only {@code larder data generate} has run, the first load exports the sample table to
 * {@code data/<table>.parquet}, writes the classification repository (source path relative to the
 * repo, feature count from the database) and applies it; later loads reuse both without applying
 * again, re-exporting when the database is newer than the Parquet file. {@code force_recreate}
 * rebuilds the repository. The database is needed only to export: without one, an existing
 * repository is trained from as it is (its applied view says the feature count), so {@code larder
 * train} works beside a repository made by {@code larder init} and applied.
 */
public final class FeatureStoreTrainingSource implements TrainingDataSource {
  private final Path workDir;
  private final Path db;
  private final String table;
  private final FeatureStoreSpec spec;
  private final Consumer<String> warnings;
  private final Clock clock;

  /**
   * @param workDir relative paths (the database, the repo, the export) resolve against it
   * @param db the sample database
   * @param table its table
   * @param spec the feature store spec (repo path, initialise, recreate, samples, time)
   * @param warnings where warnings go (re-export, dropped samples)
   * @param clock "now" when the spec gives no time
   */
  public FeatureStoreTrainingSource(
      Path workDir,
      Path db,
      String table,
      FeatureStoreSpec spec,
      Consumer<String> warnings,
      Clock clock) {
    this.workDir = workDir;
    this.db = workDir.resolve(db);
    this.table = table;
    this.spec = spec;
    this.warnings = warnings;
    this.clock = clock;
  }

  @Override
  public TrainingData load() {
    Path repo = workDir.resolve(spec.repoPath()).normalize();
    int features = spec.nFeatures();
    if (spec.initializeOnStart()) {
      boolean repoExists = Files.exists(repo.resolve(ClassificationRepoTemplate.CONFIG_FILE));
      features =
          Files.exists(db) || spec.forceRecreate() || !repoExists
              ? prepare(repo)
              : FeatureStoreTrainingData.appliedFeatureCount(repo);
    }
    try (FeatureStoreTrainingData manager =
        FeatureStoreTrainingData.create(repo, features, false, warnings, clock)) {
      return manager.getTrainingData(spec.sampleIndices(), spec.timestamp());
    }
  }

  @Override
  public String describe() {
    return "feature-store:"
        + spec.repoPath()
        + (spec.timestamp() == null ? "" : " as of " + IsoTimes.format(spec.timestamp()));
  }

  /** Exports and initialises what is missing or stale; returns the feature count. */
  private int prepare(Path repo) {
    int features = SampleDatabase.featureNames(db, table).size();
    Path parquet = workDir.resolve(ParquetExporter.defaultOutput(table)).normalize();
    try {
      if (!Files.exists(parquet)) {
        ParquetExporter.export(db, table, parquet);
      } else if (newer(db, parquet)) {
        ParquetExporter.export(db, table, parquet);
        warnings.accept("re-exported " + parquet + " because the database " + db + " is newer");
      }
      if (spec.forceRecreate() && Files.exists(repo)) {
        Directories.deleteTree(repo);
      }
      if (!Files.exists(repo.resolve(ClassificationRepoTemplate.CONFIG_FILE))) {
        String sourcePath = repo.relativize(parquet).toString().replace('\\', '/');
        ClassificationRepoTemplate.writeDefinitions(repo, sourcePath, features);
        try (FeatureStoreTrainingData manager =
            FeatureStoreTrainingData.create(repo, features, false, warnings, clock)) {
          manager.initialize();
        }
      }
    } catch (IOException e) {
      throw new BackendException("could not prepare the feature repository " + repo, null, e);
    }
    return features;
  }

  private static boolean newer(Path a, Path b) throws IOException {
    FileTime ta = Files.getLastModifiedTime(a);
    FileTime tb = Files.getLastModifiedTime(b);
    return ta.compareTo(tb) > 0;
  }
}
