package dev.larder.spark;

import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.repo.RepoConfig;
import dev.larder.testkit.EntityQueryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Entity rows from a query (--entity-sql) on Spark SQL, as the test kit's contract says. */
class SparkEntityQueryContractTest extends EntityQueryContract {
  private static SparkOfflineEngine owner;

  @BeforeAll
  static void startSpark(@TempDir Path anywhere) {
    owner = LocalSpark.start(anywhere);
  }

  @AfterAll
  static void stopSpark() {
    owner.close();
  }

  @Override
  protected String offlineStore() {
    return "{type: spark, spark_conf: {spark.master: \"local[2]\"}}";
  }

  @Override
  protected OfflineEngine openEngine(RepoConfig config) {
    return LocalSpark.on(owner, config.repoPath());
  }
}
