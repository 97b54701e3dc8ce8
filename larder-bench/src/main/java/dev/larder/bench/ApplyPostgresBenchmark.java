package dev.larder.bench;

import dev.larder.core.FeatureStore;
import dev.larder.core.files.Directories;
import dev.larder.core.registry.ApplyResult;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code apply} of the sample repository ({@code larder init}'s: entity {@code sample}, source
 * {@code classification_source}, view {@code classification_features} of 20 features and {@code
 * target}) with the PostgreSQL registry ({@code registry_type: sql}, {@link BenchPostgres}) against
 * the same with the SQLite registry ({@code data/registry.db}) in the same run (issue #9 sets no
 * target). The two repositories differ only in {@code feature_store.yaml}'s {@code registry}; both
 * keep the embedded SQLite online store and DuckDB. Their Parquet file has one column more than
 * {@code larder init}'s, {@value #ADDED_COLUMN}, which the definitions read only once changed.
 *
 * <p>In process, {@value #WARM_UP_ROUNDS} unreported rounds and then {@value #ROUNDS}, each
 * applying to both registries in turn (SQLite first in even rounds, PostgreSQL first in odd ones),
 * each time in a new copy of the repository (for PostgreSQL, a new schema that the store creates
 * and migrates): {@link FeatureStore#apply()} timed alone on a freshly opened store (the store
 * opens nothing before, so this is the first connection, for PostgreSQL the pool's start, the
 * schema's creation and its migrations), then a re-apply with nothing changed on the same store,
 * then an apply of the definitions with the feature {@value #ADDED_COLUMN} added to the view (a
 * compatible change: its version 2). For PostgreSQL, once that store is closed, also the first
 * apply of another project ({@value #OTHER_PROJECT}) into the same schema, already created and
 * migrated, on a new store (its own pool): what a team's second project pays, against the same
 * SQLite first apply. The p50 of each over the rounds.
 *
 * <p>As a user runs it, {@code bin/larder --repo REPO apply} of a new copy into an empty registry,
 * the whole command's wall time (JVM start included), after one unreported run of each, {@value
 * #COMMAND_RUNS} times each in turn, with {@code bin/larder --version} beside them as the JVM's
 * start.
 *
 * <p>Checked as it goes: a first apply commits revision 1, a re-apply commits nothing, the change
 * commits version 2 of the view and breaks nothing, a command exits 0 saying it applied revision 1.
 * The schemas ({@code larder_bench_apply_<run>_<n>}) are dropped at the end (by a shutdown hook
 * when the run is interrupted), and the database is then searched for any left.
 */
final class ApplyPostgresBenchmark {
  static final String SCHEMA_PREFIX = "larder_bench_apply_";

  static final int WARM_UP_ROUNDS = 3;
  static final int ROUNDS = 21;
  static final int COMMAND_RUNS = 7;

  private static final String TARGET = "no target set";
  private static final String SQLITE_REGISTRY = "registry: data/registry.db\n";
  private static final String PROJECT = "project: classification\n";
  private static final String OTHER_PROJECT = "classification_other";
  private static final String LAST_FEATURE = "      - {name: target, dtype: Int64}\n";
  private static final String ADDED_COLUMN = "feature_extra";
  private static final String ADDED_FEATURE =
      "      - {name: " + ADDED_COLUMN + ", dtype: Float64}\n";

  /** The two registries, in the order of even rounds. */
  private enum Kind {
    SQLITE("SQLite"),
    POSTGRES("PostgreSQL");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * What one in-process round gave one registry, in nanoseconds.
   *
   * @param first the first apply into an empty registry
   * @param again the re-apply with nothing changed
   * @param change the apply adding a feature
   * @param otherProject PostgreSQL only (else 0): the first apply of another project into the same
   *     schema, already created and migrated
   */
  private record Round(long first, long again, long change, long otherProject) {}

  /**
   * A repository of the benchmark's.
   *
   * @param path its folder
   * @param kind its registry's kind
   * @param registry the {@code registry} line of its {@code feature_store.yaml}
   */
  private record Repo(Path path, Kind kind, String registry) {}

  private final Path home;
  private final BenchPostgres postgres;
  private final boolean quick;
  private final String run;

  /** The schemas named so far; a shutdown hook reads it too. */
  private final List<String> schemas = new CopyOnWriteArrayList<>();

  private final List<String> notes = new ArrayList<>();
  private Path work;
  private Path template;
  private int repos;

  ApplyPostgresBenchmark(Path home, BenchPostgres postgres, boolean quick) {
    this.home = home;
    this.postgres = postgres;
    this.quick = quick;
    this.run = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).substring(0, 6);
  }

  /** Notes to print under the table: every measurement in full. */
  List<String> notes() {
    return notes;
  }

  List<BenchMain.Row> run() throws IOException, InterruptedException, SQLException {
    postgres.requireReachable();
    work = Files.createTempDirectory("larder-bench-apply");
    // An interrupted run (Ctrl-C, SIGTERM) drops its schemas too.
    Thread onInterrupt = new Thread(this::dropSchemasOnExit, "apply-postgres cleanup");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    boolean done = false;
    try {
      template = work.resolve("template");
      System.err.println("apply-postgres: larder init…");
      ClassificationRepoTemplate.init(template, false);
      addColumn(template.resolve(ClassificationRepoTemplate.INIT_DATA_PATH));
      List<BenchMain.Row> rows = new ArrayList<>(inProcess());
      rows.add(command());
      done = true;
      return rows;
    } finally {
      postgres.dropSchemas(schemas);
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // the JVM is exiting, and the hook drops them (again: IF EXISTS)
      }
      int left = postgres.schemasStartingWith(SCHEMA_PREFIX + run);
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: apply-postgres's %d schemas (%s%s_*) dropped from %s; %d left",
              left == 0 ? "check ok" : "CHECK FAILED",
              schemas.size(),
              SCHEMA_PREFIX,
              run,
              postgres,
              left));
      if (done) {
        Directories.deleteTree(work); // kept after a failure, for its repositories
      }
    }
  }

  /** The shutdown hook of an interrupted run. */
  private void dropSchemasOnExit() {
    try {
      postgres.dropSchemas(List.copyOf(schemas));
      System.err.println("apply-postgres: interrupted; its schemas were dropped");
    } catch (SQLException | RuntimeException e) {
      System.err.println(
          "apply-postgres: interrupted, and could not drop its schemas "
              + SCHEMA_PREFIX
              + run
              + "_*: "
              + e.getMessage());
    }
  }

  private List<BenchMain.Row> inProcess() throws IOException {
    int warmUp = quick ? 1 : WARM_UP_ROUNDS;
    int rounds = quick ? 2 : ROUNDS;
    System.err.printf(
        Locale.ROOT,
        "apply-postgres: in process, %d + %d rounds of SQLite and PostgreSQL in turn…%n",
        warmUp,
        rounds);
    long[][] first = new long[2][rounds];
    long[][] again = new long[2][rounds];
    long[][] change = new long[2][rounds];
    long[] otherProject = new long[rounds];
    for (int r = 0; r < warmUp + rounds; r++) {
      for (Kind kind : order(r)) {
        Round round = applyThree(newRepo(kind));
        if (r >= warmUp) {
          int i = kind.ordinal();
          first[i][r - warmUp] = round.first();
          again[i][r - warmUp] = round.again();
          change[i][r - warmUp] = round.change();
          if (kind == Kind.POSTGRES) {
            otherProject[r - warmUp] = round.otherProject();
          }
        }
      }
    }
    notes.add(
        "apply-postgres in process: "
            + warmUp
            + " unreported rounds, then "
            + rounds
            + ", each applying to SQLite and to PostgreSQL in turn (alternating which goes first),"
            + " each time in a new copy of the repository (PostgreSQL: a new schema); the figures"
            + " are p50s of FeatureStore.apply() alone; PostgreSQL at "
            + postgres);
    List<BenchMain.Row> rows = new ArrayList<>();
    rows.add(row("apply PG, first (empty registry), p50", first, "first apply"));
    double sqliteFirst = median(first[Kind.SQLITE.ordinal()]) / 1e6;
    double other = median(otherProject) / 1e6;
    notes.add(
        String.format(
            Locale.ROOT,
            "apply-postgres first apply in process of project %s into a schema already created and"
                + " migrated by another project's apply (each PostgreSQL round, after its three),"
                + " sorted: %s ms",
            OTHER_PROJECT,
            millisList(otherProject)));
    rows.add(
        new BenchMain.Row(
            "apply PG, first (schema migrated), p50",
            millis(other),
            "SQLite registry " + millis(sqliteFirst),
            other / sqliteFirst,
            TARGET));
    rows.add(row("apply PG, re-apply no change, p50", again, "no-change re-apply"));
    rows.add(row("apply PG, +1 feature (view v2), p50", change, "apply adding a feature"));
    return rows;
  }

  private BenchMain.Row row(String name, long[][] nanos, String what) {
    double sqlite = median(nanos[Kind.SQLITE.ordinal()]) / 1e6;
    double pg = median(nanos[Kind.POSTGRES.ordinal()]) / 1e6;
    for (Kind kind : Kind.values()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "apply-postgres %s in process, %s registry, sorted: %s ms",
              what,
              kind.label,
              millisList(nanos[kind.ordinal()])));
    }
    return new BenchMain.Row(
        name, millis(pg), "SQLite registry " + millis(sqlite), pg / sqlite, TARGET);
  }

  /**
   * Adds the column {@value #ADDED_COLUMN} (a copy of {@code feature_0}) to the Parquet file at
   * {@code parquet}, so that the changed definitions (which read it) pass apply's source check. The
   * definitions of the first apply, {@code larder init}'s, do not read it.
   */
  private static void addColumn(Path parquet) throws IOException {
    Path wider = parquet.resolveSibling("wider.parquet");
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT *, feature_0 AS "
              + ADDED_COLUMN
              + " FROM read_parquet("
              + PitJoinData.literal(parquet)
              + ")) TO "
              + PitJoinData.literal(wider)
              + " (FORMAT PARQUET)");
    } catch (SQLException e) {
      throw new IOException("could not add a column to " + parquet + ": " + e.getMessage(), e);
    }
    Files.move(wider, parquet, StandardCopyOption.REPLACE_EXISTING);
  }

  /** SQLite first in even rounds, PostgreSQL first in odd ones. */
  private static List<Kind> order(int round) {
    return round % 2 == 0
        ? List.of(Kind.SQLITE, Kind.POSTGRES)
        : List.of(Kind.POSTGRES, Kind.SQLITE);
  }

  /**
   * A new copy of the template repository whose registry is an empty one of {@code kind}: a new
   * SQLite file, or a new schema (not created: the store creates what its URL names).
   */
  private Repo newRepo(Kind kind) throws IOException {
    String registry = SQLITE_REGISTRY;
    if (kind == Kind.POSTGRES) {
      String schema = SCHEMA_PREFIX + run + "_" + (schemas.size() + 1);
      schemas.add(schema);
      registry = "registry: " + postgres.registryYaml(schema) + "\n";
    }
    return writeRepo(kind, registry, "classification");
  }

  /**
   * A new copy of the template repository of project {@code project} whose {@code
   * feature_store.yaml} has the line {@code registry} (with its newline).
   */
  private Repo writeRepo(Kind kind, String registry, String project) throws IOException {
    Path repo = work.resolve("repo-" + ++repos + "-" + kind.name().toLowerCase(Locale.ROOT));
    Path data = repo.resolve(ClassificationRepoTemplate.INIT_DATA_PATH);
    Files.createDirectories(data.getParent());
    Files.copy(template.resolve(ClassificationRepoTemplate.INIT_DATA_PATH), data);
    Files.copy(
        template.resolve(ClassificationRepoTemplate.DEFINITIONS_FILE),
        repo.resolve(ClassificationRepoTemplate.DEFINITIONS_FILE));
    String config = Files.readString(template.resolve(ClassificationRepoTemplate.CONFIG_FILE));
    if (!config.contains(SQLITE_REGISTRY) || !config.contains(PROJECT)) {
      throw new IllegalStateException(
          "unexpected feature_store.yaml of larder init (no "
              + SQLITE_REGISTRY.strip()
              + " or "
              + PROJECT.strip()
              + "):\n"
              + config);
    }
    config =
        config.replace(SQLITE_REGISTRY, registry).replace(PROJECT, "project: " + project + "\n");
    Files.writeString(repo.resolve(ClassificationRepoTemplate.CONFIG_FILE), config);
    return new Repo(repo, kind, registry);
  }

  /**
   * Times a first apply into the empty registry of {@code created}, a re-apply with nothing
   * changed, and an apply with one feature added to the view, on one store, checking what each did;
   * for PostgreSQL, once that store is closed (and the pool with it, so that the next store starts
   * its own), a first apply of another project into the same schema, on a new store.
   */
  private Round applyThree(Repo created) throws IOException {
    Path repo = created.path();
    Path definitions = repo.resolve(ClassificationRepoTemplate.DEFINITIONS_FILE);
    String text = Files.readString(definitions);
    if (!text.contains(LAST_FEATURE)) {
      throw new IllegalStateException(
          "unexpected features.yaml of larder init (no " + LAST_FEATURE.strip() + "):\n" + text);
    }
    long first;
    long again;
    long change;
    try (FeatureStore store = FeatureStore.open(repo)) {
      long t0 = System.nanoTime();
      ApplyResult applied = store.apply();
      first = System.nanoTime() - t0;
      check(applied.committed() && applied.revision() == 1, repo, "first apply", applied);
      long t1 = System.nanoTime();
      applied = store.apply();
      again = System.nanoTime() - t1;
      check(!applied.committed(), repo, "re-apply", applied);
      Files.writeString(definitions, text.replace(LAST_FEATURE, LAST_FEATURE + ADDED_FEATURE));
      long t2 = System.nanoTime();
      applied = store.apply();
      change = System.nanoTime() - t2;
      check(
          applied.committed()
              && applied.revision() == 2
              && applied.newVersions().size() == 1
              && applied.newVersions().get(0).number() == 2
              && applied.breakingViews().isEmpty(),
          repo,
          "apply adding a feature",
          applied);
    }
    if (created.kind() != Kind.POSTGRES) {
      return new Round(first, again, change, 0);
    }
    Path other = writeRepo(created.kind(), created.registry(), OTHER_PROJECT).path();
    try (FeatureStore store = FeatureStore.open(other)) {
      long t3 = System.nanoTime();
      ApplyResult applied = store.apply();
      long otherProject = System.nanoTime() - t3;
      check(applied.committed() && applied.revision() == 1, other, "first apply", applied);
      return new Round(first, again, change, otherProject);
    }
  }

  private static void check(boolean ok, Path repo, String what, ApplyResult result) {
    if (!ok) {
      throw new IllegalStateException(
          what
              + " in "
              + repo
              + " did not do what was expected: revision "
              + result.revision()
              + ", committed "
              + result.committed()
              + ", new versions "
              + result.newVersions().size()
              + ", breaking "
              + result.breakingViews());
    }
  }

  /**
   * {@code bin/larder --repo REPO apply} into an empty registry of each kind, whole command, in
   * turn, with {@code bin/larder --version} first in each run.
   */
  private BenchMain.Row command() throws IOException, InterruptedException {
    Path launcher = home.resolve("bin/larder");
    int warmUp = quick ? 0 : 1;
    int runs = quick ? 1 : COMMAND_RUNS;
    System.err.printf(
        Locale.ROOT,
        "apply-postgres: bin/larder apply, %d + %d runs of each in turn…%n",
        warmUp,
        runs);
    timeCommand(work, launcher.toString(), "--version"); // builds the jar if needed, untimed
    double[] version = new double[runs];
    double[][] apply = new double[2][runs];
    for (int r = 0; r < warmUp + runs; r++) {
      double v = timeCommand(work, launcher.toString(), "--version");
      double[] a = new double[2];
      for (Kind kind : order(r)) {
        Path repo = newRepo(kind).path();
        a[kind.ordinal()] =
            timeCommand(repo, launcher.toString(), "--repo", repo.toString(), "apply");
      }
      if (r >= warmUp) {
        version[r - warmUp] = v;
        apply[0][r - warmUp] = a[0];
        apply[1][r - warmUp] = a[1];
      }
    }
    double sqlite = median(apply[Kind.SQLITE.ordinal()]);
    double pg = median(apply[Kind.POSTGRES.ordinal()]);
    notes.add(
        String.format(
            Locale.ROOT,
            "apply-postgres bin/larder apply (first, whole command), %d unreported + %d runs each"
                + " in turn, sorted: SQLite registry %s s; PostgreSQL registry %s s; bin/larder"
                + " --version (JVM start) %s s, median %.2f s",
            warmUp,
            runs,
            secondsList(apply[Kind.SQLITE.ordinal()]),
            secondsList(apply[Kind.POSTGRES.ordinal()]),
            secondsList(version),
            median(version)));
    return new BenchMain.Row(
        "apply PG, first, bin/larder (median)",
        seconds(pg),
        "SQLite registry " + seconds(sqlite),
        pg / sqlite,
        TARGET);
  }

  /**
   * Runs {@code command} in {@code dir} and returns its wall time in seconds; an error with its
   * output when it fails or, for {@code apply}, does not say it applied revision 1.
   */
  private static double timeCommand(Path dir, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("larder-bench-apply", ".out");
    try {
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      int exit = p.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      String output = Files.readString(out, StandardCharsets.UTF_8);
      boolean apply = command[command.length - 1].equals("apply");
      if (exit != 0 || (apply && !output.contains("registry at revision 1"))) {
        throw new IllegalStateException(
            String.join(" ", command) + " in " + dir + " exited " + exit + ":\n" + output);
      }
      return seconds;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static String millisList(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    StringBuilder s = new StringBuilder();
    for (long n : sorted) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", n / 1e6));
    }
    return s.toString();
  }

  private static String secondsList(double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    StringBuilder s = new StringBuilder();
    for (double v : sorted) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return s.toString();
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }
}
