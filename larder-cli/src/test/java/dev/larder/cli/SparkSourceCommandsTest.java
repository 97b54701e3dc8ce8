package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.SqliteRegistryStore;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark table and query sources (DESIGN B9) through the commands: the DuckDB engine's repository
 * refuses them at plan and apply, naming the fix; a registry that holds them (applied under the
 * Spark engine) shows them in every inspecting command.
 */
class SparkSourceCommandsTest {
  static final String SPARK_DEFINITIONS =
      """
      sources:
        - name: lake_trips
          type: spark
          table: lake.trips
          timestamp_field: event_timestamp
          created_timestamp_column: created
        - name: recent_trips
          type: spark
          query: "SELECT * FROM lake.trips WHERE event_timestamp >= '2025-01-01'"
          timestamp_field: event_timestamp
      feature_views:
        - name: trip_stats
          entities: [sample]
          source: lake_trips
          schema:
            - {name: trips, dtype: Int64}
      """;

  @TempDir Path work;
  Path repo;

  @BeforeEach
  void initRepo() throws IOException {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    Files.writeString(repo.resolve("spark.yaml"), SPARK_DEFINITIONS);
  }

  @Test
  void planAndApplyWithTheDuckDbEngineExitOneNamingTheSourceAndTheFix() {
    for (String command : new String[] {"plan", "apply"}) {
      CliRun run = CliRun.in(repo, command);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
      assertThat(run.firstErrorLine())
          .startsWith("error: ")
          .contains("spark.yaml")
          .contains(
              "spark source 'lake_trips' reads the Spark table 'lake.trips', which the duckdb"
                  + " offline engine cannot read");
      assertThat(run.err()).contains("offline_store: {type: spark, spark_conf:");
    }
    CliRun list = CliRun.in(repo, "data-sources", "list");
    assertThat(list.out()).doesNotContain("lake_trips");
  }

  @Test
  void aRegistryHoldingThemShowsThemInDumpListDescribeAndLineage() {
    RepoDefinitions defs = DefinitionLoader.load(repo);
    try (Registry registry =
        new Registry(
            new SqliteRegistryStore(repo.resolve("data/registry.db"), "classification"),
            "classification",
            definitions -> {}, // as the Spark engine would check them
            Clock.systemUTC(),
            new Actor("ana"))) {
      registry.apply(defs);
    }
    CliRun dump = CliRun.in(repo, "registry-dump");
    assertThat(dump.exitCode()).as(dump.err()).isZero();
    assertThat(dump.out())
        .contains("\"kind\": \"spark_source\"")
        .contains("\"table\": \"lake.trips\"")
        .contains("\"query\": \"SELECT * FROM lake.trips WHERE event_timestamp >= '2025-01-01'\"");

    CliRun list = CliRun.in(repo, "data-sources", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains("spark table lake.trips, timestamp event_timestamp")
        .contains(
            "spark query SELECT * FROM lake.trips WHERE event_timestamp >= '2025-01-…,"
                + " timestamp event_timestamp");

    CliRun describe = CliRun.in(repo, "data-sources", "describe", "recent_trips");
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    assertThat(describe.out())
        .contains("kind: spark_source")
        .contains("query: SELECT * FROM lake.trips WHERE event_timestamp >= '2025-01-01'")
        .contains("created:");

    CliRun lineage = CliRun.in(repo, "lineage", "lake_trips");
    assertThat(lineage.exitCode()).as(lineage.err()).isZero();
    assertThat(lineage.out()).contains("spark table lake.trips").contains("trip_stats");

    CliRun retrieve =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-sql",
            "SELECT 1 AS sample_index, DATE '2025-06-01' AS event_timestamp",
            "--features",
            "trip_stats:trips",
            "--output",
            "o.csv");
    assertThat(retrieve.exitCode()).isEqualTo(1);
    assertThat(retrieve.firstErrorLine())
        .contains("spark source 'lake_trips'")
        .contains("duckdb offline engine cannot read");
  }
}
