package dev.larder.spark;

import dev.larder.core.BackendException;
import dev.larder.core.LarderException;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.online.OnlineStoreSection;
import dev.larder.core.online.OnlineViewSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Materialization from Spark's executors ({@link
 * dev.larder.core.offline.DistributedMaterialization}, DESIGN B6, B9): the latest row per key,
 * computed by the same query as {@link SparkLatestRows#latest}, stays partitioned on the executors,
 * and each task writes its partition into the online store itself ({@link ExecutorWrites}), all
 * partitions in parallel, as Feast's Spark materialization engine does; only one count per
 * partition comes back to the driver.
 *
 * <p>Offered for {@code online_store: {type: redis}} (one server or {@code redis_cluster}), which
 * every executor reaches over the network. Other stores (SQLite: a file on the driver's machine)
 * are written by the driver from {@link SparkOfflineEngine#pullLatest}.
 *
 * <p>A failure on an executor that Larder's own code raised (Redis unreachable, a refused password:
 * a {@link LarderException} of the store) comes back to the driver inside Spark's job failure and
 * is thrown as it is, so the CLI prints the same {@code error:} as when the driver writes.
 */
final class ExecutorMaterialization {
  /** The online store types whose stores the executors write. */
  static final Set<String> STORE_TYPES = Set.of("redis");

  private ExecutorMaterialization() {}

  static boolean writesTo(OnlineStoreSection store) {
    return STORE_TYPES.contains(store.type());
  }

  /** Runs the materialization of {@code request} into {@code store}; returns the rows written. */
  static long run(
      SparkSession spark,
      Path repo,
      LatestRequest request,
      OnlineStoreSection store,
      int batchSize) {
    SourceRows source = SourceRows.read(spark, repo, request.view().source());
    Dataset<Row> latest = SparkLatestRows.latest(SparkScan.open(source, request.view()), request);
    ExecutorWrites writes =
        new ExecutorWrites(
            store, ExecutorViewSchema.of(OnlineViewSchema.of(request.view())), batchSize);
    List<Long> counts;
    try {
      counts = latest.mapPartitions(writes, Encoders.LONG()).collectAsList();
    } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared
      throw failure(request, e);
    }
    return counts.stream().mapToLong(Long::longValue).sum();
  }

  /** A failed job as the error the driver would have given, or as Spark's failure. */
  static LarderException failure(LatestRequest request, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LarderException larder) {
        return larder;
      }
    }
    String what = "cannot materialize " + request.view().label() + " from the Spark executors";
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage());
      // A task whose function's class is missing fails to deserialize: Java leaves the
      // function a SerializedLambda (the executors of the IT without spark.jars said so)
      if ((t instanceof ClassNotFoundException
                  || t instanceof NoClassDefFoundError
                  || message.contains("ClassNotFoundException")
                  || message.contains("NoClassDefFoundError"))
              && (message.contains("dev.larder") || message.contains("dev/larder"))
          || message.contains("cannot assign instance of java.lang.invoke.SerializedLambda")) {
        return new BackendException(
            what
                + ": the executors cannot load Larder's classes ("
                + SparkFailures.firstLine(t)
                + ")",
            "Larder sends them with spark.jars from the Spark plugin's executor/ folder"
                + ExecutorJars.folder().map(f -> " (" + f + ")").orElse("")
                + "; install the plugin with 'bin/larder plugin install spark', or list the jars"
                + " of larder-spark, larder-core, larder-redis, jedis and commons-pool2 in"
                + " spark.jars of offline_store.spark_conf",
            e);
      }
    }
    return SparkFailures.translate(what, e);
  }
}
