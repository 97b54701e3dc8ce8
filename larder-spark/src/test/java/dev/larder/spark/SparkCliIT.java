package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.testkit.TestSparkCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, as a user runs it: the {@code larder} command ({@code java -jar
 * larder.jar}, a process of its own that loads this module's plugin folder through {@code
 * larder.plugin.path}, as {@code bin/larder} does) on the sample repository of {@code larder init}
 * with {@code offline_store: {type: spark}} gives what it gives with DuckDB — {@code
 * get-historical-features} (its CSV byte for byte; Parquet results are compared by the engine
 * contract), {@code materialize} then {@code get-online-features}, and {@code train --source
 * feature-store} (the same metrics) — on {@code local[2]} and on a standalone master and worker
 * started as separate processes.
 */
class SparkCliIT {
  /** Shared with the other ITs that leave it as they found it: see the test that uses it. */
  @RegisterExtension
  static final TestSparkCluster.Extension spark = TestSparkCluster.sharedExtension();

  /** The CLI jar of larder-cli, built before this module in the reactor (failsafe sets it). */
  private static final String CLI_JAR_PROPERTY = "larder.cli.jar";

  private static final String FEATURES =
      "classification_features:feature_0,classification_features:feature_7,"
          + "classification_features:target";

  /** Entity rows out of order, a duplicate, one before any data (no match) and one far ahead. */
  private static final String ENTITIES =
      """
      sample_index,event_timestamp
      30,2026-01-01T00:00:00Z
      0,2025-11-01
      10,2025-11-01T12:00:00+02:00
      0,2025-11-01
      999,2099-01-01T00:00:00Z
      40,1990-01-01T00:00:00Z
      """;

  @TempDir static Path dir;

  private static Path cliJar;
  private static Path database;
  private static Path duckRepo;
  private static Outputs duck;

  /** What one repository's commands printed and wrote. */
  private record Outputs(String csv, String online, String metrics) {}

  @BeforeAll
  static void duckDbBaseline() throws Exception {
    String jar = System.getProperty(CLI_JAR_PROPERTY);
    cliJar = jar == null ? null : Path.of(jar);
    if (cliJar == null || !Files.isRegularFile(cliJar)) {
      String reason =
          "larder.jar is not built ("
              + cliJar
              + "); run the integration tests through the reactor: mvn -Pit verify";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(reason);
      }
      Assumptions.abort(reason);
    }
    TestSparkCluster.requirePlugin();
    database = dir.resolve("sample_data.db");
    larder(dir, "data", "generate", "--db", database.toString());
    duckRepo = dir.resolve("repo_duck");
    larder(dir, "init", duckRepo.toString());
    Files.writeString(dir.resolve("entities.csv"), ENTITIES);
    duck = run(duckRepo, false); // its CSV is the reference; nothing compares a Parquet file
    assertThat(duck.csv())
        .startsWith("sample_index,event_timestamp,feature_0,feature_7,target\n")
        .contains("\n40,1990-01-01T00:00:00Z,,,\n");
    assertThat(duck.metrics()).contains("accuracy");
  }

  @Test
  void localModeGivesDuckDbsResults() throws Exception {
    Path repo =
        sparkRepo(
            "repo_local",
            Map.of(
                "spark.master", "local[2]",
                "spark.ui.enabled", "false",
                "spark.sql.shuffle.partitions", "4"));
    assertSameAsDuckDb(run(repo, true));
  }

  @Test
  void standaloneClusterGivesDuckDbsResults() throws Exception {
    Map<String, String> conf = new LinkedHashMap<>(spark.cluster().clientConf());
    conf.put("spark.sql.shuffle.partitions", "4");
    // The cluster may have served other classes: the commands' applications are the new ones.
    Set<String> before = completedApps();
    // No Parquet output here: the driver writes the single file from the rows the CSV output
    // also gets (the same code as in local mode, above), and the contract IT compares the
    // cluster's Parquet files with DuckDB's.
    assertSameAsDuckDb(run(sparkRepo("repo_cluster", conf), false));
    Set<String> ran = new TreeSet<>(completedApps());
    ran.removeAll(before);
    assertThat(ran).as("applications the commands ran on the cluster").isNotEmpty();
  }

  /** The ids of the applications the master lists as completed. */
  private static Set<String> completedApps() throws IOException {
    Set<String> ids = new TreeSet<>();
    for (JsonNode app :
        new ObjectMapper().readTree(spark.cluster().masterState()).path("completedapps")) {
      ids.add(app.path("id").asText());
    }
    return ids;
  }

  private static void assertSameAsDuckDb(Outputs outputs) {
    assertThat(outputs.csv()).isEqualTo(duck.csv());
    assertThat(outputs.online()).isEqualTo(duck.online());
    assertThat(outputs.metrics()).isEqualTo(duck.metrics());
  }

  /** A copy of the DuckDB repository's definitions and data with {@code spark_conf}. */
  private static Path sparkRepo(String name, Map<String, String> sparkConf) throws IOException {
    Path repo = dir.resolve(name);
    Files.createDirectories(repo.resolve("data"));
    Files.copy(duckRepo.resolve("features.yaml"), repo.resolve("features.yaml"));
    Files.copy(
        duckRepo.resolve("data/classification_data.parquet"),
        repo.resolve("data/classification_data.parquet"));
    String conf =
        sparkConf.entrySet().stream()
            .map(e -> e.getKey() + ": '" + e.getValue() + "'")
            .collect(Collectors.joining(", "));
    String yaml = Files.readString(duckRepo.resolve("feature_store.yaml"));
    assertThat(yaml).contains("offline_store: {type: duckdb}");
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        yaml.replace(
            "offline_store: {type: duckdb}",
            "offline_store: {type: spark, spark_conf: {" + conf + "}}"));
    return repo;
  }

  /**
   * apply, get-historical-features (to CSV, and to Parquet when {@code parquet}), materialize,
   * get-online-features, train.
   */
  private static Outputs run(Path repo, boolean parquet) throws Exception {
    String r = repo.toString();
    larder(dir, "-r", r, "apply");
    Path csv = repo.resolve("training.csv");
    larder(
        dir,
        "-r",
        r,
        "get-historical-features",
        "--entity-df",
        "entities.csv",
        "--features",
        FEATURES,
        "--output",
        csv.toString());
    if (parquet) {
      Path file = repo.resolve("training.parquet");
      larder(
          dir,
          "-r",
          r,
          "get-historical-features",
          "--entity-df",
          "entities.csv",
          "--features",
          FEATURES,
          "--output",
          file.toString());
      assertThat(Files.size(file)).isPositive();
    }
    larder(dir, "-r", r, "materialize", "2000-01-01", "2030-01-01");
    String online =
        larder(
            dir,
            "-r",
            r,
            "get-online-features",
            "--features",
            FEATURES,
            "--entity",
            "sample_index=0,10,999");
    String train =
        larder(
            dir,
            "-r",
            r,
            "train",
            "--source",
            "feature-store",
            "--db",
            database.toString(),
            "--output",
            repo.resolve("run").toString());
    return new Outputs(Files.readString(csv), online, metrics(train));
  }

  /** The metrics table and confusion matrix of train's output (not its timings or run id). */
  private static String metrics(String trainOutput) {
    List<String> kept = new ArrayList<>();
    boolean inTable = false;
    for (String line : trainOutput.split("\n")) {
      if (line.startsWith("metric")) {
        inTable = true;
      }
      if (inTable) {
        kept.add(line);
      }
      if (line.startsWith("confusion matrix")) {
        break;
      }
    }
    return String.join("\n", kept);
  }

  /**
   * A task out of memory in local mode (the executor is the larder process) is one {@code error:}
   * line first on stderr and exit 3, not Spark's own exit code 52: a source row too big for the
   * heap.
   */
  @Test
  void localModeTaskOutOfMemoryIsAnErrorAndExit3() throws Exception {
    Path repo = dir.resolve("repo_oom");
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: oom
        registry: data/registry.db
        provider: local
        online_store: {type: sqlite, path: data/online_store.db}
        offline_store: {type: spark, spark_conf: {spark.master: "local[1]"}}
        """);
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - name: sample
            join_keys: [sample_index]
            value_type: INT64
        sources:
          - name: huge
            type: spark
            query: "SELECT 30L + id AS sample_index, TIMESTAMP '2025-01-01 00:00:00' AS ts,\
              repeat('x', 1500000000 + CAST(id AS INT)) AS blob FROM range(0, 1)"
            timestamp_field: ts
        feature_views:
          - name: huge_rows
            entities: [sample]
            source: huge
            ttl: 0
            schema:
              - {name: blob, dtype: String}
            online: false
        """);
    larder(dir, "-r", repo.toString(), "apply");
    Result r =
        runLarder(
            dir,
            List.of("-Xmx512m"),
            "-r",
            repo.toString(),
            "get-historical-features",
            "--entity-df",
            dir.resolve("entities.csv").toString(),
            "--features",
            "huge_rows:blob",
            "--output",
            dir.resolve("oom.csv").toString());
    assertThat(r.exit()).as("exit code; stderr:%n%s", r.stderr()).isEqualTo(3);
    assertThat(r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse(""))
        .startsWith("error: ")
        .contains("ran out of memory");
    assertThat(r.stderr()).contains("LARDER_JAVA_OPTS=-Xmx");
    assertThat(dir.resolve("oom.csv")).doesNotExist();
  }

  /** What a {@code larder} process did. */
  private record Result(int exit, String stdout, String stderr) {}

  /** Runs {@code java -jar larder.jar args} in {@code workDir}; its stdout, or a failure. */
  private static String larder(Path workDir, String... args) throws Exception {
    Result r = runLarder(workDir, List.of(), args);
    assertThat(r.exit())
        .as("larder %s\nstdout:\n%s\nstderr:\n%s", String.join(" ", args), r.stdout(), r.stderr())
        .isZero();
    return r.stdout();
  }

  /** Runs {@code java jvmOptions -jar larder.jar args} in {@code workDir}. */
  private static Result runLarder(Path workDir, List<String> jvmOptions, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlarder.plugin.path=" + TestSparkCluster.requirePlugin().getParent());
    command.add("-jar");
    command.add(cliJar.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("larder " + String.join(" ", args) + " did not finish in 10 min");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
