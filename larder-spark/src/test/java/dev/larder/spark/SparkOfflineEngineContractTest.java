package dev.larder.spark;

import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.repo.RepoConfig;
import dev.larder.testkit.OfflineEngineContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline engine contract (B5 golden cases, random cases against the reference, latest rows per
 * key) on Spark {@code local[2]}, its files compared with the DuckDB engine's. Every test's engine
 * runs on one Spark session, which the class starts once.
 */
class SparkOfflineEngineContractTest extends OfflineEngineContract {
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

  @Override
  protected int propertyCases() {
    return Integer.getInteger("larder.spark.propertyCases", 10);
  }
}
