package dev.larder.bench;

import dev.larder.core.FeatureStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The point-in-time join of DESIGN Targets, as a user runs it: {@code bin/larder
 * get-historical-features} from Parquet (1M entity rows) against a Parquet source (10M rows × 20
 * features) into a Parquet file, the whole command as a child process with {@code
 * LARDER_JAVA_OPTS=-Xmx512m}: wall time, entity rows per second, peak resident memory. The baseline
 * in the same run is the bare DuckDB statement of the same join ({@link #bareStatement}: one {@code
 * COPY} of an ASOF LEFT JOIN in input order, in process through JDBC with DuckDB's default threads
 * and memory, the statement alone timed, in a JVM of its own, {@link BareDuckDb}); the two
 * alternate, best of {@value PitRounds#ROUNDS} ({@link PitRounds}). Pandas {@code merge_asof}
 * ({@code bench/pit_join_pandas.py}) is printed beside both, in named scopes ({@link
 * Pandas#describe}); without Debian's pandas it is reported unavailable.
 *
 * <p>The output is checked: 1M rows whose entity columns equal the input's row by row (input order
 * kept), every row equal to the bare statement's output (a key's event times are distinct, so the
 * ASOF pick is B5's), and every 1000th row equal to a brute-force SQL pick over the source and to
 * pandas'.
 */
final class PitJoinBenchmark {
  /** The heap the command gets, as the target demands. */
  static final String JAVA_OPTS = "-Xmx512m";

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final int SAMPLE_STEP = 1000;
  private static final double TOLERANCE = 1e-12;

  private final Path home;
  private final PitJoinData data;
  private final String label;
  private final int rounds;
  private final boolean withPandas;
  private final List<String> notes = new ArrayList<>();

  /** pit-join: 1M × 10M × 20, best of {@value PitRounds#ROUNDS}, pandas beside. */
  PitJoinBenchmark(Path home, Path scratch) {
    this(home, PitJoinData.in(scratch), "pit-join", PitRounds.ROUNDS, true);
  }

  private PitJoinBenchmark(
      Path home, PitJoinData data, String label, int rounds, boolean withPandas) {
    this.home = home;
    this.data = data;
    this.label = label;
    this.rounds = rounds;
    this.withPandas = withPandas;
  }

  /**
   * pit-join-large: 5M entity rows × 50M feature rows × 20 ({@link PitJoinData#LARGE}) with the
   * default 1 GiB DuckDB budget, best of {@value #LARGE_ROUNDS}; no pandas (its CSV copies would be
   * 20 GB and its join would hold the 50M rows in memory, which is not the question here).
   */
  static PitJoinBenchmark large(Path home, Path scratch) {
    return new PitJoinBenchmark(
        home, PitJoinData.in(scratch, PitJoinData.LARGE), "pit-join-large", LARGE_ROUNDS, false);
  }

  /** pit-join-large's rounds of each contender: each takes minutes, and it is a memory bound. */
  static final int LARGE_ROUNDS = 2;

  /** The scratch directory: {@code $LARDER_BENCH_DIR}, or {@code /tmp/larder-bench}. */
  static Path scratchDirectory() {
    String configured = System.getenv("LARDER_BENCH_DIR");
    return Path.of(configured == null || configured.isBlank() ? "/tmp/larder-bench" : configured);
  }

  /** Lines to print under the table: rows/s, memory, checks, what was skipped. */
  List<String> notes() {
    return notes;
  }

  /** Generates (or reuses) the data, runs the command and the baselines, checks the output. */
  BenchMain.Row run() throws IOException, SQLException, InterruptedException {
    long start = System.nanoTime();
    boolean generated = data.prepareParquet();
    note(
        "data in %s (%s, %.0f s): %,d entity rows, %,d feature rows (%,d keys x %d) x %d features",
        data.dir(),
        generated ? "generated now" : "cached",
        (System.nanoTime() - start) / 1e9,
        data.shape().entityRows(),
        data.shape().featureRows(),
        data.shape().keys(),
        data.shape().snapshots(),
        PitJoinData.FEATURES);
    try (FeatureStore store = FeatureStore.open(data.repo())) {
      store.apply();
    }
    Path launcher = home.resolve("bin/larder");
    Path output = data.dir().resolve("out.parquet");
    Path bareOutput = data.dir().resolve("bare-out.parquet");
    // Builds the CLI jar if it is stale, outside the timing.
    Command.Result version =
        Command.run(data.dir(), Map.of(), null, launcher.toString(), "--version");
    if (version.exit() != 0) {
      throw new IllegalStateException(
          launcher + " --version exited " + version.exit() + ": " + version.stderrTail());
    }
    String bareSql =
        bareStatement(
            data.entities(),
            List.of(data.features()),
            PitJoinData.JOIN_KEY,
            List.of(PitJoinData.featureNames()),
            bareOutput);
    note("bare DuckDB statement: %s", bareSql);
    PitRounds.Best[] best =
        PitRounds.alternate(
            () -> larderRun(launcher, output, data.repo(), data.entities(), featureArgs(), label),
            () -> {
              // A failed round may leave part of a file, which must not be checked against.
              Files.deleteIfExists(bareOutput);
              PitRounds.Run run = bareRun(data.dir(), bareSql, label);
              if (run.failed()) {
                Files.deleteIfExists(bareOutput);
              }
              return run;
            },
            label,
            rounds,
            notes);
    Optional<Pandas> pandas = withPandas ? runPandas() : Optional.empty();
    PitJoinData.Shape shape = data.shape();
    String name =
        String.format(
            Locale.ROOT,
            "PIT join %dM x %dM x %d, whole command",
            shape.entityRows() / 1_000_000,
            shape.featureRows() / 1_000_000,
            PitJoinData.FEATURES);
    String target =
        withPandas
            ? "<= 0.80 x bare DuckDB ASOF; peak RSS <= 1.5 GiB; -Xmx512m"
            : "completes; peak RSS <= 1.5 GiB (default 1 GiB DuckDB budget); -Xmx512m";
    BenchMain.Row row = report(notes, name, target, best, shape.entityRows());
    pandas.ifPresent(p -> notes.add(p.describe(best[0])));
    if (!withPandas) {
      note("pandas: not run for %s (its CSV copies would take 20 GB)", label);
    }
    if (!best[0].failed()) {
      verify(output, bareOutput, pandas);
    }
    return row;
  }

  /** The {@code --features} arguments of the command. */
  private static List<String> featureArgs() {
    return List.of("--features", PitJoinData.featureReferences());
  }

  /**
   * The table row and notes of a point-in-time benchmark: Larder's best round against the bare
   * statement's, every round, peak memory.
   */
  static BenchMain.Row report(
      List<String> notes, String name, String target, PitRounds.Best[] best, long entityRows) {
    PitRounds.Best larder = best[0];
    PitRounds.Best bare = best[1];
    if (bare.failed()) {
      notes.add("bare DuckDB statement FAILED:");
      bare.failure().detail().forEach(line -> notes.add("    " + line));
    } else {
      notes.add(
          String.format(
              Locale.ROOT,
              "bare DuckDB statement (in process, default threads and memory, statement alone):"
                  + " best %.2f s (rounds %s); its JVM's peak RSS %s",
              bare.seconds(),
              bare.roundsText(),
              mib(bare.peakRssKib())));
    }
    if (larder.failed()) {
      notes.add("larder get-historical-features FAILED:");
      larder.failure().detail().forEach(line -> notes.add("    " + line));
      return new BenchMain.Row(
          name,
          "FAILED",
          bare.failed() ? "n/a" : "bare DuckDB " + seconds(bare.seconds()),
          Double.NaN,
          target);
    }
    long limitKib = 3L * 512 * 1024;
    notes.add(
        String.format(
            Locale.ROOT,
            "larder (whole command, JVM start included): best %.2f s (rounds %s) = %,.0f entity"
                + " rows/s; peak RSS %s, %s 1.5 GiB (heap %s; DuckDB's memory lies outside the"
                + " heap)",
            larder.seconds(),
            larder.roundsText(),
            entityRows / larder.seconds(),
            mib(larder.peakRssKib()),
            larder.peakRssKib() >= 0 && larder.peakRssKib() <= limitKib ? "within" : "OVER",
            JAVA_OPTS));
    if (!bare.failed()) {
      double ratio = larder.seconds() / bare.seconds();
      notes.add(
          String.format(Locale.ROOT, "ratio larder / bare DuckDB: %.2f; target %s", ratio, target));
    }
    return new BenchMain.Row(
        name,
        seconds(larder.seconds()),
        bare.failed() ? "bare DuckDB FAILED" : "bare DuckDB ASOF " + seconds(bare.seconds()),
        bare.failed() ? Double.NaN : larder.seconds() / bare.seconds(),
        target);
  }

  /**
   * The baseline: one DuckDB statement joining each feature file with an ASOF LEFT JOIN on
   * the key and {@code e.event_timestamp >= f.event_timestamp}, in input order ({@code row_number()
   * OVER ()} of the entity file), copied to Parquet.
   */
  static String bareStatement(
      Path entities, List<Path> features, String key, List<List<String>> columns, Path output) {
    List<String> select = new ArrayList<>(List.of("e." + key, "e.event_timestamp"));
    StringBuilder joins = new StringBuilder();
    for (int v = 0; v < features.size(); v++) {
      String f = "f" + v;
      columns.get(v).forEach(c -> select.add(f + "." + c));
      joins
          .append(" ASOF LEFT JOIN ")
          .append(PitJoinData.literal(features.get(v)))
          .append(' ')
          .append(f)
          .append(" ON e.")
          .append(key)
          .append(" = ")
          .append(f)
          .append('.')
          .append(key)
          .append(" AND e.event_timestamp >= ")
          .append(f)
          .append(".event_timestamp");
    }
    return "COPY (SELECT "
        + String.join(", ", select)
        + " FROM (SELECT *, row_number() OVER () AS rn FROM "
        + PitJoinData.literal(entities)
        + ") e"
        + joins
        + " ORDER BY e.rn) TO "
        + PitJoinData.literal(output)
        + " (FORMAT PARQUET)";
  }

  /** One round of the bare statement, in a JVM of its own (see {@link BareDuckDb}). */
  static PitRounds.Run bareRun(Path dir, String sql, String label)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    Path timeReport = dir.resolve("time-v-bare.txt");
    boolean timed = Files.isExecutable(TIME);
    if (timed) {
      command.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    command.addAll(
        List.of(java.toString(), "-cp", absoluteClassPath(), BareDuckDb.class.getName(), sql));
    Command.Result result =
        Command.run(dir, Map.of(), timed ? timeReport : null, command.toArray(String[]::new));
    if (result.exit() != 0) {
      List<String> detail = new ArrayList<>();
      detail.add(label + ": bare DuckDB exited " + result.exit());
      detail.addAll(result.stderrTail());
      return PitRounds.Run.failed(detail);
    }
    double seconds = Double.NaN;
    for (String line : result.stdout()) {
      if (line.startsWith("seconds=")) {
        seconds = Double.parseDouble(line.substring("seconds=".length()));
      }
    }
    return new PitRounds.Run(seconds, result.peakRssKib(), false, List.of());
  }

  /** This JVM's class path with every entry absolute: the child runs in the data directory. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** One round of {@code bin/larder get-historical-features}, whole command, {@link #JAVA_OPTS}. */
  static PitRounds.Run larderRun(
      Path launcher, Path output, Path repo, Path entities, List<String> request, String label)
      throws IOException, InterruptedException {
    Files.deleteIfExists(output);
    Path dir = output.getParent();
    List<String> command = new ArrayList<>();
    boolean timed = Files.isExecutable(TIME);
    Path timeReport = dir.resolve("time-v.txt");
    if (timed) {
      command.addAll(List.of(TIME.toString(), "-v", "-o", timeReport.toString()));
    }
    command.addAll(
        List.of(
            launcher.toString(),
            "--repo",
            repo.toString(),
            "get-historical-features",
            "--entity-df",
            entities.toString()));
    command.addAll(request);
    command.addAll(List.of("--output", output.toString()));
    Command.Result result =
        Command.run(
            dir,
            Map.of("LARDER_JAVA_OPTS", JAVA_OPTS),
            timed ? timeReport : null,
            command.toArray(String[]::new));
    if (result.exit() != 0) {
      List<String> detail = new ArrayList<>();
      detail.add(
          String.format(
              Locale.ROOT,
              "%s: larder exited %d after %.1f s, peak RSS %s; stderr:",
              label,
              result.exit(),
              result.seconds(),
              mib(result.peakRssKib())));
      detail.addAll(result.stderrTail());
      return PitRounds.Run.failed(detail);
    }
    return new PitRounds.Run(result.seconds(), result.peakRssKib(), false, List.of());
  }

  /** Pandas' result: seconds of the join and of reading, peak memory. */
  record Pandas(double joinSeconds, double readSeconds, long peakRssKib, Path sample) {
    /**
     * Pandas beside Larder, in two scopes said by name: Larder's whole command (JVM start, read
     * Parquet, join, write Parquet) against pandas reading its CSV copies and joining (pandas
     * without pyarrow reads and writes no Parquet; interpreter start and writing not timed), and
     * against pandas' join alone (the figure an earlier version compared with, which favours
     * pandas).
     */
    String describe(PitRounds.Best larder) {
      String base =
          String.format(
              Locale.ROOT,
              "pandas merge_asof: read CSV + join %.2f s (read %.2f s, join alone %.2f s: sorts,"
                  + " merge_asof, back to input order); peak RSS %s",
              readSeconds + joinSeconds,
              readSeconds,
              joinSeconds,
              mib(peakRssKib));
      if (larder.failed()) {
        return base;
      }
      return base
          + String.format(
              Locale.ROOT,
              "; larder whole command / pandas read + join: %.2f (%.1fx faster); / pandas join"
                  + " alone: %.2f",
              larder.seconds() / (readSeconds + joinSeconds),
              (readSeconds + joinSeconds) / larder.seconds(),
              larder.seconds() / joinSeconds);
    }
  }

  private Optional<Pandas> runPandas() throws IOException, SQLException, InterruptedException {
    Path script = home.resolve("bench/pit_join_pandas.py");
    if (!Files.isExecutable(PYTHON)
        || Command.run(data.dir(), Map.of(), null, PYTHON.toString(), "-c", "import pandas").exit()
            != 0) {
      note(
          "baseline unavailable: %s cannot import pandas (apt-get install -y python3-pandas)",
          PYTHON);
      return Optional.empty();
    }
    data.prepareCsv();
    Path sample = data.dir().resolve("pandas-sample.csv");
    Files.deleteIfExists(sample);
    System.err.println(label + ": pandas merge_asof baseline…");
    Command.Result result =
        Command.run(
            data.dir(),
            Map.of(),
            null,
            PYTHON.toString(),
            script.toString(),
            data.dir().toString(),
            sample.toString());
    if (result.exit() != 0) {
      note("baseline FAILED: %s exited %d; stderr:", script, result.exit());
      result.stderrTail().forEach(line -> notes.add("    " + line));
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : result.stdout()) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return Optional.of(
        new Pandas(
            Double.parseDouble(values.get("join_seconds")),
            Double.parseDouble(values.get("read_seconds")),
            Long.parseLong(values.get("peak_rss_kib")),
            sample));
  }

  /**
   * Checks the output: row count and input order of the entity columns over all rows; every {@value
   * #SAMPLE_STEP}th row against a brute-force pick and against pandas.
   */
  private void verify(Path output, Path bareOutput, Optional<Pandas> pandas) throws SQLException {
    String out = "read_parquet(" + PitJoinData.literal(output) + ", file_row_number = true)";
    String in =
        "read_parquet(" + PitJoinData.literal(data.entities()) + ", file_row_number = true)";
    String source = "read_parquet(" + PitJoinData.literal(data.features()) + ")";
    List<String> features = PitJoinData.featureNames();
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement()) {
      long[] order =
          longs(
              s,
              "SELECT count(o.file_row_number), count(e.file_row_number), count(*) FILTER (WHERE"
                  + " o.item_id IS DISTINCT FROM e.item_id OR o.event_timestamp IS DISTINCT FROM"
                  + " e.event_timestamp), count(o.f_0) FROM "
                  + out
                  + " o FULL JOIN "
                  + in
                  + " e USING (file_row_number)");
      note(
          "%s: output %,d rows for %,d entity rows; %,d rows whose entity columns differ from"
              + " the input row at that position; %,d rows matched a feature row",
          verdict(order[0] == order[1] && order[1] == data.shape().entityRows() && order[2] == 0),
          order[0],
          order[1],
          order[2],
          order[3]);
      // Brute force: each sampled entity row's newest source row of its key at or before its time
      // (a key's event times are distinct by construction, so the newest is unique).
      String sampled =
          "SELECT file_row_number AS pos, item_id, event_timestamp FROM "
              + in
              + " WHERE file_row_number % "
              + SAMPLE_STEP
              + " = 0";
      s.execute("CREATE TEMP TABLE sampled AS " + sampled);
      s.execute(
          "CREATE TEMP TABLE expected AS WITH newest AS (SELECT m.pos, max(f.event_timestamp) AS ts"
              + " FROM sampled m JOIN "
              + source
              + " f ON f.item_id = m.item_id AND f.event_timestamp <= m.event_timestamp GROUP BY"
              + " m.pos) SELECT m.pos, "
              + prefixed("f.", features)
              + " FROM sampled m LEFT JOIN newest n ON n.pos = m.pos LEFT JOIN "
              + source
              + " f ON f.item_id = m.item_id AND f.event_timestamp = n.ts");
      s.execute(
          "CREATE TEMP TABLE actual AS SELECT file_row_number AS pos, item_id, event_timestamp, "
              + String.join(", ", features)
              + " FROM "
              + out
              + " WHERE file_row_number % "
              + SAMPLE_STEP
              + " = 0");
      long[] brute = compare(s, "expected", "actual", features);
      if (Files.isRegularFile(bareOutput)) {
        // Each key's event times are distinct, so the bare ASOF join's pick is B5's.
        long[] againstBare =
            longs(
                s,
                "SELECT count(*), count(*) FILTER (WHERE "
                    + differing("l", "b", features)
                    + ") FROM read_parquet("
                    + PitJoinData.literal(output)
                    + ", file_row_number = true) l FULL JOIN read_parquet("
                    + PitJoinData.literal(bareOutput)
                    + ", file_row_number = true) b USING (file_row_number)");
        note(
            "%s: all %,d rows against the bare DuckDB statement's output: %,d differ",
            verdict(againstBare[0] == data.shape().entityRows() && againstBare[1] == 0),
            againstBare[0],
            againstBare[1]);
      } else {
        note("not compared with the bare DuckDB statement's output: its last round failed");
      }
      note(
          "%s: %,d sampled rows (every %,dth) against a brute-force SQL pick: %,d differ",
          verdict(brute[0] > 0 && brute[1] == 0), brute[0], SAMPLE_STEP, brute[1]);
      if (pandas.isPresent()) {
        s.execute(
            "CREATE TEMP TABLE by_pandas AS SELECT * FROM read_csv("
                + PitJoinData.literal(pandas.get().sample())
                + ", header = true, columns = {"
                + pandasColumns(features)
                + "})");
        long[] againstPandas = compare(s, "by_pandas", "actual", features);
        long[] keys =
            longs(
                s,
                "SELECT count(*) FILTER (WHERE a.item_id IS DISTINCT FROM p.item_id OR"
                    + " epoch_us(a.event_timestamp) IS DISTINCT FROM p.event_us) FROM by_pandas p"
                    + " LEFT JOIN actual a ON a.pos = p.pos");
        note(
            "%s: %,d sampled rows against pandas: %,d differ in features, %,d in entity columns",
            verdict(againstPandas[0] > 0 && againstPandas[1] == 0 && keys[0] == 0),
            againstPandas[0],
            againstPandas[1],
            keys[0]);
      }
    }
  }

  /** Rows of {@code expected}, and how many of them differ from {@code actual}'s features. */
  private static long[] compare(Statement s, String expected, String actual, List<String> features)
      throws SQLException {
    List<String> differs = new ArrayList<>();
    for (String f : features) {
      differs.add(
          "NOT ((x."
              + f
              + " IS NULL AND a."
              + f
              + " IS NULL) OR abs(x."
              + f
              + " - a."
              + f
              + ") <= "
              + TOLERANCE
              + ")");
    }
    return longs(
        s,
        "SELECT count(*), count(*) FILTER (WHERE a.pos IS NULL OR "
            + String.join(" OR ", differs)
            + ") FROM "
            + expected
            + " x LEFT JOIN "
            + actual
            + " a ON a.pos = x.pos");
  }

  /** A SQL condition: rows {@code a} and {@code b} differ in an entity column or a feature. */
  static String differing(String a, String b, List<String> features) {
    List<String> columns = new ArrayList<>(List.of(PitJoinData.JOIN_KEY, "event_timestamp"));
    columns.addAll(features);
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(a + "." + c + " IS DISTINCT FROM " + b + "." + c));
    return String.join(" OR ", out);
  }

  private static String pandasColumns(List<String> features) {
    List<String> columns = new ArrayList<>(List.of("'pos': 'BIGINT'", "'item_id': 'BIGINT'"));
    columns.add("'event_us': 'BIGINT'");
    features.forEach(f -> columns.add("'" + f + "': 'DOUBLE'"));
    return String.join(", ", columns);
  }

  private static String prefixed(String prefix, List<String> columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(prefix + c));
    return String.join(", ", out);
  }

  private static long[] longs(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long[] values = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }

  private static String verdict(boolean passed) {
    return passed ? "check ok" : "CHECK FAILED";
  }

  private void note(String format, Object... args) {
    notes.add(String.format(Locale.ROOT, format, args));
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  static String mib(long kib) {
    return kib < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", kib / 1024);
  }

  /** A child process whose wall time, output and peak resident memory are recorded. */
  static final class Command {
    private static final int TAIL = 20;

    private Command() {}

    /**
     * The outcome of a command.
     *
     * @param exit its exit status
     * @param seconds wall time from start to exit
     * @param peakRssKib peak resident memory of the process tree in KiB, -1 if unknown
     * @param rssPolled whether the peak was polled from /proc rather than reported by the kernel
     * @param stdout its standard output, line by line
     * @param stderrTail the last lines of its standard error
     */
    record Result(
        int exit,
        double seconds,
        long peakRssKib,
        boolean rssPolled,
        List<String> stdout,
        List<String> stderrTail) {}

    /**
     * Runs {@code command} in {@code dir} with {@code env} added. With {@code timeReport} (the
     * command then starts with {@code /usr/bin/time -v -o timeReport}), the peak memory is read
     * from that report; otherwise the process tree's resident memory is polled from /proc.
     */
    static Result run(Path dir, Map<String, String> env, Path timeReport, String... command)
        throws IOException, InterruptedException {
      Path out = Files.createTempFile("larder-bench-out", ".txt");
      Path err = Files.createTempFile("larder-bench-err", ".txt");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        long polled = 0;
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
          if (timeReport == null) {
            polled = Math.max(polled, treeRssKib(process.toHandle()));
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = timeReport == null ? (polled > 0 ? polled : -1) : reportedPeak(timeReport);
        List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return new Result(
            process.exitValue(),
            seconds,
            peak,
            timeReport == null,
            Files.readAllLines(out, StandardCharsets.UTF_8),
            errLines.subList(Math.max(0, errLines.size() - TAIL), errLines.size()));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }

    /** "Maximum resident set size (kbytes): N" of {@code /usr/bin/time -v}. */
    private static long reportedPeak(Path report) throws IOException {
      if (!Files.isRegularFile(report)) {
        return -1;
      }
      for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
        String t = line.trim();
        if (t.startsWith("Maximum resident set size (kbytes):")) {
          return Long.parseLong(t.substring(t.indexOf(':') + 1).trim());
        }
      }
      return -1;
    }

    /** The sum of VmRSS over the process and its descendants now. */
    private static long treeRssKib(ProcessHandle root) {
      long sum = rssKib(root.pid());
      for (ProcessHandle child : root.descendants().toList()) {
        sum += rssKib(child.pid());
      }
      return sum;
    }

    private static long rssKib(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        return 0; // the process has just exited
      }
      return 0;
    }
  }
}
