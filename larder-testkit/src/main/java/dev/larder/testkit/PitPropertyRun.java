package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs random cases through one engine and compares every value with {@link PitReference}; every
 * {@code fileEvery}-th case also writes CSV and Parquet, which must equal the DuckDB engine's
 * output for the same request. Prints how many cases of each kind it ran; a failure names the
 * case's seed and dumps it.
 */
final class PitPropertyRun {
  private PitPropertyRun() {}

  static Map<String, Long> run(
      String name, OfflineEngine engine, int cases, long seed, Path dir, int fileEvery)
      throws Exception {
    return run(name, List.of(engine), cases, seed, dir, fileEvery);
  }

  /**
   * Like {@link #run(String, OfflineEngine, int, long, Path, int)}, case {@code i} going to {@code
   * engines[i % n]}: one engine configured in several ways (plans, strategies) shares the cases
   * without running any twice.
   */
  static Map<String, Long> run(
      String name, List<OfflineEngine> engines, int cases, long seed, Path dir, int fileEvery)
      throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    long start = System.nanoTime();
    long[] engineNanos = {0};
    try (Connection duck = Duck.open();
        OfflineEngine reference =
            DuckDbOfflineEngine.open(
                dir, new DuckDbSettings("1GB", null, 1, DuckDbSettings.DIRECT_JOIN_LIMIT))) {
      try (Statement s = duck.createStatement()) {
        s.execute("SET threads = 1");
      }
      for (int i = 0; i < cases; i++) {
        long caseSeed = seed + i;
        Path caseDir = dir.resolve("case" + i);
        RandomPitCase c = RandomPitCase.generate(caseSeed, caseDir, duck);
        OfflineEngine engine = engines.get(i % engines.size());
        try {
          check(engine, c, engineNanos);
          if (fileEvery > 0 && i % fileEvery == 0) {
            sameFilesAsDuckDb(engine, reference, c, caseDir);
            c.count("cases whose CSV and Parquet output were compared with DuckDB's");
          }
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(
              name
                  + ": case "
                  + i
                  + " (seed "
                  + caseSeed
                  + ", engine "
                  + i % engines.size()
                  + ") failed: "
                  + e.getMessage()
                  + "\n"
                  + c.describe(),
              e);
        }
        c.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    StringBuilder report =
        new StringBuilder(
            name
                + ": "
                + cases
                + " random cases in "
                + millis
                + " ms ("
                + engineNanos[0] / 1_000_000
                + " ms in the engine), seed "
                + seed);
    counts.forEach((k, v) -> report.append("\n  ").append(k).append(": ").append(v));
    System.out.println(report);
    return counts;
  }

  private static void sameFilesAsDuckDb(
      OfflineEngine engine, OfflineEngine reference, RandomPitCase c, Path dir) throws Exception {
    HistoricalRequest request = new HistoricalRequest(c.entityRows, c.plan, c.filterByCreated);
    Path csv = dir.resolve("engine.csv");
    Path duckCsv = dir.resolve("duckdb.csv");
    assertThat(engine.writeHistoricalFeatures(request, csv))
        .isEqualTo(reference.writeHistoricalFeatures(request, duckCsv));
    assertThat(Files.readString(csv)).as("CSV output").isEqualTo(Files.readString(duckCsv));
    Path parquet = dir.resolve("engine.parquet");
    Path duckParquet = dir.resolve("duckdb.parquet");
    engine.writeHistoricalFeatures(request, parquet);
    reference.writeHistoricalFeatures(request, duckParquet);
    ParquetRows.assertSameSchemaAndRows(parquet, duckParquet);
  }

  private static void check(OfflineEngine engine, RandomPitCase c, long[] engineNanos) {
    HistoricalRequest request = new HistoricalRequest(c.entityRows, c.plan, c.filterByCreated);
    long t0 = System.nanoTime();
    TrainingFrame frame = engine.getHistoricalFeatures(request);
    engineNanos[0] += System.nanoTime() - t0;
    int rows = c.entityRows.rowCount();
    assertThat(frame.rowCount()).isEqualTo(rows);
    List<String> expectedColumns = new ArrayList<>();
    c.entityRows.columns().forEach(col -> expectedColumns.add(col.name()));
    expectedColumns.addAll(c.plan.outputNames());
    assertThat(frame.columnNames()).isEqualTo(expectedColumns);
    for (FrameColumn col : c.entityRows.columns()) {
      assertThat(frame.column(col.name()).values()).as(col.name()).isEqualTo(col.values());
    }
    for (int v = 0; v < c.plan.views().size(); v++) {
      ViewPlan view = c.plan.views().get(v);
      PitReference.View reference = c.references.get(v);
      if (c.filterByCreated && view.createdColumn().isPresent()) {
        c.count("views filtered by created timestamp");
      }
      long matched = 0;
      for (int row = 0; row < rows; row++) {
        PitReference.Pick pick =
            PitReference.pick(
                reference, c.entityKeys(view, row), c.entityTimes[row], c.filterByCreated);
        List<Object> expected = PitReference.features(reference, pick);
        for (int f = 0; f < view.features().size(); f++) {
          String output = view.features().get(f).outputName();
          Object actual = frame.column(output).get(row);
          assertThat(actual)
              .as("row %d, %s (candidates %d)", row, output, pick.candidates())
              .isEqualTo(expected.get(f));
          if (pick.row() != null && expected.get(f) == null) {
            c.count("null feature values in picked rows");
          }
        }
        if (pick.row() == null) {
          c.count("(entity row, view) pairs without a candidate");
        } else {
          matched++;
          if (pick.tieOnEventAndCreated()) {
            c.count("picks decided by source position (exact ties)");
          }
          if (pick.createdDecided()) {
            c.count("picks among rows of equal event time");
          }
        }
        assertThat(frame.matchedRows(v).get(row))
            .as("matched row %d", row)
            .isEqualTo(pick.row() != null);
      }
      assertThat(frame.summary().matchedRows().get(v)).isEqualTo(matched);
      c.count("views requested");
      if (matched == 0 && rows > 0) {
        c.count("no-match diagnostics");
      }
    }
    long diagnostics =
        c.plan.views().stream().filter(Objects::nonNull).count()
            - frame.summary().matchedRows().stream().filter(m -> m > 0 || rows == 0).count();
    assertThat(frame.summary().noMatches()).hasSize((int) diagnostics);
    c.counts.merge("entity rows", (long) rows, Long::sum);
  }
}
