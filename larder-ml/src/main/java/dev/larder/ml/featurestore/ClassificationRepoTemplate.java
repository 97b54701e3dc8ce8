package dev.larder.ml.featurestore;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.files.Directories;
import dev.larder.ml.data.ExportResult;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code classification} feature repository of the guide (DESIGN B4): entity {@code sample}
 * (join key {@code sample_index}), file source {@code classification_source}, feature view {@code
 * classification_features} with {@code feature_0 … feature_{n-1}} and {@code target}. The guide's
 * {@code create_sample_entity}, {@code create_classification_data_source} and {@code
 * create_classification_features(n_features)}, written as YAML.
 */
public final class ClassificationRepoTemplate {
  /** The configuration file of every repository. */
  public static final String CONFIG_FILE = "feature_store.yaml";

  /** The definitions file the template writes. */
  public static final String DEFINITIONS_FILE = "features.yaml";

  /** Where {@code larder init} puts the template's own sample data, relative to the repo. */
  public static final String INIT_DATA_PATH = "data/classification_data.parquet";

  public static final String ENTITY = "sample";
  public static final String JOIN_KEY = "sample_index";
  public static final String SOURCE = "classification_source";
  public static final String FEATURE_VIEW = "classification_features";
  public static final String LABEL = "target";

  private ClassificationRepoTemplate() {}

  /** The exact text of {@code feature_store.yaml} (DESIGN B3). */
  public static String configYaml() {
    return """
        project: classification
        registry: data/registry.db
        provider: local
        online_store: {type: sqlite, path: data/online_store.db}
        offline_store: {type: duckdb}
        entity_key_serialization_version: 3
        auth: {type: none}
        """;
  }

  /**
   * The exact text of {@code features.yaml} (DESIGN B4) for {@code nFeatures} features whose source
   * is the Parquet file or directory at {@code sourcePath} (relative to the repo).
   */
  public static String definitionsYaml(String sourcePath, int nFeatures) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        entities:
          - name: sample
            join_keys: [sample_index]
            value_type: INT64
            description: One generated sample
        sources:
          - name: classification_source
            type: file
        """);
    yaml.append("    path: ").append(sourcePath).append('\n');
    yaml.append(
        """
            timestamp_field: event_timestamp
            created_timestamp_column: created_timestamp
        feature_views:
          - name: classification_features
            entities: [sample]
            ttl: 0
            source: classification_source
            schema:
        """);
    for (int i = 0; i < nFeatures; i++) {
      yaml.append("      - {name: feature_").append(i).append(", dtype: Float64}\n");
    }
    yaml.append("      - {name: target, dtype: Int64}\n");
    yaml.append("    online: true\n");
    yaml.append("    description: ")
        .append(nFeatures)
        .append(" synthetic features for binary classification\n");
    return yaml.toString();
  }

  /**
   * Writes the configuration and definitions into {@code repo} (created if needed), replacing those
   * two files.
   */
  public static void writeDefinitions(Path repo, String sourcePath, int nFeatures) {
    try {
      Files.createDirectories(repo);
      Files.writeString(repo.resolve(CONFIG_FILE), configYaml());
      Files.writeString(repo.resolve(DEFINITIONS_FILE), definitionsYaml(sourcePath, nFeatures));
    } catch (IOException e) {
      throw new BackendException("could not write the feature repository " + repo, null, e);
    }
  }

  /**
   * {@code larder init}: a working repository in {@code repo} with its own sample data — a freshly
   * generated default sample database exported to {@code data/classification_data.parquet}. A
   * non-empty {@code repo} is an error unless {@code force}, which empties it first.
   *
   * @return the export of the template's data
   */
  public static ExportResult init(Path repo, boolean force) {
    prepare(repo, force);
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("larder-init");
      Path db = scratch.resolve("sample_data.db");
      GeneratorOptions options = GeneratorOptions.defaults();
      SampleDatabase.create(db, options, false, GenerationProgress.NONE);
      ExportResult export =
          ParquetExporter.export(db, SampleDatabase.TABLE, repo.resolve(INIT_DATA_PATH));
      writeDefinitions(repo, INIT_DATA_PATH, options.features());
      return export;
    } catch (IOException e) {
      throw new BackendException("could not initialise " + repo + ": " + e.getMessage(), null, e);
    } finally {
      if (scratch != null) {
        deleteScratch(scratch);
      }
    }
  }

  /** Makes {@code repo} ready for a template: absent or empty, or emptied with {@code force}. */
  static void prepare(Path repo, boolean force) {
    if (!Files.exists(repo)) {
      return;
    }
    if (!Files.isDirectory(repo)) {
      throw new AlreadyExistsException(
          repo + " exists and is not a directory", "Choose another directory for the repository");
    }
    try {
      if (Directories.isEmpty(repo)) {
        return;
      }
      if (!force) {
        throw new AlreadyExistsException(
            "directory " + repo + " is not empty",
            "Pass --force to replace its contents with a new repository, or choose another"
                + " directory");
      }
      Directories.deleteContents(repo);
    } catch (IOException e) {
      throw new BackendException("could not empty " + repo + ": " + e.getMessage(), null, e);
    }
  }

  private static void deleteScratch(Path scratch) {
    try {
      Directories.deleteTree(scratch);
    } catch (IOException e) {
      throw new BackendException("could not delete " + scratch + ": " + e.getMessage(), null, e);
    }
  }
}
