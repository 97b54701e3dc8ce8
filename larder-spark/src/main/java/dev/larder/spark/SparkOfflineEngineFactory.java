package dev.larder.spark;

import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link SparkOfflineEngine}: {@code offline_store: {type: spark, spark_conf: {…}}}
 * (DESIGN B9). {@code spark_conf} holds any Spark setting, its values strings or numbers; it must
 * name {@code spark.master} ({@code local[2]}, {@code spark://host:7077}, …) unless the process was
 * started by {@code spark-submit}, which sets it.
 */
public final class SparkOfflineEngineFactory implements OfflineEngineFactory {
  static final String SPARK_CONF = "spark_conf";

  @Override
  public String type() {
    return "spark";
  }

  @Override
  public List<String> aliases() {
    return List.of();
  }

  /**
   * The keys of Feast's {@code SparkOfflineStoreConfig} that Larder does not use, each with what
   * Larder does instead (accepted with one warning each).
   */
  static final Map<String, String> FEAST_ONLY =
      Map.of(
          "staging_location",
          "Larder streams results from the executors to the driver and writes them to --output,"
              + " with no staging copy",
          "region",
          "Larder stages nothing in S3; set S3 settings (spark.hadoop.fs.s3a.*) in spark_conf");

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of(SPARK_CONF), FEAST_ONLY);
    Map<String, String> conf =
        section.textMap(SPARK_CONF, "{spark.master: \"local[*]\", spark.executor.memory: 1g}");
    for (String key : conf.keySet()) {
      if (!key.startsWith("spark.")) {
        throw section.error(
            SPARK_CONF,
            "'"
                + key
                + "' is not a Spark setting (they start with 'spark.'); e.g. spark_conf:"
                + " {spark.master: \"local[*]\"}");
      }
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(SPARK_CONF, new LinkedHashMap<>(conf));
    return section.config(options);
  }

  @Override
  public OfflineEngine open(RepoConfig config) {
    return SparkOfflineEngine.open(config.repoPath(), SparkSettings.of(config.offlineStore()));
  }
}
