package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.repo.DefinitionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DuckDB engine where pruning could go wrong (issue #13 item 6): the source is a directory of
 * Parquet files with row groups of 2,048 rows sorted by time (so statistics prune them), a file of
 * keys no other file has, an empty file, and a file repeating rows of another (exact ties, decided
 * by file name); entity rows sit exactly on, and a microsecond either side of, the row groups' time
 * boundaries, at keys absent from some or all files, and at the ends of the entity key range. Every
 * result, by each join strategy, with and without ttl and the created-timestamp filter, and by both
 * plans (winners decided on narrow columns, where the key range prunes, or one statement), is
 * compared value by value with a brute-force SQL pick of B5 over the same files.
 */
class PruningEdgesTest {
  @TempDir static Path repo;
  static RepoDefinitions definitions;

  private static final String DEFINITIONS =
      """
      entities:
        - {name: item, join_keys: [item_id], value_type: INT64}
      sources:
        - {name: items, type: file, path: data/items, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - {name: plain, entities: [item], source: items, schema: [{name: value, dtype: Float64}]}
        - {name: daily, entities: [item], source: items, ttl: 1d,
           schema: [{name: value, dtype: Float64}]}
      """;

  @BeforeAll
  static void writeData() throws Exception {
    Path items = repo.resolve("data/items");
    Files.createDirectories(items);
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    String base = "TIMESTAMPTZ '2025-01-01 00:00:00+00'";
    // a.parquet: 3 row groups of 2,048 rows in time order, keys 0..96, a row every 10 minutes;
    // every 7th row has no created time.
    String a =
        "SELECT (i % 97)::BIGINT AS item_id, "
            + base
            + " + to_minutes(i * 10) AS event_timestamp, CASE WHEN i % 7 = 0 THEN NULL ELSE "
            + base
            + " + to_minutes(i * 10 + (i % 3)) END AS created, i::DOUBLE AS value FROM range(6144)"
            + " t(i) ORDER BY i";
    OfflineFixture.execute(
        "COPY ("
            + a
            + ") TO '"
            + items.resolve("a.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE"
            + " 2048)",
        // b.parquet: keys 1000..1099, present in no other file
        "COPY (SELECT (1000 + i % 100)::BIGINT AS item_id, "
            + base
            + " + to_minutes(i * 7) AS event_timestamp, "
            + base
            + " + to_minutes(i * 7) AS created, (100000 + i)::DOUBLE AS value FROM range(3000)"
            + " t(i)) TO '"
            + items.resolve("b.parquet")
            + "' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)",
        // c.parquet: no rows at all
        "COPY (SELECT * FROM read_parquet('"
            + items.resolve("a.parquet")
            + "') WHERE false) TO '"
            + items.resolve("c.parquet")
            + "' (FORMAT PARQUET)",
        // d.parquet: every 5th row of a.parquet again, same times, another value: exact ties
        // that d (after a in name order) wins
        "COPY (SELECT item_id, event_timestamp, created, value + 0.5 AS value FROM read_parquet('"
            + items.resolve("a.parquet")
            + "', file_row_number = true) WHERE file_row_number % 5 = 0 ORDER BY"
            + " file_row_number) TO '"
            + items.resolve("d.parquet")
            + "' (FORMAT PARQUET)");
    // Entity rows: on each row group's first and last time of a.parquet and a microsecond either
    // side, for keys of every file, absent keys, and the ends of the key range.
    String boundaries =
        "SELECT DISTINCT t FROM (SELECT "
            + base
            + " + to_minutes(b * 10) AS t0 FROM (VALUES (0), (2047), (2048), (4095), (4096),"
            + " (6143)) v(b)), LATERAL (SELECT unnest([t0 - INTERVAL 1 MICROSECOND, t0, t0 +"
            + " INTERVAL 1 MICROSECOND]) AS t)";
    String keys =
        "SELECT unnest([-5, 0, 1, 50, 96, 97, 500, 1000, 1042, 1099, 1100, 99999])::BIGINT AS"
            + " item_id";
    OfflineFixture.execute(
        "COPY (SELECT k.item_id, b.t AS event_timestamp FROM ("
            + keys
            + ") k CROSS JOIN ("
            + boundaries
            + ") b ORDER BY hash(k.item_id, b.t)) TO '"
            + repo.resolve("entities.parquet")
            + "' (FORMAT PARQUET)");
    definitions = DefinitionLoader.load(repo);
  }

  /**
   * Two views of Parquet sources in one request: each view's features are fetched on a second
   * connection while the first decides the next view's winners (see {@code Retrieval}); both
   * columns, written to Parquet and read into Java, equal the brute-force picks, and the engine
   * serves a request after it. late_materialization_cells 0 forces the narrow-first plan, whose
   * fetches the second connection runs.
   */
  @ParameterizedTest(name = "direct_join_limit {0}")
  @CsvSource({"10000000", "0"})
  void severalViewsMatchBruteForceOnEitherOutput(long directLimit) throws Exception {
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse("plain:value"), FeatureReference.parse("daily:value")),
            DefinitionLookup.of(definitions),
            true);
    Path out = repo.resolve("out-both-" + directLimit + ".parquet");
    HistoricalRequest request =
        new HistoricalRequest(
            new EntityRows.ParquetFile(repo.resolve("entities.parquet")), plan, false);
    RetrievalSummary summary;
    TrainingFrame frame;
    try (OfflineEngine engine =
        DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 2, directLimit, 0))) {
      summary = engine.writeHistoricalFeatures(request, out);
      frame = engine.getHistoricalFeatures(request);
      assertThat(engine.getHistoricalFeatures(request).rowCount()).isEqualTo(frame.rowCount());
    }
    List<List<String>> compared =
        OfflineFixture.query(
            "WITH p AS ("
                + bruteForce("")
                + "), d AS ("
                + bruteForce(" AND s.ts >= e.t - INTERVAL 1 DAY")
                + "), o AS (SELECT file_row_number AS r, item_id, event_timestamp AS t,"
                + " plain__value, daily__value FROM read_parquet('"
                + out
                + "', file_row_number = true)) SELECT count(*), count(p.value), count(d.value),"
                + " count(*) FILTER (WHERE o.r IS NULL OR o.item_id IS DISTINCT FROM p.item_id OR"
                + " o.t IS DISTINCT FROM p.t OR o.plain__value IS DISTINCT FROM p.value OR"
                + " o.daily__value IS DISTINCT FROM d.value), string_agg(coalesce(CAST(p.value AS"
                + " VARCHAR), '-') || '/' || coalesce(CAST(d.value AS VARCHAR), '-'), ',' ORDER BY"
                + " p.r) FROM p JOIN d USING (r) FULL JOIN o USING (r)");
    List<String> counts = compared.get(0);
    assertThat(Long.parseLong(counts.get(0))).isEqualTo(12L * 18);
    assertThat(counts.get(3)).as("rows differing from the brute-force picks").isEqualTo("0");
    assertThat(summary.matchedRows())
        .containsExactly(Long.parseLong(counts.get(1)), Long.parseLong(counts.get(2)));
    assertThat(Long.parseLong(counts.get(2))).as("daily's matched rows").isGreaterThan(10);
    StringBuilder fromFrame = new StringBuilder();
    for (int row = 0; row < frame.rowCount(); row++) {
      Object plain = frame.column("plain__value").get(row);
      Object daily = frame.column("daily__value").get(row);
      fromFrame
          .append(row == 0 ? "" : ",")
          .append(plain == null ? "-" : plain)
          .append('/')
          .append(daily == null ? "-" : daily);
    }
    assertThat(fromFrame.toString()).as("the frame's values").isEqualTo(counts.get(4));
  }

  /** B5's pick by brute force, rows {@code r, item_id, t, value} with {@code conditions}. */
  private static String bruteForce(String conditions) {
    return "WITH e AS (SELECT file_row_number AS r, item_id, event_timestamp AS t FROM read_parquet('"
        + repo.resolve("entities.parquet")
        + "', file_row_number = true)), s AS (SELECT item_id, event_timestamp AS ts, created"
        + " AS cr, value, filename AS fn, file_row_number AS rn FROM read_parquet('"
        + repo.resolve("data/items/*.parquet")
        + "', filename = true, file_row_number = true)), c AS (SELECT e.r, s.value,"
        + " row_number() OVER (PARTITION BY e.r ORDER BY s.ts DESC, s.cr DESC NULLS LAST,"
        + " s.fn DESC, s.rn DESC) AS k FROM e JOIN s ON s.item_id = e.item_id AND s.ts <= e.t"
        + conditions
        + ") SELECT e.r, e.item_id, e.t, c.value FROM e LEFT JOIN c ON c.r = e.r AND c.k = 1";
  }

  @ParameterizedTest(
      name = "view {0}, direct_join_limit {1}, created filter {2}, late_materialization_cells {3}")
  @CsvSource({
    "plain, 10000000, false, 0",
    "plain, 0, false, 0",
    "plain, 0, true, 0",
    "plain, 10000000, true, 0",
    "daily, 10000000, false, 0",
    "daily, 0, false, 0",
    "daily, 0, true, 0",
    "plain, 0, false, 9223372036854775807",
    "daily, 0, true, 9223372036854775807"
  })
  void everyStrategyPicksWhatBruteForcePicks(
      String view, long directLimit, boolean created, long lateCells) throws Exception {
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse(view + ":value")),
            DefinitionLookup.of(definitions),
            false);
    Path out =
        repo.resolve(
            "out-" + view + "-" + directLimit + "-" + created + "-" + lateCells + ".parquet");
    RetrievalSummary summary;
    try (OfflineEngine engine =
        DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 1, directLimit, lateCells))) {
      summary =
          engine.writeHistoricalFeatures(
              new HistoricalRequest(
                  new EntityRows.ParquetFile(repo.resolve("entities.parquet")), plan, created),
              out);
    }
    String conditions =
        (view.equals("daily") ? " AND s.ts >= e.t - INTERVAL 1 DAY" : "")
            + (created ? " AND s.cr IS NOT NULL AND s.cr <= e.t" : "");
    String expected =
        "WITH e AS (SELECT file_row_number AS r, item_id, event_timestamp AS t FROM read_parquet('"
            + repo.resolve("entities.parquet")
            + "', file_row_number = true)), s AS (SELECT item_id, event_timestamp AS ts, created"
            + " AS cr, value, filename AS fn, file_row_number AS rn FROM read_parquet('"
            + repo.resolve("data/items/*.parquet")
            + "', filename = true, file_row_number = true)), c AS (SELECT e.r, s.value,"
            + " row_number() OVER (PARTITION BY e.r ORDER BY s.ts DESC, s.cr DESC NULLS LAST,"
            + " s.fn DESC, s.rn DESC) AS k FROM e JOIN s ON s.item_id = e.item_id AND s.ts <= e.t"
            + conditions
            + ") SELECT e.r, e.item_id, e.t, c.value FROM e LEFT JOIN c ON c.r = e.r AND c.k = 1";
    List<List<String>> compared =
        OfflineFixture.query(
            "WITH x AS ("
                + expected
                + "), o AS (SELECT file_row_number AS r, item_id, event_timestamp AS t, value FROM"
                + " read_parquet('"
                + out
                + "', file_row_number = true)) SELECT count(*), count(x.value), count(*) FILTER"
                + " (WHERE o.r IS NULL OR x.r IS NULL OR o.item_id IS DISTINCT FROM x.item_id OR"
                + " o.t IS DISTINCT FROM x.t OR o.value IS DISTINCT FROM x.value) FROM x FULL JOIN"
                + " o USING (r)");
    List<String> counts = compared.get(0);
    assertThat(Long.parseLong(counts.get(0))).isEqualTo(12L * 18);
    assertThat(counts.get(2)).as("rows differing from the brute-force pick").isEqualTo("0");
    assertThat(summary.matchedRows()).containsExactly(Long.parseLong(counts.get(1)));
    assertThat(Long.parseLong(counts.get(1))).as("matched rows").isGreaterThan(10);
  }
}
