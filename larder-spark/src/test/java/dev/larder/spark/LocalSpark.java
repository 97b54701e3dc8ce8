package dev.larder.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The unit tests' Spark: one {@code local[2]} session for the whole test JVM, small shuffles.
 *
 * <p>Starting a session costs seconds, so the first {@link #start} also opens a keeper engine that
 * holds the session until the JVM exits: each class's {@link #start} then opens its engine with
 * {@link SparkOfflineEngine#open} as before, which finds the running session ({@code getOrCreate})
 * and counts one more user, and the class's {@code close()} counts one less without stopping it.
 * Only for JVMs that run nothing but {@code local[2]}: a cluster's {@code getOrCreate} in the same
 * JVM would get this session (the integration tests, which also start clusters, never call it).
 */
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

  private static SparkOfflineEngine keeper;

  private LocalSpark() {}

  /** An engine that owns a share of the JVM's session (close it after the class). */
  static synchronized SparkOfflineEngine start(Path repo) {
    if (keeper == null || keeper.session().sparkContext().isStopped()) {
      Path anywhere;
      try {
        anywhere = Files.createTempDirectory("larder-local-spark-");
        anywhere.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SparkOfflineEngine kept = SparkOfflineEngine.open(anywhere, new SparkSettings(CONF));
      Runtime.getRuntime().addShutdownHook(new Thread(kept::close, "local-spark-stop"));
      keeper = kept;
    }
    return SparkOfflineEngine.open(repo, new SparkSettings(CONF));
  }

  /** An engine for {@code repo} on the session of {@code owner}, which keeps the session. */
  static SparkOfflineEngine on(SparkOfflineEngine owner, Path repo) {
    SparkSession session = owner.session();
    return new SparkOfflineEngine(repo, session, false);
  }
}
