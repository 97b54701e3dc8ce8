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
 * started by {@code spark-submit}, which sets it. {@code staging_location} (Feast's key) is a
 * folder every executor can read where entity rows are staged for a request (default: a local
 * temporary folder, which executors on this machine or on a shared mount read); {@code region}
 * (Feast's key) sets {@code spark.hadoop.fs.s3a.endpoint.region} unless {@code spark_conf} sets it.
 */
public final class SparkOfflineEngineFactory implements OfflineEngineFactory {
  static final String SPARK_CONF = "spark_conf";
  static final String STAGING_LOCATION = "staging_location";
  static final String REGION = "region";

  @Override
  public String type() {
    return "spark";
  }

  @Override
  public List<String> aliases() {
    return List.of();
  }

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of(SPARK_CONF, STAGING_LOCATION, REGION));
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
    section.text(STAGING_LOCATION).ifPresent(location -> options.put(STAGING_LOCATION, location));
    section.text(REGION).ifPresent(region -> options.put(REGION, region));
    return section.config(options);
  }

  @Override
  public OfflineEngine open(RepoConfig config) {
    return SparkOfflineEngine.open(config.repoPath(), SparkSettings.of(config.offlineStore()));
  }
}
