package sparkprobe;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Driver code of StandaloneSparkClusterIT, compiled by the test against the Spark plugin's jars and run in
 * the plugin's class loader: jobs that only executors on the cluster can run.
 */
public final class ClusterProbe implements Function<Map<String, String>, Map<String, String>> {
  /** Runs on an executor: which JVM it is. */
  public static final class WhichJvm implements MapFunction<Long, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Long id) {
      return ManagementFactory.getRuntimeMXBean().getName().split("@")[0]
          + " "
          + System.getProperty("sun.java.command", "?").split(" ")[0];
    }
  }

  @Override
  public Map<String, String> apply(Map<String, String> in) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(ClusterProbe.class.getClassLoader());
    SparkSession.Builder builder = SparkSession.builder().appName("StandaloneSparkClusterIT");
    in.forEach(
        (k, v) -> {
          if (k.startsWith("spark.")) {
            builder.config(k, v);
          }
        });
    SparkSession spark = builder.getOrCreate();
    try {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("master", spark.sparkContext().master());
      out.put("app", spark.sparkContext().applicationId());
      out.put("count", String.valueOf(spark.range(0, 1_000_000, 1, 4).count()));
      List<String> jvms =
          spark.range(0, 8, 1, 8).map(new WhichJvm(), Encoders.STRING()).collectAsList();
      out.put("executorJvms", String.join(",", new TreeSet<>(jvms)));
      Row read =
          spark.read().parquet(in.get("probe.parquet")).selectExpr("count(*)", "sum(v)").first();
      out.put("parquetRows", String.valueOf(read.getLong(0)));
      out.put("parquetSum", String.valueOf(read.get(1)));
      spark
          .range(0, 1000, 1, 4)
          .selectExpr("id", "id * 2 AS twice")
          .write()
          .parquet(in.get("probe.out"));
      Row back = spark.read().parquet(in.get("probe.out")).selectExpr("sum(twice)").first();
      out.put("writtenSum", String.valueOf(back.get(0)));
      out.put(
          "jackson",
          com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
      return out;
    } finally {
      spark.stop();
      thread.setContextClassLoader(before);
    }
  }
}
