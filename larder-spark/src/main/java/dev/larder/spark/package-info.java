/**
 * The Spark offline engine ({@code offline_store: {type: spark, spark_conf: {…}}}, DESIGN B9):
 * {@link dev.larder.spark.SparkOfflineEngine}, made by {@link
 * dev.larder.spark.SparkOfflineEngineFactory} (listed for {@link java.util.ServiceLoader}).
 *
 * <p>The module is a plugin: {@code mvn package} assembles {@code target/larder-spark-plugin/lib}
 * (this module's jar and Spark's runtime dependencies, with Spark's own Jackson), which Larder
 * loads in a class loader of its own, {@code dev.larder.*} but this package coming from Larder's.
 * So only larder-core's types and the JDK's cross between this package and the rest of Larder;
 * Spark's classes never reach core, and core's Jackson never reaches Spark.
 */
package dev.larder.spark;
