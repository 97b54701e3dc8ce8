package dev.larder.spark;

import dev.larder.core.repo.StoreConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code offline_store} section of a Spark engine.
 *
 * @param sparkConf the Spark settings of {@code spark_conf}, in file order
 */
record SparkSettings(Map<String, String> sparkConf) {
  SparkSettings {
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }

  /** The settings of a section that {@link SparkOfflineEngineFactory#configure} checked. */
  static SparkSettings of(StoreConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    Object value = config.options().get(SparkOfflineEngineFactory.SPARK_CONF);
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> conf.put(String.valueOf(k), String.valueOf(v)));
    }
    return new SparkSettings(conf);
  }
}
