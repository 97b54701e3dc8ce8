package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void entityDfAndEntitySqlTogetherOrNeitherAreUsageErrorsNamingBoth() throws IOException {
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
    CliRun neither =
        CliRun.in(
            repo,
            "get-historical-features",
            "--features",
            "classification_features:target",
            "--output",
            "o.csv");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.firstErrorLine())
        .startsWith("error: Missing required argument")
        .contains("--entity-df")
        .contains("--entity-sql");
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
}
