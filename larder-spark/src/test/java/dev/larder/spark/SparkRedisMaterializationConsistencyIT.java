package dev.larder.spark;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.MaterializationConsistencyContract;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The materialization consistency suite (online values after a materialization equal the
 * point-in-time values at its end) on the Spark engine in {@code local[2]} with the Redis online
 * store (at {@code LARDER_TEST_REDIS}), so the rows are written by Spark's executors ({@link
 * ExecutorMaterialization}) and read back by the driver's point-in-time join. Each repository of
 * the suite opens its engine from {@code feature_store.yaml} as users do; the class holds one
 * session open meanwhile, which those engines find and share (as engines of one JVM do), so that
 * twelve repositories do not start and stop twelve sessions.
 */
class SparkRedisMaterializationConsistencyIT extends MaterializationConsistencyContract {
  private static SparkOfflineEngine keeper;

  @BeforeAll
  static void keepASession(@TempDir Path anywhere) {
    keeper = SparkOfflineEngine.open(anywhere, new SparkSettings(LocalSpark.CONF));
  }

  @AfterAll
  static void stopTheSession() {
    if (keeper != null) {
      keeper.close();
    }
  }

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
