package dev.larder.spark;

import dev.larder.core.repo.StoreConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code offline_store} section of a Spark engine.
 *
 * @param sparkConf the Spark settings of {@code spark_conf}, in file order
 * @param stagingLocation {@code staging_location}: a folder every executor can read ({@code
 *     hdfs://…}, {@code s3a://…}, a shared mount) where entity rows are staged for a request, or
 *     {@code null} for a local temporary folder
 */
record SparkSettings(Map<String, String> sparkConf, String stagingLocation) {
  SparkSettings {
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }

  SparkSettings(Map<String, String> sparkConf) {
    this(sparkConf, null);
  }

  /** The settings of a section that {@link SparkOfflineEngineFactory#configure} checked. */
  static SparkSettings of(StoreConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    Object value = config.options().get(SparkOfflineEngineFactory.SPARK_CONF);
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> conf.put(String.valueOf(k), String.valueOf(v)));
    }
    Object region = config.options().get(SparkOfflineEngineFactory.REGION);
    if (region != null) {
      conf.putIfAbsent("spark.hadoop.fs.s3a.endpoint.region", String.valueOf(region));
    }
    Object staging = config.options().get(SparkOfflineEngineFactory.STAGING_LOCATION);
    return new SparkSettings(conf, staging == null ? null : String.valueOf(staging));
  }
}
