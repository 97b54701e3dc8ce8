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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder init --template driver}: Feast's driver template, generated, applies and serves as
 * Feast's quickstart uses it: point-in-time retrieval as of 2021-04-12 through a feature service,
 * then materialize-incremental and online reads of the latest hour, each value checked against the
 * generated Parquet file read independently with DuckDB.
 */
class InitDriverTemplateTest {
  @TempDir Path work;

  @Test
  void theDriverTemplateAppliesRetrievesMaterializesAndServes() throws Exception {
    CliRun init = CliRun.in(work, "init", "driver", "--template", "driver");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.err()).isEmpty();
    assertThat(init.out())
        .contains("driver_repo.yaml")
        .contains("data/driver_stats/driver_stats.parquet (1805 rows")
        .contains("Left out of Feast's template")
        .contains("transformed_conv_rate");
    Path repo = work.resolve("driver");
    assertThat(Files.readString(repo.resolve("driver_repo.yaml")))
        .contains("#   - on-demand feature views transformed_conv_rate")
        .contains("  - name: driver_hourly_stats_fresh\n")
        .contains("file_format: parquet");
    assertThat(Files.readString(repo.resolve("feature_store.yaml"))).contains("type: no_auth");

    CliRun apply = CliRun.in(repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.err()).as("Feast's template keys are all used: no warning").isEmpty();

    CliRun describe = CliRun.in(repo, "feature-views", "describe", "driver_hourly_stats");
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains("- name: avg_daily_trips\n  dtype: Int64\n  description: Average daily trips\n");

    // Feast's quickstart: entity rows on 2021-04-12, ttl 1 day, the 07:00 row of each driver
    Files.writeString(
        work.resolve("entities.csv"),
        "driver_id,event_timestamp\n"
            + "1001,2021-04-12T10:59:42Z\n"
            + "1002,2021-04-12T08:12:10Z\n"
            + "1003,2021-04-12T16:40:26Z\n"
            + "1004,2021-04-14T07:00:01Z\n");
    CliRun historical =
        CliRun.in(
            work,
            "--repo",
            "driver",
            "get-historical-features",
            "--entity-df",
            "entities.csv",
            "--feature-service",
            "driver_activity_v2",
            "--output",
            "training.csv");
    assertThat(historical.exitCode()).as(historical.err()).isZero();
    List<String> lines = Files.readAllLines(work.resolve("training.csv"));
    assertThat(lines.get(0))
        .isEqualTo("driver_id,event_timestamp,conv_rate,acc_rate,avg_daily_trips");
    Path data = repo.resolve("data/driver_stats/driver_stats.parquet");
    for (int i = 1; i <= 3; i++) {
      long driver = 1000 + i;
      List<Object> row = row(data, driver, "TIMESTAMPTZ '2021-04-12 07:00:00+00'");
      String[] cells = lines.get(i).split(",", -1);
      assertThat(cells[0]).isEqualTo(Long.toString(driver));
      assertThat(Float.parseFloat(cells[2])).isEqualTo(row.get(0));
      assertThat(Float.parseFloat(cells[3])).isEqualTo(row.get(1));
      assertThat(Long.parseLong(cells[4])).isEqualTo(row.get(2));
    }
    assertThat(lines.get(4)).as("past the 1-day ttl").isEqualTo("1004,2021-04-14T07:00:01Z,,,");

    CliRun materialize = CliRun.in(repo, "materialize-incremental", Instant.now().toString());
    assertThat(materialize.exitCode()).as(materialize.err()).isZero();
    assertThat(materialize.out()).contains("driver_hourly_stats: 5 rows");

    CliRun online =
        CliRun.in(
            repo,
            "get-online-features",
            "--feature-service",
            "driver_activity_v1",
            "--entity",
            "driver_id=1001,1005,9999");
    assertThat(online.exitCode()).as(online.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(online.out());
    assertThat(json.get("metadata").get("feature_names").toString())
        .isEqualTo("[\"driver_id\",\"conv_rate\"]");
    JsonNode conv = json.get("results").get(1);
    assertThat(conv.get("statuses").toString())
        .isEqualTo("[\"PRESENT\",\"PRESENT\",\"NOT_FOUND\"]");
    for (int i = 0; i < 2; i++) {
      long driver = i == 0 ? 1001 : 1005;
      List<Object> latest =
          row(data, driver, "(SELECT max(event_timestamp) FROM read_parquet('" + data + "'))");
      assertThat((float) conv.get("values").get(i).asDouble()).isEqualTo(latest.get(0));
    }
  }

  /** conv_rate, acc_rate and avg_daily_trips of one row of the file, read with DuckDB. */
  private static List<Object> row(Path parquet, long driver, String time) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT conv_rate, acc_rate, avg_daily_trips FROM read_parquet('"
                    + parquet
                    + "') WHERE driver_id = "
                    + driver
                    + " AND event_timestamp = "
                    + time)) {
      assertThat(r.next()).as("row of driver " + driver + " at " + time).isTrue();
      List<Object> out = new ArrayList<>();
      out.add(r.getFloat(1));
      out.add(r.getFloat(2));
      out.add(r.getLong(3));
      assertThat(r.next()).isFalse();
      return out;
    }
  }

  @Test
  void theDefaultTemplateIsUnchanged() throws IOException {
    CliRun run = CliRun.in(work, "init", "repo");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(work.resolve("repo/features.yaml")).exists();
    assertThat(work.resolve("repo/driver_repo.yaml")).doesNotExist();
  }
}
