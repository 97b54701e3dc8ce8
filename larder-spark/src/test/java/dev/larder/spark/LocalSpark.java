package dev.larder.spark;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The test classes' Spark: one {@code local[2]} session per test class, small shuffles. */
final class LocalSpark {
  static final Map<String, String> CONF =
      Map.of(
          "spark.master", "local[2]",
          "spark.sql.shuffle.partitions", "2",
          "spark.default.parallelism", "2",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.sql.codegen.wholeStage", "false",
          "spark.sql.adaptive.enabled", "false");

  private LocalSpark() {}

  /** Starts the session (an engine that owns it; close it after the class). */
  static SparkOfflineEngine start(Path repo) {
    return SparkOfflineEngine.open(repo, new SparkSettings(CONF));
  }

  /** An engine for {@code repo} on the session of {@code owner}, which keeps the session. */
  static SparkOfflineEngine on(SparkOfflineEngine owner, Path repo) {
    SparkSession session = owner.session();
    return new SparkOfflineEngine(repo, session, false);
  }
}
