package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.lineage.LineageFormat;
import dev.larder.core.lineage.LineageGraph;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.lineage.ProjectLineage;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.model.SparkSource;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.online.PushMode;
import dev.larder.core.online.PushWriter;
import dev.larder.core.online.SqliteOnlineStore;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.Registry;
import dev.larder.core.registry.RegistryDiff;
import dev.larder.core.registry.SqliteRegistryStore;
import dev.larder.core.source.SourceValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark table and query sources (DESIGN B9) in definitions: parsed, kept in the registry, shown by
 * lineage, and refused by the DuckDB engine and by a push to offline, each naming the fix.
 */
class SparkSourceDefinitionsTest {
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - name: trips
          type: spark
          table: lake.trips
          timestamp_field: event_timestamp
          created_timestamp_column: created
          field_mapping: {trip_count: trips}
        - name: recent
          type: spark
          query: "SELECT * FROM lake.trips WHERE event_timestamp > '2025-01-01'"
          timestamp_field: ts
        - {name: live, type: push, batch_source: trips}
        - name: inline_push
          type: push
          batch_source: {name: pushed_rows, type: spark, table: "`raw-db`.pushed", timestamp_field: ts}
      feature_views:
        - name: driver_trips
          entities: [driver]
          source: trips
          schema:
            - {name: trips, dtype: Int64}
        - name: live_trips
          entities: [driver]
          source: live
          schema:
            - {name: trips, dtype: Int64}
      """;

  @TempDir Path repo;

  private RepoDefinitions write(String definitions) throws IOException {
    Files.writeString(repo.resolve("features.yaml"), definitions);
    return DefinitionLoader.load(repo);
  }

  @Test
  void tableAndQuerySourcesAreReadWithTheFileSourcesKeys() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    assertThat(defs.source("trips"))
        .contains(
            new SparkSource(
                "trips",
                "lake.trips",
                null,
                "event_timestamp",
                "created",
                Map.of("trip_count", "trips")));
    SparkSource recent = (SparkSource) defs.source("recent").orElseThrow();
    assertThat(recent.isTable()).isFalse();
    assertThat(recent.query()).startsWith("SELECT * FROM lake.trips");
    assertThat(recent.tableParts()).isEmpty();
    assertThat(recent.label()).isEqualTo("spark source 'recent'");
    PushSource live = (PushSource) defs.source("live").orElseThrow();
    assertThat(live.batchSource()).isSameAs(defs.source("trips").orElseThrow());
    SparkSource pushed = (SparkSource) defs.source("inline_push").orElseThrow().batchSource();
    assertThat(pushed.tableParts()).containsExactly("raw-db", "pushed");
    assertThat(((SparkSource) defs.source("trips").orElseThrow()).sourceColumn("trips"))
        .isEqualTo("trip_count");
    assertThat(((SparkSource) defs.source("trips").orElseThrow()).tableParts())
        .containsExactly("lake", "trips");
  }

  @Test
  void exactlyOneOfTableAndQueryAndNoFileKeys() throws IOException {
    String both =
        "sources:\n  - {name: s, type: spark, table: t, query: 'SELECT 1', timestamp_field: ts}\n";
    assertThatThrownBy(() -> write(both))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("features.yaml")
        .hasMessageContaining("spark source 's'")
        .hasMessageContaining("either 'table' or 'query', not both");
    assertThatThrownBy(() -> write("sources:\n  - {name: s, type: spark, timestamp_field: ts}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("give 'table' (a table of the Spark catalog, e.g. table: db.events)");
    assertThatThrownBy(
            () ->
                write(
                    "sources:\n  - {name: s, type: spark, path: data/x.parquet, timestamp_field:"
                        + " ts}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("not path")
        .hasMessageContaining("type: file with path:");
    assertThatThrownBy(
            () -> write("sources:\n  - {name: s, type: spark, table: t, timestamp_feild: ts}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("timestamp_feild")
        .hasMessageContaining("timestamp_field");
    assertThatThrownBy(() -> write("sources:\n  - {name: s, type: spark, table: t}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("timestamp_field");
    assertThatThrownBy(
            () ->
                write(
                    "sources:\n  - {name: s, type: spark, table: 'a.b c', timestamp_field: ts}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("table 'a.b c' is not a table name");
    assertThatThrownBy(
            () -> write("sources:\n  - {name: s, type: sprak, table: t, timestamp_field: ts}\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("did you mean 'spark'");
    assertThatThrownBy(() -> new SparkSource("s", "a.b.c.d", null, "ts", null, null))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("catalog.db.table");
    assertThatThrownBy(() -> new SparkSource("s", "t", null, "ts", "ts", null))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("timestamp_field and created_timestamp_column are both 'ts'");
  }

  @Test
  void theCanonicalJsonRoundTripsAndFileBatchSourcesKeepTheirOldForm() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    String json = DefinitionJson.write(defs);
    assertThat(DefinitionJson.readDefinitions(json)).isEqualTo(defs);
    assertThat(DefinitionJson.write(defs.source("trips").orElseThrow()))
        .isEqualTo(
            "{\"kind\":\"spark_source\",\"name\":\"trips\",\"table\":\"lake.trips\",\"query\":null,"
                + "\"timestamp_field\":\"event_timestamp\",\"created_timestamp_column\":\"created\","
                + "\"field_mapping\":{\"trip_count\":\"trips\"}}");
    assertThat(DefinitionJson.write(defs.source("live").orElseThrow()))
        .startsWith("{\"kind\":\"push_source\",\"name\":\"live\",\"batch_source\":{\"kind\":");
    PushSource filePush =
        new PushSource("p", new FileSource("f", "data/pushed", "ts", null, Map.of()));
    assertThat(DefinitionJson.write(filePush))
        .isEqualTo(
            "{\"kind\":\"push_source\",\"name\":\"p\",\"batch_source\":{\"name\":\"f\","
                + "\"path\":\"data/pushed\",\"format\":\"parquet\",\"timestamp_field\":\"ts\","
                + "\"created_timestamp_column\":null,\"field_mapping\":{}}}");
    assertThat(DefinitionJson.read(DefinitionJson.write(filePush))).isEqualTo(filePush);
  }

  private Registry registry() {
    return new Registry(
        new SqliteRegistryStore(repo.resolve("registry.db"), "spark_defs"),
        "spark_defs",
        definitions -> {},
        Clock.systemUTC(),
        new Actor("ana"));
  }

  @Test
  void theRegistryKeepsThemAndPlansShowTheirChangesAndLineageNamesThem() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    try (Registry registry = registry()) {
      registry.apply(defs);
      assertThat(registry.snapshot().definitions()).isEqualTo(defs);
      assertThat(registry.dumpJson())
          .contains("\"kind\": \"spark_source\"")
          .contains("\"table\": \"lake.trips\"");

      RepoDefinitions moved = write(DEFINITIONS.replace("table: lake.trips", "table: lake.trips2"));
      RegistryDiff plan = registry.plan(moved);
      assertThat(plan.text())
          .contains("~ update data source trips")
          .contains("    table: lake.trips → lake.trips2  [breaking: changed source]")
          .contains("~ update feature view driver_trips");

      ProjectLineage lineage = ProjectLineage.of(registry.snapshot(), registry.runs());
      LineageGraph graph = lineage.graph("trips", NodeKind.SOURCE);
      assertThat(LineageFormat.TEXT.render(graph)).contains("spark table lake.trips");
      assertThat(LineageFormat.JSON.render(graph))
          .contains("\"type\": \"spark\"")
          .contains("\"table\": \"lake.trips\"");
      assertThat(LineageFormat.JSON.render(lineage.graph("recent", NodeKind.SOURCE)))
          .contains("\"query\": \"SELECT * FROM lake.trips");
    }
  }

  @Test
  void theDuckDbEngineRefusesThemAtApplyAndAtRetrievalNamingTheSparkEngine() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    OfflineEngine duckDb = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
    assertThatThrownBy(() -> SourceValidator.validate(defs, duckDb))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("features.yaml")
        .hasMessageContaining(
            "spark source 'trips' reads the Spark table 'lake.trips', which the duckdb offline"
                + " engine cannot read")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .contains("offline_store: {type: spark, spark_conf:")
                    .contains("type: file"));

    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(dev.larder.core.model.FeatureReference.parse("driver_trips:trips")),
            DefinitionLookup.of(defs),
            false);
    try (OfflineEngine engine = duckDb) {
      assertThatThrownBy(
              () ->
                  engine.getHistoricalFeatures(
                      HistoricalRequest.of(
                          EntityRows.forKeys("driver_id", List.of(1L), Instant.now()), plan)))
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageContaining("which the duckdb offline engine cannot read");
    }
  }

  @Test
  void aPushToOfflineThroughASparkBatchSourceIsRefusedNamingTheFix() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    try (Registry registry = registry();
        SqliteOnlineStore online = new SqliteOnlineStore(repo.resolve("online.db"), "spark_defs")) {
      registry.apply(defs);
      PushWriter writer =
          new PushWriter(
              registry::snapshot,
              online,
              () -> {
                throw new AssertionError("the engine is not asked");
              });
      Map<String, List<?>> row =
          Map.of(
              "driver_id", List.of(1L),
              "event_timestamp", List.of("2025-01-01T00:00:00Z"),
              "created", List.of("2025-01-01T00:00:00Z"),
              "trips", List.of(3L));
      assertThatThrownBy(() -> writer.push("live", row, PushMode.OFFLINE))
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageContaining(
              "cannot push to offline through push source 'live': its batch_source is spark"
                  + " source 'trips'")
          .satisfies(
              e ->
                  assertThat(((InvalidDefinitionException) e).hint())
                      .contains("Push with to: online")
                      .contains("type: file"));
      assertThat(writer.push("live", row, PushMode.ONLINE)).isEqualTo(1);
    }
  }

  @Test
  void sourcesOfEveryKindShareTheDataSourceNamespace() throws IOException {
    RepoDefinitions defs = write(DEFINITIONS);
    assertThat(defs.sources().stream().map(DataSource::name))
        .containsExactly("trips", "recent", "live", "inline_push");
  }
}
