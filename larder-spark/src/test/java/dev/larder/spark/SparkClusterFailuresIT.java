package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.LarderException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.testkit.TestSparkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures on a real standalone cluster ({@link TestSparkCluster}), with {@code
 * spark.task.maxFailures=1} as a user who wants failures fast would set it: an executor killed in
 * the middle of a join, and an executor out of memory, each end the request with one Larder error
 * naming the setting to change, in seconds, not a hang.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterFailuresIT {
  @RegisterExtension static final TestSparkCluster.Extension spark = TestSparkCluster.extension();

  private static final String DEFINITIONS =
      """
      entities:
        - name: sample
          join_keys: [sample_index]
          value_type: INT64
      sources:
        - name: slow
          type: spark
          query: "SELECT id % 1000 AS sample_index, timestamp_seconds(1700000000 + id) AS ts,
            sha2(CAST(id AS STRING), 512) AS v FROM range(0, 400000000)"
          timestamp_field: ts
        - name: huge
          type: spark
          query: "SELECT id AS sample_index, TIMESTAMP '2024-01-01 00:00:00' AS ts,
            repeat('x', 1500000000 + CAST(id AS INT)) AS v FROM range(0, 1)"
          timestamp_field: ts
      feature_views:
        - name: slow_rows
          entities: [sample]
          source: slow
          ttl: 0
          schema:
            - {name: v, dtype: String}
          online: false
        - name: huge_rows
          entities: [sample]
          source: huge
          ttl: 0
          schema:
            - {name: v, dtype: String}
          online: false
      """;

  private static Path repo;
  private static SparkOfflineEngine owner;

  @BeforeAll
  static void startApplication() throws Exception {
    repo = spark.cluster().dataDir().resolve("repo");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    Map<String, String> conf = new LinkedHashMap<>(spark.cluster().clientConf());
    conf.put("spark.task.maxFailures", "1");
    conf.put("spark.sql.shuffle.partitions", "2");
    conf.put("spark.sql.adaptive.enabled", "false");
    owner = SparkOfflineEngine.open(repo, new SparkSettings(conf));
  }

  @AfterAll
  static void stopApplication() {
    if (owner != null) {
      owner.close();
    }
  }

  @Test
  @Order(1)
  void anExecutorKilledMidJobEndsTheRequestWithAnErrorNamingMaxFailures() throws Exception {
    HistoricalRequest request = request("slow_rows:v");
    CompletableFuture<Object> join =
        CompletableFuture.supplyAsync(
            () -> owner.writeHistoricalFeatures(request, repo.resolve("slow.csv")));
    LarderException e;
    Instant killed;
    try {
      awaitRunningTask(Duration.ofSeconds(120));
      assertThat(join).as("the join is still running when the executors are killed").isNotDone();
      killed = Instant.now();
      List<ProcessHandle> executors = executors();
      assertThat(executors).as("the worker's executor processes").isNotEmpty();
      executors.forEach(ProcessHandle::destroyForcibly);
      e = failure(join, Duration.ofSeconds(120));
    } finally {
      owner.session().sparkContext().cancelAllJobs(); // a failed test leaves no job running
    }
    assertThat(e).isInstanceOf(BackendException.class);
    assertThat(e.getMessage())
        .startsWith("cannot join and write")
        .contains("Spark lost its executors more often than spark.task.maxFailures allows");
    assertThat(e.hint()).contains("spark.task.maxFailures");
    assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(60));
    assertThat(repo.resolve("slow.csv")).doesNotExist();
  }

  @Test
  @Order(2)
  void anExecutorOutOfMemoryEndsTheRequestWithAnErrorNamingExecutorMemory() throws Exception {
    HistoricalRequest request = request("huge_rows:v");
    CompletableFuture<Object> join =
        CompletableFuture.supplyAsync(
            () -> owner.writeHistoricalFeatures(request, repo.resolve("huge.csv")));
    LarderException e = failure(join, Duration.ofSeconds(180));
    assertThat(e).isInstanceOf(BackendException.class);
    assertThat(e.getMessage())
        .startsWith("cannot join and write")
        .endsWith("a Spark executor ran out of memory");
    assertThat(e.hint()).contains("spark.executor.memory");
    assertThat(repo.resolve("huge.csv")).doesNotExist();
  }

  private static HistoricalRequest request(String feature) {
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse(feature)),
            DefinitionLookup.of(DefinitionLoader.load(repo)),
            true);
    EntityRows rows =
        EntityRows.builder()
            .longs("sample_index", 1, 2, 3)
            .timestamps(
                EntityRows.EVENT_TIMESTAMP,
                Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"))
            .build();
    return new HistoricalRequest(rows, plan, true);
  }

  /**
   * Waits until a task of the application has been running on an executor for a few seconds (a task
   * still being launched when its executor dies does not count as a failure), or fails.
   */
  private static void awaitRunningTask(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    var tracker = owner.session().sparkContext().statusTracker();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      boolean running = false;
      for (int stage : tracker.getActiveStageIds()) {
        running |=
            tracker.getStageInfo(stage).map(i -> i.numActiveTasks() > 0).getOrElse(() -> false);
      }
      seen = running ? seen + 1 : 0;
      if (seen >= 30) { // 3 s of running tasks
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no task ran for 3 s within " + within);
  }

  /** The worker's live executor processes (the worker's children). */
  private static List<ProcessHandle> executors() {
    long worker = spark.cluster().pids().get(1);
    return ProcessHandle.of(worker).stream()
        .flatMap(ProcessHandle::descendants)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("CoarseGrainedExecutorBackend"))
                    .orElse(false))
        .toList();
  }

  /** The Larder error {@code join} ends with, within {@code within}. */
  private static LarderException failure(CompletableFuture<?> join, Duration within)
      throws Exception {
    assertThatThrownBy(() -> join.get(within.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LarderException.class);
    try {
      join.get();
      throw new AssertionError("unreachable");
    } catch (ExecutionException e) {
      return (LarderException) e.getCause();
    }
  }
}
