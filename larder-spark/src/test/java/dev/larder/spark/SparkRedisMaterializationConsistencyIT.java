package dev.larder.spark;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.MaterializationConsistencyContract;
import java.util.stream.Collectors;

/**
 * The materialization consistency suite (online values after a materialization equal the
 * point-in-time values at its end) on the Spark engine in {@code local[2]} with the Redis online
 * store (at {@code LARDER_TEST_REDIS}), so the rows are written by Spark's executors ({@link
 * ExecutorMaterialization}) and read back by the driver's point-in-time join. An IT: every
 * repository of the suite starts and stops a Spark session of its own.
 */
class SparkRedisMaterializationConsistencyIT extends MaterializationConsistencyContract {
  @Override
  protected BackendSetup backends() {
    String conf =
        LocalSpark.CONF.entrySet().stream()
            .map(e -> e.getKey() + ": '" + e.getValue() + "'")
            .collect(Collectors.joining(", "));
    return BackendSetup.of(BackendSetup.Registry.SQLITE, BackendSetup.Online.REDIS)
        .withOfflineStore("{type: spark, spark_conf: {" + conf + "}}");
  }
}
