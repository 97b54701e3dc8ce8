package dev.larder.spark;

import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.repo.RepoConfig;
import dev.larder.testkit.OfflineEngineContract;
import dev.larder.testkit.TestSparkCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline engine contract (every B5 golden case, random cases against the reference, latest
 * rows per key), its files compared with the DuckDB engine's, on a standalone master and worker
 * started as separate processes on 127.0.0.1 ({@link TestSparkCluster}): the joins run on the
 * worker's executors. One application serves every test of the class; the cluster is shared with
 * {@code SparkCliIT} and {@code SparkExecutorMaterializationIT} (the application stops after the
 * class).
 *
 * <p>This is the Spark engine's run of the contract. The same suite also ran on {@code local[2]} in
 * the unit tests (80 s of the test command): the same engine on the same cases, its tasks in the
 * test's JVM instead of an executor's. Its ten random cases (seeds 1,000,000 to 1,000,009, of which
 * this class ran the first five) run here now; local mode keeps its own tests ({@code
 * SparkEngineTest}, {@code SparkEntityQueryContractTest}, {@code SparkCliIT}).
 */
class SparkClusterOfflineEngineContractIT extends OfflineEngineContract {
  @RegisterExtension
  static final TestSparkCluster.Extension spark = TestSparkCluster.sharedExtension();

  private static SparkOfflineEngine owner;

  @BeforeAll
  static void startApplication(@TempDir Path anywhere) {
    Map<String, String> conf = new LinkedHashMap<>(spark.cluster().clientConf());
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.default.parallelism", "2");
    conf.put("spark.sql.adaptive.enabled", "false");
    owner = SparkOfflineEngine.open(anywhere, new SparkSettings(conf));
  }

  @AfterAll
  static void stopApplication() {
    if (owner != null) {
      owner.close();
    }
  }

  @Override
  protected String offlineStore() {
    return "{type: spark, spark_conf: {spark.master: \"" + spark.cluster().masterUrl() + "\"}}";
  }

  @Override
  protected OfflineEngine openEngine(RepoConfig config) {
    return LocalSpark.on(owner, config.repoPath());
  }

  @Override
  protected int propertyCases() {
    return Integer.getInteger("larder.spark.propertyCases", 10);
  }
}
