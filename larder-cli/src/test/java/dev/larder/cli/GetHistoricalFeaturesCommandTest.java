package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetHistoricalFeaturesCommandTest {
  @TempDir Path work;
  Path repo;

  @BeforeEach
  void initAndApply() {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
  }

  @Test
  void oneRowPerEntityRowInInputOrderWithUtcTimestamps() throws IOException {
    Files.writeString(
        repo.resolve("E.csv"),
        "sample_index,event_timestamp\n"
            + "5,2026-06-01T00:00:00Z\n"
            + "1,2026-06-01\n"
            + "5,2024-01-01T00:00:00Z\n"
            + "999999,2026-06-01\n"
            + "1,2026-06-01T02:00:00+02:00\n");
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:feature_0,classification_features:target",
            "--output",
            "out.csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Wrote 5 rows to out.csv");
    List<String> lines = Files.readAllLines(repo.resolve("out.csv"));
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).isEqualTo("sample_index,event_timestamp,feature_0,target");
    assertThat(lines.get(1)).startsWith("5,2026-06-01T00:00:00Z,").doesNotEndWith(",,");
    assertThat(lines.get(2)).startsWith("1,2026-06-01T00:00:00Z,");
    assertThat(lines.get(3)).isEqualTo("5,2024-01-01T00:00:00Z,,");
    assertThat(lines.get(4)).isEqualTo("999999,2026-06-01T00:00:00Z,,");
    assertThat(lines.get(5).substring(lines.get(5).indexOf("Z,") + 1))
        .isEqualTo(lines.get(2).substring(lines.get(2).indexOf("Z,") + 1));
    assertThat(lines.get(5)).startsWith("1,2026-06-01T00:00:00Z,");
  }

  @Test
  void pandasDefaultCsvWithAnUnnamedIndexColumnIsAnErrorNamingTheFix() throws IOException {
    Files.writeString(
        repo.resolve("pd.csv"), ",sample_index,event_timestamp\n0,1,2026-01-01\n1,2,2026-01-01\n");
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "pd.csv",
            "--features",
            "classification_features:feature_0",
            "--output",
            "out.csv");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine()).endsWith("the header (line 1): column 1 has no name");
    assertThat(run.err()).contains("index=False");
    assertThat(repo.resolve("out.csv")).doesNotExist();
  }

  @Test
  void extraCsvColumnsPassThroughAsText() throws IOException {
    Files.writeString(
        repo.resolve("E.csv"),
        "sample_index,event_timestamp,zip,amount,price\n1,2026-01-01,007,1e3,2.50\n");
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:target",
            "--output",
            "out.csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Wrote 1 row to out.csv\n");
    assertThat(Files.readAllLines(repo.resolve("out.csv")).get(1))
        .startsWith("1,2026-01-01T00:00:00Z,007,1e3,2.50,");
  }

  @Test
  void unknownFeatureAndBadKeysExitOneNamingTheFix() throws IOException {
    Files.writeString(repo.resolve("E.csv"), "sample_index,event_timestamp\n1,2026-01-01\n");
    CliRun unknown =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:featur_3",
            "--output",
            "o.csv");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.firstErrorLine())
        .startsWith("error: ")
        .contains("did you mean 'feature_3'")
        .contains("larder feature-views describe classification_features");

    Files.writeString(repo.resolve("bad.csv"), "sample_index,event_timestamp\nabc,2026-01-01\n");
    CliRun keys =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "bad.csv",
            "--features",
            "classification_features:feature_0",
            "--output",
            "o.csv");
    assertThat(keys.exitCode()).isEqualTo(1);
    assertThat(keys.firstErrorLine()).startsWith("error: ").contains("sample_index");
    assertThat(keys.err()).contains("value_type");
  }

  @Test
  void noMatchPrintsTheDiagnosticAsAWarning() throws IOException {
    Files.writeString(repo.resolve("E.csv"), "sample_index,event_timestamp\n5,2020-01-01\n");
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:feature_0",
            "--output",
            "o.parquet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).startsWith("warning: ").contains("found no row");
    assertThat(repo.resolve("o.parquet")).isRegularFile();
  }

  @Test
  void missingSelectionIsAUsageError() throws IOException {
    Files.writeString(repo.resolve("E.csv"), "sample_index,event_timestamp\n1,2026-01-01\n");
    CliRun run =
        CliRun.in(repo, "get-historical-features", "--entity-df", "E.csv", "--output", "o.csv");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.firstErrorLine()).startsWith("error: Missing required argument");
  }

  @Test
  void entitySqlRowsKeepTheQueryOrderAndReadFilesRelativeToTheWorkingDirectory()
      throws IOException {
    Files.writeString(
        work.resolve("E.csv"),
        "sample_index,event_timestamp,note\n5,2026-06-01,x\n1,2026-06-01,y\n999999,2026-06-01,z\n");
    CliRun run =
        CliRun.in(
            work,
            "--repo",
            "demo",
            "get-historical-features",
            "--entity-sql",
            "SELECT * FROM read_csv('E.csv') ORDER BY sample_index DESC",
            "--features",
            "classification_features:target",
            "--output",
            "out.csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("Wrote 3 rows to out.csv");
    List<String> lines = Files.readAllLines(work.resolve("out.csv"));
    assertThat(lines.get(0)).isEqualTo("sample_index,event_timestamp,note,target");
    assertThat(lines.get(1)).isEqualTo("999999,2026-06-01T00:00:00Z,z,");
    assertThat(lines.get(2)).startsWith("5,2026-06-01T00:00:00Z,x,").doesNotEndWith(",");
    assertThat(lines.get(3)).startsWith("1,2026-06-01T00:00:00Z,y,").doesNotEndWith(",");
  }

  @Test
  void entitySqlWithoutOrderByWarnsThatTheOrderIsUnspecified() {
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-sql",
            "SELECT 5 AS sample_index, TIMESTAMP '2026-06-01 00:00:00' AS event_timestamp",
            "--features",
            "classification_features:target",
            "--output",
            "o.parquet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo("warning: " + dev.larder.core.offline.EntityRows.Query.UNORDERED_WARNING + "\n");
    assertThat(repo.resolve("o.parquet")).isRegularFile();
  }

  @Test
  void entityDfAndEntitySqlTogetherAreAUsageErrorNamingBoth() throws IOException {
    Files.writeString(repo.resolve("E.csv"), "sample_index,event_timestamp\n1,2026-01-01\n");
    CliRun both =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--entity-sql",
            "SELECT 1",
            "--features",
            "classification_features:target",
            "--output",
            "o.csv");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.firstErrorLine())
        .startsWith("error: ")
        .contains("--entity-df")
        .contains("--entity-sql")
        .contains("mutually exclusive");
    assertThat(repo.resolve("o.csv")).doesNotExist();
  }

  @Test
  void entitySqlThatIsNotOneSelectOrNotValidExitsOneWithTheEnginesMessage() {
    CliRun drop =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-sql",
            "DROP TABLE x",
            "--features",
            "classification_features:target",
            "--output",
            "o.csv");
    assertThat(drop.exitCode()).isEqualTo(1);
    assertThat(drop.firstErrorLine()).startsWith("error: ").contains("single read-only query");
    assertThat(drop.err()).contains("SELECT");
    CliRun syntax =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-sql",
            "SELEC 1",
            "--features",
            "classification_features:target",
            "--output",
            "o.csv");
    assertThat(syntax.exitCode()).isEqualTo(1);
    assertThat(syntax.firstErrorLine())
        .isEqualTo(
            "error: the entity query is not valid SQL: Parser Error: syntax error at or near"
                + " \"SELEC\"");
    CliRun noKey =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-sql",
            "SELECT DATE '2026-01-01' AS event_timestamp",
            "--features",
            "classification_features:target",
            "--output",
            "o.csv");
    assertThat(noKey.exitCode()).isEqualTo(1);
    assertThat(noKey.firstErrorLine())
        .contains("needs entity column 'sample_index', which is not in the entity query");
  }

  /** The rows of the sample repository's Parquet file, by DuckDB: the reference for time ranges. */
  private List<List<Object>> latestIn(String start, String end) throws Exception {
    String data = repo.resolve("data/classification_data.parquet").toString().replace("'", "''");
    String sql =
        "SELECT sample_index, feature_0, target FROM (SELECT *, row_number() OVER (PARTITION BY"
            + " sample_index ORDER BY event_timestamp DESC, created_timestamp DESC) AS rn FROM"
            + " read_parquet('"
            + data
            + "') WHERE event_timestamp <= TIMESTAMPTZ '"
            + end
            + "') WHERE rn = 1 AND sample_index IN (SELECT sample_index FROM read_parquet('"
            + data
            + "') WHERE event_timestamp BETWEEN TIMESTAMPTZ '"
            + start
            + "' AND TIMESTAMPTZ '"
            + end
            + "') ORDER BY sample_index";
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          rows.add(List.of(rs.getLong(1), rs.getDouble(2), rs.getLong(3)));
        }
      }
    }
    return rows;
  }

  /**
   * Issue 11's acceptance: without entity rows, {@code --start-date 2025-01-01 --end-date
   * 2026-01-01} on the sample repository gives one row per sample with a row in 2025 (every sample:
   * the generator draws each first row in 2025), ordered by key, at the end date, with the latest
   * values; JSON on stdout without --output, the same rows in a file with it.
   */
  @Test
  void withoutEntityRowsEveryKeyWithRowsInTheRangeComesAtTheEndDateAsJson() throws Exception {
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--features",
            "classification_features:feature_0,classification_features:target",
            "--start-date",
            "2025-01-01",
            "--end-date",
            "2026-01-01");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode rows = new ObjectMapper().readTree(run.out());
    List<List<Object>> expected = latestIn("2025-01-01 00:00:00+00", "2026-01-01 00:00:00+00");
    assertThat(expected).hasSize(1000);
    assertThat(rows.size()).isEqualTo(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      List<String> names = new ArrayList<>();
      row.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("sample_index", "event_timestamp", "feature_0", "target");
      assertThat(row.get("event_timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(
              List.<Object>of(
                  row.get("sample_index").asLong(),
                  row.get("feature_0").asDouble(),
                  row.get("target").asLong()))
          .isEqualTo(expected.get(i));
      assertThat(row.get("sample_index").isIntegralNumber()).isTrue();
    }

    CliRun file =
        CliRun.in(
            repo,
            "get-historical-features",
            "--features",
            "classification_features:feature_0,classification_features:target",
            "--start-date",
            "2025-06-01",
            "--end-date",
            "2025-07-01T00:00:00Z",
            "--output",
            "range.csv");
    assertThat(file.exitCode()).as(file.err()).isZero();
    List<String> lines = Files.readAllLines(repo.resolve("range.csv"));
    List<List<Object>> june = latestIn("2025-06-01 00:00:00+00", "2025-07-01 00:00:00+00");
    assertThat(june).hasSizeBetween(30, 200);
    assertThat(lines).hasSize(june.size() + 1);
    assertThat(lines.get(0)).isEqualTo("sample_index,event_timestamp,feature_0,target");
    for (int i = 0; i < june.size(); i++) {
      assertThat(lines.get(i + 1))
          .isEqualTo(
              june.get(i).get(0)
                  + ",2025-07-01T00:00:00Z,"
                  + june.get(i).get(1)
                  + ","
                  + june.get(i).get(2));
    }
  }

  @Test
  void datesWithEntityRowsOrAStartAfterTheEndAreUsageErrors() throws IOException {
    Files.writeString(repo.resolve("E.csv"), "sample_index,event_timestamp\n1,2026-01-01\n");
    CliRun mixed =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--end-date",
            "2026-01-01",
            "--features",
            "classification_features:target");
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.firstErrorLine())
        .isEqualTo(
            "error: --end-date cannot be combined with --entity-df: the dates choose the keys"
                + " when there are no entity rows; give either entity rows or a date range");
    CliRun backwards =
        CliRun.in(
            repo,
            "get-historical-features",
            "--start-date",
            "2026-01-02",
            "--end-date",
            "2026-01-01",
            "--features",
            "classification_features:target");
    assertThat(backwards.exitCode()).isEqualTo(2);
    assertThat(backwards.firstErrorLine())
        .isEqualTo(
            "error: the start date 2026-01-02T00:00:00Z is after the end date"
                + " 2026-01-01T00:00:00Z");
    CliRun badDate =
        CliRun.in(
            repo,
            "get-historical-features",
            "--start-date",
            "yesterday",
            "--features",
            "classification_features:target");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.firstErrorLine()).startsWith("error: ").contains("--start-date");
  }

  /**
   * Neither entity rows nor dates: Feast's defaults, the 30 days before now (the sample view has no
   * ttl); the sample data lies in 2025, so nothing is found and the JSON is an empty array.
   */
  @Test
  void neitherEntityRowsNorDatesReadsTheThirtyDaysBeforeNow() {
    CliRun run =
        CliRun.in(repo, "get-historical-features", "--features", "classification_features:target");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("[]");
    assertThat(run.err())
        .isEqualTo(
            "warning: no key of the requested views has rows from the end date minus the greatest"
                + " ttl of the views (30 days without one) to now; give --start-date and"
                + " --end-date around the data's event times\n");
  }

  /** JSON on stdout works for entity rows too: in input order, with the entity's columns. */
  @Test
  void entityRowsWithoutOutputPrintJson() throws Exception {
    Files.writeString(
        repo.resolve("E.csv"),
        "sample_index,event_timestamp,zip\n5,2026-06-01,007\n999999,2026-06-01,x\n");
    CliRun run =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:target");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(run.out());
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).get("sample_index").asLong()).isEqualTo(5L);
    assertThat(rows.get(0).get("event_timestamp").asText()).isEqualTo("2026-06-01T00:00:00Z");
    assertThat(rows.get(0).get("target").isIntegralNumber()).isTrue();
    assertThat(rows.get(1).get("target").isNull()).isTrue();
    assertThat(rows.get(1).get("zip").asText()).isEqualTo("x");
  }
}
