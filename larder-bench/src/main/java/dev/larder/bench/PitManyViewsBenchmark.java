package dev.larder.bench;

import dev.larder.core.FeatureStore;
import java.io.IOException;
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

/**
 * Feast #3003's shape (DESIGN Targets): {@code bin/larder get-historical-features --feature-service
 * all_views} of {@value PitManyViewsData#VIEWS} views × {@value PitManyViewsData#FEATURES} Float64
 * features over string keys ({@value PitManyViewsData#KEYS} keys × {@value
 * PitManyViewsData#SNAPSHOTS} daily snapshots per view) for {@value PitManyViewsData#ENTITY_ROWS}
 * entity rows, Parquet in and out, the whole command with {@code -Xmx512m}, beside one bare DuckDB
 * statement chaining one ASOF LEFT JOIN per view (in process, default settings), alternating, best
 * of 3; pandas (a {@code merge_asof} per view, {@code bench/pit_many_views_pandas.py}) beside both.
 * Larder's output is compared with the bare statement's, every row and column (a key's times are
 * distinct, so the ASOF pick is B5's).
 */
final class PitManyViewsBenchmark {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Path home;
  private final PitManyViewsData data;
  private final List<String> notes = new ArrayList<>();

  PitManyViewsBenchmark(Path home, Path scratch) {
    this.home = home;
    this.data = PitManyViewsData.in(scratch);
  }

  List<String> notes() {
    return notes;
  }

  BenchMain.Row run() throws IOException, SQLException, InterruptedException {
    long start = System.nanoTime();
    boolean generated = data.prepareParquet();
    notes.add(
        String.format(
            Locale.ROOT,
            "data in %s (%s, %.0f s)",
            data.dir(),
            generated ? "generated now" : "cached",
            (System.nanoTime() - start) / 1e9));
    try (FeatureStore store = FeatureStore.open(data.repo())) {
      store.apply();
    }
    Path launcher = home.resolve("bin/larder");
    Path output = data.dir().resolve("out.parquet");
    Path bareOutput = data.dir().resolve("bare-out.parquet");
    PitJoinBenchmark.Command.Result version =
        PitJoinBenchmark.Command.run(data.dir(), Map.of(), null, launcher.toString(), "--version");
    if (version.exit() != 0) {
      throw new IllegalStateException(
          launcher + " --version exited " + version.exit() + ": " + version.stderrTail());
    }
    String bareSql =
        PitJoinBenchmark.bareStatement(
            data.entities(),
            data.views(),
            PitManyViewsData.JOIN_KEY,
            PitManyViewsData.allFeatureNames(),
            bareOutput);
    PitRounds.Best[] best =
        PitRounds.alternate(
            () ->
                PitJoinBenchmark.larderRun(
                    launcher,
                    output,
                    data.repo(),
                    data.entities(),
                    List.of("--feature-service", PitManyViewsData.SERVICE),
                    "pit-many-views"),
            () -> PitJoinBenchmark.bareRun(data.dir(), bareSql, "pit-many-views"),
            "pit-many-views",
            notes);
    String name = "PIT join, #3003 shape (10 views x 100), whole command";
    String target = "<= 0.50 x bare DuckDB ASOF chain; peak RSS <= 1.5 GiB";
    BenchMain.Row row =
        PitJoinBenchmark.report(notes, name, target, best, PitManyViewsData.ENTITY_ROWS);
    runPandas().ifPresent(p -> notes.add(p.describe(best[0])));
    if (!best[0].failed() && !best[1].failed()) {
      verify(output, bareOutput);
    }
    return row;
  }

  private Optional<PitJoinBenchmark.Pandas> runPandas()
      throws IOException, SQLException, InterruptedException {
    Path script = home.resolve("bench/pit_many_views_pandas.py");
    if (!Files.isExecutable(PYTHON)
        || PitJoinBenchmark.Command.run(
                    data.dir(), Map.of(), null, PYTHON.toString(), "-c", "import pandas")
                .exit()
            != 0) {
      notes.add(
          "pandas unavailable: "
              + PYTHON
              + " cannot import pandas (apt-get install -y"
              + " python3-pandas)");
      return Optional.empty();
    }
    data.prepareCsv();
    System.err.println("pit-many-views: pandas merge_asof baseline…");
    PitJoinBenchmark.Command.Result result =
        PitJoinBenchmark.Command.run(
            data.dir(),
            Map.of(),
            null,
            PYTHON.toString(),
            script.toString(),
            data.dir().toString(),
            Integer.toString(PitManyViewsData.VIEWS));
    if (result.exit() != 0) {
      notes.add("pandas FAILED: " + script + " exited " + result.exit() + "; stderr:");
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
        new PitJoinBenchmark.Pandas(
            Double.parseDouble(values.get("join_seconds")),
            Double.parseDouble(values.get("read_seconds")),
            Long.parseLong(values.get("peak_rss_kib")),
            null));
  }

  /** Every row and column of Larder's output against the bare statement's. */
  private void verify(Path output, Path bareOutput) throws SQLException {
    List<String> columns = new ArrayList<>(List.of(PitManyViewsData.JOIN_KEY, "event_timestamp"));
    PitManyViewsData.allFeatureNames().forEach(columns::addAll);
    List<String> differ = new ArrayList<>();
    columns.forEach(c -> differ.add("l." + c + " IS DISTINCT FROM b." + c));
    try (Connection c = PitJoinData.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE "
                    + String.join(" OR ", differ)
                    + "), count(l.v0_f0) FROM read_parquet("
                    + PitJoinData.literal(output)
                    + ", file_row_number = true) l FULL JOIN read_parquet("
                    + PitJoinData.literal(bareOutput)
                    + ", file_row_number = true) b USING (file_row_number)")) {
      rs.next();
      long rows = rs.getLong(1);
      long differing = rs.getLong(2);
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: %,d rows x %d columns against the bare DuckDB statement's output: %,d rows"
                  + " differ; %,d rows matched view_0",
              rows == PitManyViewsData.ENTITY_ROWS && differing == 0 ? "check ok" : "CHECK FAILED",
              rows,
              columns.size(),
              differing,
              rs.getLong(3)));
    }
  }
}
