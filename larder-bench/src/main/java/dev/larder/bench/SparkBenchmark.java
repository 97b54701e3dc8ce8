package dev.larder.bench;

import dev.larder.bench.PitJoinBenchmark.Command;
import dev.larder.testkit.TestSparkCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.RedisClient;

/**
 * The Spark offline engine beside DuckDB on the same data in the same run (issue #10 item 9), each
 * as a user runs it, the whole {@code bin/larder} command as a child process:
 *
 * <ul>
 *   <li>the point-in-time join of {@link PitJoinBenchmark} (1M entity rows × 10M feature rows × 20
 *       features, Parquet to Parquet) with {@code offline_store: {type: duckdb}}, then with Spark
 *       in local mode ({@code local[1]}, {@code local[2]}: the CLI's JVM is driver and executor, 1
 *       GiB of heap) and on a standalone master and worker of the bench's own on 127.0.0.1
 *       (separate JVMs, {@link TestSparkCluster}; executors of 1 GiB, first one core, then two);
 *       every Spark output is compared with DuckDB's row by row;
 *   <li>a materialization of the same 10M-row source (its latest row of each of the 1M keys) into
 *       Redis, from DuckDB and from Spark {@code local[2]}, each into a project of its own; then
 *       the two projects' keys are counted and a sample of hashes compared.
 * </ul>
 *
 * <p>No target but completing with 1 GiB per executor: the figures are ratios to DuckDB and how
 * Spark's time changes from one core to two. Needs the Spark plugin ({@code bin/larder plugin
 * install spark}, which {@code bench/run spark} runs first) and Redis (as the Redis benchmarks).
 */
final class SparkBenchmark {
  private static final String DUCKDB_OPTS = PitJoinBenchmark.JAVA_OPTS;

  /** The heap of a local-mode CLI, which runs Spark's one executor: the 1 GiB per executor. */
  private static final String LOCAL_OPTS = "-Xmx1g";

  private static final String EXECUTOR_MEMORY = "1g";
  private static final String PROJECT_DUCKDB = "larder_bench_spark_duckdb";
  private static final String PROJECT_SPARK = "larder_bench_spark_spark";
  private static final int COMPARED_HASHES = 1_000;
  private static final Path TIME = Path.of("/usr/bin/time");

  private final Path home;
  private final PitJoinData data;
  private final BenchRedis redis;
  private final Path dir;
  private final List<String> notes = new ArrayList<>();

  SparkBenchmark(Path home, Path scratch, BenchRedis redis) {
    this.home = home;
    this.data = PitJoinData.in(scratch);
    this.redis = redis;
    this.dir = data.dir().resolve("spark");
  }

  /** Lines to print under the table. */
  List<String> notes() {
    return notes;
  }

  /** Prepares data and repositories, runs every command and checks their outputs. */
  List<BenchMain.Row> run() throws IOException, SQLException, InterruptedException {
    redis.requireReachable();
    Path lib = home.resolve("plugins/spark/lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "the Spark benchmark needs the Spark plugin in "
              + lib
              + "; install it with: bin/larder plugin install spark");
    }
    long start = System.nanoTime();
    boolean generated = data.prepareParquet();
    note(
        "data in %s (%s, %.0f s)",
        data.dir(), generated ? "generated now" : "cached", (System.nanoTime() - start) / 1e9);
    Files.createDirectories(dir);
    check(command(dir, Map.of(), null, "--version"), "bin/larder --version");

    List<BenchMain.Row> rows = new ArrayList<>();
    Path duckRepo = repo("duckdb", PROJECT_DUCKDB, "{type: duckdb}");
    Command.Result duck = historical(duckRepo, DUCKDB_OPTS, "DuckDB");
    if (duck.exit() != 0) {
      return List.of(failedRow("PIT join 1M x 10M x 20, DuckDB", duck));
    }
    String baseline = "DuckDB " + seconds(duck.seconds());
    String target = "completes with 1 GiB per executor";

    Map<String, Double> sparkSeconds = new LinkedHashMap<>();
    for (String master : List.of("local[1]", "local[2]")) {
      Path repo =
          repo(master.replaceAll("[^0-9a-z]", ""), PROJECT_SPARK, sparkSection(master, Map.of()));
      Command.Result r = historical(repo, LOCAL_OPTS, "Spark " + master);
      String name = "PIT join, Spark " + master + " (-Xmx1g)";
      rows.add(pitRow(name, repo, r, duck, baseline, target));
      if (r.exit() == 0) {
        sparkSeconds.put(master, r.seconds());
      }
    }
    try (TestSparkCluster cluster =
        TestSparkCluster.builder().pluginLib(lib).cores(2).workerMemory("2g").start()) {
      note("standalone cluster: %s, one worker of 2 cores and 2 GiB", cluster.masterUrl());
      for (int cores : new int[] {1, 2}) {
        Map<String, String> conf = new LinkedHashMap<>(cluster.clientConf());
        conf.put("spark.executor.memory", EXECUTOR_MEMORY);
        conf.put("spark.executor.cores", Integer.toString(cores));
        conf.put("spark.cores.max", Integer.toString(cores));
        Path repo = repo("cluster" + cores, PROJECT_SPARK, sparkSection(null, conf));
        String label = "Spark standalone, 1 executor x " + cores + " core" + (cores > 1 ? "s" : "");
        Command.Result r = historical(repo, LOCAL_OPTS, label);
        rows.add(pitRow("PIT join, " + label, repo, r, duck, baseline, target));
        if (r.exit() == 0) {
          sparkSeconds.put("cluster " + cores, r.seconds());
        }
      }
    }
    scaling(sparkSeconds, "local[1]", "local[2]");
    scaling(sparkSeconds, "cluster 1", "cluster 2");
    rows.addAll(materialize(duckRepo));
    return rows;
  }

  private void scaling(Map<String, Double> seconds, String one, String two) {
    if (seconds.containsKey(one) && seconds.containsKey(two)) {
      note(
          "scaling: %s %.1f s -> %s %.1f s, %.2fx the speed with twice the cores",
          one, seconds.get(one), two, seconds.get(two), seconds.get(one) / seconds.get(two));
    }
  }

  /** Materializes the source into Redis from DuckDB, then from Spark local[2]; compares. */
  private List<BenchMain.Row> materialize(Path duckRepo)
      throws IOException, SQLException, InterruptedException {
    Path sparkRepo = dir.resolve("local2");
    String name = "materialize 10M rows (1M keys) to Redis, Spark local[2]";
    try (RedisClient client = redis.client()) {
      deleteKeys(client, PROJECT_DUCKDB);
      deleteKeys(client, PROJECT_SPARK);
      Command.Result duck = materialize(duckRepo, DUCKDB_OPTS, "DuckDB");
      Command.Result spark = materialize(sparkRepo, LOCAL_OPTS, "Spark local[2]");
      List<BenchMain.Row> rows = new ArrayList<>();
      if (duck.exit() != 0 || spark.exit() != 0) {
        rows.add(failedRow(name, duck.exit() != 0 ? duck : spark));
        return rows;
      }
      long keys = PitJoinData.KEYS;
      note(
          "materialize: DuckDB %.1f s (%,.0f keys/s, peak RSS %s), Spark local[2] %.1f s (%,.0f"
              + " keys/s, peak RSS %s)",
          duck.seconds(),
          keys / duck.seconds(),
          mib(duck.peakRssKib()),
          spark.seconds(),
          keys / spark.seconds(),
          mib(spark.peakRssKib()));
      compareProjects(client);
      rows.add(
          new BenchMain.Row(
              name,
              seconds(spark.seconds()),
              "DuckDB " + seconds(duck.seconds()),
              spark.seconds() / duck.seconds(),
              "completes with 1 GiB per executor"));
      return rows;
    } finally {
      try (RedisClient client = redis.client()) {
        long left = deleteKeys(client, PROJECT_DUCKDB) + deleteKeys(client, PROJECT_SPARK);
        note("materialize: both projects' keys deleted from %s (%,d keys)", redis, left);
      }
    }
  }

  /** Key counts of both projects and {@value #COMPARED_HASHES} hashes compared field by field. */
  private void compareProjects(RedisClient client) {
    List<byte[]> duckKeys = redis.projectKeys(client, PROJECT_DUCKDB);
    List<byte[]> sparkKeys = redis.projectKeys(client, PROJECT_SPARK);
    byte[] duckSuffix = PROJECT_DUCKDB.getBytes(StandardCharsets.UTF_8);
    byte[] sparkSuffix = PROJECT_SPARK.getBytes(StandardCharsets.UTF_8);
    int step = Math.max(1, duckKeys.size() / COMPARED_HASHES);
    int compared = 0;
    int differ = 0;
    for (int i = 0; i < duckKeys.size(); i += step) {
      byte[] key = duckKeys.get(i);
      byte[] entity = Arrays.copyOf(key, key.length - duckSuffix.length);
      byte[] other = Arrays.copyOf(entity, entity.length + sparkSuffix.length);
      System.arraycopy(sparkSuffix, 0, other, entity.length, sparkSuffix.length);
      if (!sameHash(client.hgetAll(key), client.hgetAll(other))) {
        differ++;
      }
      compared++;
    }
    note(
        "%s: %,d keys from DuckDB, %,d from Spark (expected %,d each); %,d sampled hashes compared"
            + " field by field, %,d differ",
        verdict(
            duckKeys.size() == PitJoinData.KEYS
                && sparkKeys.size() == PitJoinData.KEYS
                && compared > 0
                && differ == 0),
        duckKeys.size(),
        sparkKeys.size(),
        PitJoinData.KEYS,
        compared,
        differ);
  }

  private static boolean sameHash(Map<byte[], byte[]> a, Map<byte[], byte[]> b) {
    return a.size() == b.size() && printable(a).equals(printable(b));
  }

  private static Map<String, String> printable(Map<byte[], byte[]> hash) {
    return hash.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> Arrays.toString(e.getKey()),
                e -> Arrays.toString(e.getValue()),
                (x, y) -> x,
                java.util.TreeMap::new));
  }

  private long deleteKeys(RedisClient client, String project) {
    List<byte[]> keys = redis.projectKeys(client, project);
    for (int i = 0; i < keys.size(); i += 1_000) {
      client.del(keys.subList(i, Math.min(keys.size(), i + 1_000)).toArray(byte[][]::new));
    }
    return keys.size();
  }

  private Command.Result materialize(Path repo, String javaOpts, String label)
      throws IOException, InterruptedException {
    System.err.printf(Locale.ROOT, "spark: materialize with %s…%n", label);
    Command.Result r =
        command(
            repo,
            Map.of("LARDER_JAVA_OPTS", javaOpts),
            repo.resolve("time-materialize.txt"),
            "--repo",
            repo.toString(),
            "materialize",
            "2024-01-01",
            "2027-01-01");
    System.err.printf(Locale.ROOT, "spark: exit %d after %.1f s%n", r.exit(), r.seconds());
    if (r.exit() != 0) {
      note("materialize with %s FAILED (exit %d); stderr:", label, r.exit());
      r.stderrTail().forEach(line -> notes.add("    " + line));
    }
    return r;
  }

  private Command.Result historical(Path repo, String javaOpts, String label)
      throws IOException, InterruptedException, SQLException {
    Path output = repo.resolve("out.parquet");
    Files.deleteIfExists(output);
    System.err.printf(Locale.ROOT, "spark: get-historical-features with %s…%n", label);
    Command.Result r =
        command(
            repo,
            Map.of("LARDER_JAVA_OPTS", javaOpts),
            repo.resolve("time-historical.txt"),
            "--repo",
            repo.toString(),
            "get-historical-features",
            "--entity-df",
            data.entities().toString(),
            "--features",
            PitJoinData.featureReferences(),
            "--output",
            output.toString());
    System.err.printf(Locale.ROOT, "spark: exit %d after %.1f s%n", r.exit(), r.seconds());
    if (r.exit() != 0) {
      note("%s FAILED (exit %d); stderr:", label, r.exit());
      r.stderrTail().forEach(line -> notes.add("    " + line));
    } else {
      note(
          "%s: %.1f s = %,.0f entity rows/s, peak RSS of the command %s (%s)",
          label, r.seconds(), PitJoinData.ENTITY_ROWS / r.seconds(), mib(r.peakRssKib()), javaOpts);
    }
    return r;
  }

  /** The row of one Spark run, after its output is compared with DuckDB's. */
  private BenchMain.Row pitRow(
      String name, Path repo, Command.Result r, Command.Result duck, String baseline, String target)
      throws SQLException {
    if (r.exit() != 0) {
      return failedRow(name, r);
    }
    compareOutputs(dir.resolve("duckdb/out.parquet"), repo.resolve("out.parquet"));
    return new BenchMain.Row(
        name, seconds(r.seconds()), baseline, r.seconds() / duck.seconds(), target);
  }

  /** Row by row (by position), every column: how many rows of {@code actual} differ. */
  private void compareOutputs(Path expected, Path actual) throws SQLException {
    String e = "read_parquet(" + PitJoinData.literal(expected) + ", file_row_number = true)";
    String a = "read_parquet(" + PitJoinData.literal(actual) + ", file_row_number = true)";
    List<String> columns = new ArrayList<>(List.of(PitJoinData.JOIN_KEY, "event_timestamp"));
    columns.addAll(PitJoinData.featureNames());
    String differs =
        columns.stream()
            .map(c -> "e." + c + " IS DISTINCT FROM a." + c)
            .collect(Collectors.joining(" OR "));
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(e.file_row_number), count(a.file_row_number), count(*) FILTER (WHERE "
                    + differs
                    + ") FROM "
                    + e
                    + " e FULL JOIN "
                    + a
                    + " a USING (file_row_number)")) {
      rs.next();
      long rowsExpected = rs.getLong(1);
      long rowsActual = rs.getLong(2);
      long differ = rs.getLong(3);
      note(
          "%s: %s has %,d rows, DuckDB's %,d; %,d rows differ from DuckDB's in some column",
          verdict(
              rowsExpected == rowsActual && rowsActual == PitJoinData.ENTITY_ROWS && differ == 0),
          actual.getParent().getFileName(),
          rowsActual,
          rowsExpected,
          differ);
    }
  }

  private static BenchMain.Row failedRow(String name, Command.Result r) {
    return new BenchMain.Row(
        name, "FAILED (exit " + r.exit() + ")", "n/a", Double.NaN, "completes");
  }

  /**
   * A repository {@code dir/name} over the PIT data's source with {@code offline}, the Redis online
   * store and an online view; applied with {@code bin/larder apply}.
   */
  private Path repo(String name, String project, String offline)
      throws IOException, InterruptedException {
    Path repo = dir.resolve(name);
    Files.createDirectories(repo.resolve("data"));
    Files.deleteIfExists(repo.resolve("data/registry.db"));
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: "
            + project
            + "\nregistry: data/registry.db\nprovider: local\nonline_store: "
            + redis.onlineStoreYaml()
            + "\noffline_store: "
            + offline
            + "\nentity_key_serialization_version: 3\nauth: {type: none}\n");
    String features = Files.readString(data.repo().resolve("features.yaml"));
    Files.writeString(
        repo.resolve("features.yaml"),
        features
            .replace("path: ../features.parquet", "path: " + data.features())
            .replace("online: false", "online: true"));
    check(command(repo, Map.of(), null, "--repo", repo.toString(), "apply"), "apply in " + repo);
    return repo;
  }

  private static String sparkSection(String master, Map<String, String> conf) {
    Map<String, String> all = new LinkedHashMap<>();
    if (master != null) {
      all.put("spark.master", master);
      all.put("spark.ui.enabled", "false");
    }
    all.putAll(conf);
    return all.entrySet().stream()
        .map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
        .collect(Collectors.joining(", ", "{type: spark, spark_conf: {", "}}"));
  }

  private Command.Result command(
      Path workDir, Map<String, String> env, Path timeReport, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (timeReport != null && Files.isExecutable(TIME)) {
      command.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
    } else {
      timeReport = null;
    }
    command.add(home.resolve("bin/larder").toString());
    command.addAll(List.of(args));
    return Command.run(workDir, env, timeReport, command.toArray(String[]::new));
  }

  private static void check(Command.Result r, String what) {
    if (r.exit() != 0) {
      throw new IllegalStateException(
          what + " exited " + r.exit() + ": " + String.join("\n", r.stderrTail()));
    }
  }

  private void note(String format, Object... args) {
    notes.add(String.format(Locale.ROOT, format, args));
  }

  private static String verdict(boolean passed) {
    return passed ? "ok" : "MISMATCH";
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  private static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib / 1024);
  }
}
