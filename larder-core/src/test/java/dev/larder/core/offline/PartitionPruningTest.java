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
 * The DuckDB engine over a source of daily partition folders ({@code date_partition_column}), where
 * whole folders are skipped by their names (issue #13 item 2): rows on each day's first and last
 * microsecond, an empty partition, a partition whose keys no other has, two files of one day
 * repeating rows (exact ties, decided by path order), a folder whose name is no date (never
 * skipped) and Spark's {@code _temporary} folder (never read). Entity rows sit on the partition
 * boundaries and a microsecond either side, at keys absent from some or all partitions, in several
 * time windows (so different sets of folders are skipped); each result, by both plans and both join
 * strategies, with and without ttl and the created-timestamp filter, is compared value by value
 * with a brute-force SQL pick of B5 over every file.
 */
class PartitionPruningTest {
  @TempDir static Path repo;
  static RepoDefinitions definitions;

  private static final String DEFINITIONS =
      """
      entities:
        - {name: item, join_keys: [item_id], value_type: INT64}
      sources:
        - {name: items, type: file, path: data/items, timestamp_field: event_timestamp,
           created_timestamp_column: created, date_partition_column: date}
      feature_views:
        - {name: plain, entities: [item], source: items, schema: [{name: value, dtype: Float64}]}
        - {name: hourly, entities: [item], source: items, ttl: 2h,
           schema: [{name: value, dtype: Float64}]}
      """;

  @BeforeAll
  static void writeData() throws Exception {
    Path items = repo.resolve("data/items");
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    List<String> statements = new java.util.ArrayList<>();
    // days 1..6 of January 2025; keys 0..19 every 37 minutes from the day's first microsecond to
    // its last; day 3 is empty; day 5 has keys 100..109 only; day 2 has a second file repeating
    // every 4th row with another value (ties that part-1 wins).
    for (int day = 1; day <= 6; day++) {
      String date = "2025-01-0" + day;
      Path folder = items.resolve("date=" + date);
      Files.createDirectories(folder);
      String start = "TIMESTAMPTZ '" + date + " 00:00:00+00'";
      String rows =
          "SELECT ("
              + (day == 5 ? "100 + i % 10" : "i % 20")
              + ")::BIGINT AS item_id, least("
              + start
              + " + to_minutes(i * 37), "
              + start
              + " + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND) AS event_timestamp, CASE WHEN i % 6"
              + " = 0 THEN NULL ELSE "
              + start
              + " + to_minutes(i * 37 + i % 4) END AS created, ("
              + day
              + " * 1000 + i)::DOUBLE AS value FROM range(40) t(i)"
              + (day == 3 ? " WHERE false" : "");
      statements.add(
          "COPY (" + rows + ") TO '" + folder.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
      if (day == 2) {
        statements.add(
            "COPY (SELECT item_id, event_timestamp, created, value + 0.5 AS value FROM ("
                + rows
                + ") WHERE value % 4 = 0) TO '"
                + folder.resolve("part-1.parquet")
                + "' (FORMAT PARQUET)");
      }
    }
    // a folder whose value is no date: read whatever the entity times
    Files.createDirectories(items.resolve("date=late"));
    statements.add(
        "COPY (SELECT 7::BIGINT AS item_id, TIMESTAMPTZ '2025-01-02 06:00:00+00' AS"
            + " event_timestamp, NULL::TIMESTAMPTZ AS created, 7777.0::DOUBLE AS value) TO '"
            + items.resolve("date=late/part-0.parquet")
            + "' (FORMAT PARQUET)");
    // Spark's unfinished output: never read
    Files.createDirectories(items.resolve("_temporary/date=2025-01-02"));
    statements.add(
        "COPY (SELECT 1::BIGINT AS item_id, TIMESTAMPTZ '2025-01-02 12:00:00+00' AS"
            + " event_timestamp, NULL::TIMESTAMPTZ AS created, -1.0::DOUBLE AS value) TO '"
            + items.resolve("_temporary/date=2025-01-02/part-0.parquet")
            + "' (FORMAT PARQUET)");
    // Entity rows: each day's midnight, a microsecond either side, and noon, at keys of every
    // partition and none; written as one file per window of days. Two more files put the latest
    // entity time exactly on a partition's first microsecond (day 4, whose key 0 has a row then),
    // and the earliest, less the 2h ttl, exactly on a partition's last microsecond (day 4, whose
    // key 19 has a row then).
    String keys = "SELECT unnest([-1, 0, 1, 7, 19, 20, 100, 109, 110])::BIGINT AS item_id";
    for (String window : new String[] {"1-6", "2-2", "4-4", "6-7", "0-1", "3-3", "s", "e"}) {
      String times;
      if (window.equals("s")) {
        times =
            "SELECT unnest([TIMESTAMPTZ '2025-01-03 12:00:00+00', TIMESTAMPTZ '2025-01-04"
                + " 00:00:00+00']) AS t";
      } else if (window.equals("e")) {
        times =
            "SELECT unnest([TIMESTAMPTZ '2025-01-05 01:59:59.999999+00', TIMESTAMPTZ '2025-01-05"
                + " 03:00:00+00']) AS t";
      } else {
        int from = Integer.parseInt(window.substring(0, 1));
        int to = Integer.parseInt(window.substring(2));
        times =
            "SELECT DISTINCT t FROM (SELECT TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_days(d - 1)"
                + " AS t0 FROM range("
                + from
                + ", "
                + (to + 1)
                + ") r(d)), LATERAL (SELECT unnest([t0 - INTERVAL 1 MICROSECOND, t0, t0 + INTERVAL"
                + " 1 MICROSECOND, t0 + INTERVAL 12 HOUR]) AS t)";
      }
      statements.add(
          "COPY (SELECT k.item_id, b.t AS event_timestamp FROM ("
              + keys
              + ") k CROSS JOIN ("
              + times
              + ") b ORDER BY hash(k.item_id, b.t)) TO '"
              + repo.resolve("entities-" + window + ".parquet")
              + "' (FORMAT PARQUET)");
    }
    OfflineFixture.execute(statements.toArray(String[]::new));
    definitions = DefinitionLoader.load(repo);
  }

  @ParameterizedTest(
      name = "view {0}, days {1}, direct_join_limit {2}, created {3}, late_materialization {4}")
  @CsvSource({
    "plain, 1-6, 10000000, false, 0",
    "plain, 2-2, 0, false, 0",
    "plain, 2-2, 10000000, true, 9223372036854775807",
    "plain, 4-4, 0, true, 0",
    "plain, 6-7, 0, false, 9223372036854775807",
    "plain, 0-1, 10000000, false, 0",
    "plain, 3-3, 0, false, 0",
    "hourly, 1-6, 0, false, 0",
    "hourly, 2-2, 10000000, false, 0",
    "hourly, 4-4, 0, true, 9223372036854775807",
    "hourly, 6-7, 0, true, 0",
    "hourly, 3-3, 10000000, false, 9223372036854775807",
    "plain, s, 0, false, 0",
    "plain, s, 10000000, false, 9223372036854775807",
    "hourly, e, 0, false, 0",
    "hourly, e, 10000000, false, 9223372036854775807"
  })
  void skippedFoldersNeverChangeAPick(
      String view, String days, long directLimit, boolean created, long lateCells)
      throws Exception {
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse(view + ":value")),
            DefinitionLookup.of(definitions),
            false);
    Path entities = repo.resolve("entities-" + days + ".parquet");
    Path out =
        repo.resolve(
            String.join("-", "out", view, days, "" + directLimit, "" + created, "" + lateCells)
                + ".parquet");
    RetrievalSummary summary;
    try (OfflineEngine engine =
        DuckDbOfflineEngine.open(repo, new DuckDbSettings(null, null, 1, directLimit, lateCells))) {
      summary =
          engine.writeHistoricalFeatures(
              new HistoricalRequest(new EntityRows.ParquetFile(entities), plan, created), out);
    }
    String conditions =
        (view.equals("hourly") ? " AND s.ts >= e.t - INTERVAL 2 HOUR" : "")
            + (created ? " AND s.cr IS NOT NULL AND s.cr <= e.t" : "");
    String expected =
        "WITH e AS (SELECT file_row_number AS r, item_id, event_timestamp AS t FROM read_parquet('"
            + entities
            + "', file_row_number = true)), s AS (SELECT item_id, event_timestamp AS ts, created"
            + " AS cr, value, filename AS fn, file_row_number AS rn FROM read_parquet('"
            + repo.resolve("data/items/date=*/*.parquet")
            + "', filename = true, file_row_number = true, hive_partitioning = false)), c AS"
            + " (SELECT e.r, s.value, row_number() OVER (PARTITION BY e.r ORDER BY s.ts DESC, s.cr"
            + " DESC NULLS LAST, s.fn DESC, s.rn DESC) AS k FROM e JOIN s ON s.item_id = e.item_id"
            + " AND s.ts <= e.t"
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
    assertThat(Long.parseLong(counts.get(0))).as("entity rows").isGreaterThan(0);
    assertThat(counts.get(2)).as("rows differing from the brute-force pick").isEqualTo("0");
    assertThat(summary.matchedRows()).containsExactly(Long.parseLong(counts.get(1)));
  }
}
