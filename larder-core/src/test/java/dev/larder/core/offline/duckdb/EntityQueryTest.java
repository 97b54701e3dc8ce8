package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.EntityRowsHash;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineFixture;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.TrainingFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entity rows from a query in DuckDB's SQL ({@link EntityRows.Query}) on the DuckDB engine. */
class EntityQueryTest {
  @TempDir Path repo;
  @TempDir Path work;
  RetrievalPlan plan;
  OfflineEngine engine;

  @BeforeEach
  void setUp() throws Exception {
    RepoDefinitions defs = OfflineFixture.write(repo);
    plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:conv_rate"),
                FeatureReference.parse("driver_stats:city")),
            DefinitionLookup.of(defs),
            false);
    engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private TrainingFrame frame(String sql) {
    return engine.getHistoricalFeatures(HistoricalRequest.of(EntityRows.query(sql, work), plan));
  }

  private String csv(EntityRows rows) throws Exception {
    Path out = work.resolve("out-" + System.nanoTime() + ".csv");
    engine.writeHistoricalFeatures(HistoricalRequest.of(rows, plan), out);
    return Files.readString(out);
  }

  @Test
  void rowsKeepTheQueryOrderAndColumnsAndMatchTheSameRowsGivenInJava() throws Exception {
    String sql =
        "SELECT * FROM (VALUES (2, TIMESTAMP '2024-01-05 00:00:00', 'b'),"
            + " (1, TIMESTAMP '2024-01-02 12:00:00', 'a'), (1, TIMESTAMP '2024-01-05 00:00:00', 'c'))"
            + " t(driver_id, event_timestamp, label) ORDER BY label DESC";
    EntityRows.Query query = EntityRows.query(sql, work);
    String fromQuery = csv(query);
    assertThat(fromQuery)
        .isEqualTo(
            "driver_id,event_timestamp,label,conv_rate,city\n"
                + "1,2024-01-05T00:00:00Z,c,0.3,nice\n"
                + "2,2024-01-05T00:00:00Z,b,0.5,\n"
                + "1,2024-01-02T12:00:00Z,a,0.2,lyon\n");
    EntityRows.Columns same =
        EntityRows.builder()
            .longs("driver_id", 1, 2, 1)
            .timestamps(
                "event_timestamp",
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-02T12:00:00Z"))
            .strings("label", "c", "b", "a")
            .build();
    assertThat(csv(same)).isEqualTo(fromQuery);

    TrainingFrame frame = engine.getHistoricalFeatures(HistoricalRequest.of(query, plan));
    assertThat(frame.summary().warnings()).isEmpty();
    assertThat(EntityRowsHash.sha256(frame)).isEqualTo(EntityRowsHash.sha256(same));
  }

  @Test
  void withoutTopLevelOrderByTheResultWarnsThatItsOrderIsUnspecified() {
    String rows = "SELECT * FROM (VALUES (1, DATE '2024-01-03')) t(driver_id, event_timestamp)";
    assertThat(frame(rows).summary().warnings())
        .containsExactly(EntityRows.Query.UNORDERED_WARNING);
    assertThat(frame("SELECT * FROM (" + rows + " ORDER BY driver_id)").summary().warnings())
        .as("an ORDER BY in a subquery orders nothing at the top")
        .containsExactly(EntityRows.Query.UNORDERED_WARNING);
    assertThat(frame(rows + " ORDER BY ALL").summary().warnings()).isEmpty();
    assertThat(frame(rows + " UNION ALL " + rows + " ORDER BY 1").summary().warnings()).isEmpty();
    assertThat(frame("WITH e AS (" + rows + ") SELECT * FROM e ORDER BY 2;").summary().warnings())
        .isEmpty();
    assertThat(
            frame("-- the rows\n" + rows + " ORDER BY driver_id LIMIT 5 -- done")
                .summary()
                .warnings())
        .isEmpty();
  }

  @Test
  void aLargeOrderedResultKeepsItsOrder() {
    TrainingFrame frame =
        frame(
            "SELECT (i * 7919) % 300007 AS driver_id, TIMESTAMPTZ '2024-01-03 00:00:00+00' AS"
                + " event_timestamp FROM range(300007) t(i) ORDER BY driver_id DESC");
    FrameColumn ids = frame.column("driver_id");
    assertThat(frame.rowCount()).isEqualTo(300007);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.getLong(i)).isEqualTo(300006 - i);
    }
    assertThat(frame.matchedRows(0).cardinality()).isEqualTo(2);
  }

  @Test
  void relativeFilePathsStartFromTheBaseDirectory() throws Exception {
    Files.writeString(
        work.resolve("entities.csv"),
        "driver_id,event_timestamp\n2,2024-01-01T00:00:00Z\n1,2024-01-03\n");
    String sql = "SELECT * FROM read_csv('entities.csv') ORDER BY event_timestamp DESC";
    assertThat(csv(EntityRows.query(sql, work)))
        .isEqualTo(
            "driver_id,event_timestamp,conv_rate,city\n"
                + "1,2024-01-03T00:00:00Z,0.3,nice\n"
                + "2,2024-01-01T00:00:00Z,0.5,\n");
    assertThatThrownBy(() -> csv(EntityRows.query(sql, repo)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("the entity query failed: IO Error")
        .hasMessageContaining("entities.csv")
        .satisfies(
            e ->
                assertThat(((InvalidArgumentException) e).hint())
                    .contains("relative file paths in it start from " + repo));
    // The search path is the query's only: the same engine reads the next query's own base.
    assertThat(csv(EntityRows.query(sql, work))).startsWith("driver_id,event_timestamp,");
  }

  /**
   * DuckDB's other ways to name a file resolve from the base directory too: a bare path, a glob.
   */
  @Test
  void bareFileNamesAndGlobsStartFromTheBaseDirectory() throws Exception {
    Files.createDirectories(work.resolve("parts"));
    Files.writeString(
        work.resolve("parts/a.csv"), "driver_id,event_timestamp\n2,2024-01-01T00:00:00Z\n");
    Files.writeString(work.resolve("parts/b.csv"), "driver_id,event_timestamp\n1,2024-01-03\n");
    String expected =
        "driver_id,event_timestamp,conv_rate,city\n"
            + "1,2024-01-03T00:00:00Z,0.3,nice\n"
            + "2,2024-01-01T00:00:00Z,0.5,\n";
    assertThat(
            csv(EntityRows.query("SELECT * FROM read_csv('parts/*.csv') ORDER BY driver_id", work)))
        .isEqualTo(expected);
    assertThat(
            csv(
                EntityRows.query(
                    "FROM 'parts/b.csv' UNION ALL FROM 'parts/a.csv' ORDER BY driver_id", work)))
        .isEqualTo(expected);
  }

  @Test
  void anythingButOneReadOnlyQueryIsRefusedBeforeItRuns() throws Exception {
    Path victim = work.resolve("victim.parquet");
    OfflineFixture.execute("COPY (SELECT 1 AS a) TO '" + victim + "' (FORMAT PARQUET)");
    for (String sql :
        List.of(
            "COPY (SELECT 1) TO '" + work.resolve("x.csv") + "'",
            "CREATE TABLE t AS SELECT 1 AS driver_id",
            "INSERT INTO t VALUES (1)",
            "ATTACH '" + work.resolve("other.db") + "'",
            "PRAGMA version",
            "SELECT 1 AS driver_id; DROP TABLE t")) {
      assertThatThrownBy(() -> frame(sql))
          .as(sql)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("single read-only query")
          .satisfies(
              e -> assertThat(((InvalidArgumentException) e).hint()).contains("one SELECT query"));
    }
    assertThat(work.resolve("x.csv")).doesNotExist();
    assertThat(work.resolve("other.db")).doesNotExist();
    assertThatThrownBy(() -> frame("-- nothing but a comment\n;"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("holds no statement");
    assertThatThrownBy(() -> EntityRows.query("  "))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("entity query is empty");
  }

  @Test
  void syntaxAndBindingErrorsCarryDuckDbsMessage() {
    assertThatThrownBy(() -> frame("SELEC driver_id FROM x"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("the entity query is not valid SQL: Parser Error: syntax error")
        .hasMessageContaining("SELEC");
    assertThatThrownBy(() -> frame("SELECT driver_id, event_timestamp FROM no_such_table"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("the entity query failed: Catalog Error")
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("LINE 1: SELECT driver_id, event_timestamp FROM no_such_table")
        .hasMessageNotContaining("__larder");
    assertThatThrownBy(() -> frame("/* mine */\n-- gone\n DELETE FROM t"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith(
            "the entity query must be a single read-only query (SELECT …), not a DELETE"
                + " statement");
  }

  @Test
  void missingColumnsAndBadTimesAreNamedAsForEntityFiles() {
    assertThatThrownBy(() -> frame("SELECT 1 AS driver_id, DATE '2024-01-01' AS event_ts"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("entity query: there is no event_timestamp column")
        .hasMessageContaining("event_ts");
    assertThatThrownBy(() -> frame("SELECT 1 AS driver, DATE '2024-01-01' AS event_timestamp"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("needs entity column 'driver_id', which is not in the entity query")
        .hasMessageContaining("did you mean 'driver'");
    assertThatThrownBy(
            () ->
                frame(
                    "SELECT * FROM (VALUES (1, '2024-01-01'), (2, 'soon'))"
                        + " t(driver_id, event_timestamp)"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("entity query, row 2 of its result: event_timestamp 'soon'");
    assertThatThrownBy(() -> frame("SELECT 1 AS driver_id, 5 AS event_timestamp"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("event_timestamp is INT32, not a timestamp");
    assertThatThrownBy(() -> frame("SELECT 1 AS driver_id, NULL::TIMESTAMP AS event_timestamp"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("event_timestamp is empty");
  }

  @Test
  void textKeysConvertWhenExactAsForEntityFiles() throws Exception {
    assertThat(
            csv(
                EntityRows.query(
                    "SELECT '2' AS driver_id, '2024-01-02T00:00:00+01:00' AS event_timestamp",
                    work)))
        .isEqualTo("driver_id,event_timestamp,conv_rate,city\n2,2024-01-01T23:00:00Z,0.5,\n");
  }

  @Test
  void anotherEnginesFrameCarriesTheSameWarningAndHash() {
    EntityRows.Columns rows =
        EntityRows.builder()
            .longs("driver_id", 1, 2)
            .timestamps(
                "event_timestamp",
                Instant.parse("2024-01-05T00:00:00Z"),
                Instant.parse("2024-01-06T00:00:00Z"))
            .build();
    java.util.BitSet matched = new java.util.BitSet();
    matched.set(0);
    TrainingFrame frame =
        TrainingFrame.builder(plan)
            .column(rows.columns().get(0))
            .column(rows.columns().get(1))
            .column(FrameColumn.ofDoubles("conv_rate", 0.3, 0.5))
            .column(FrameColumn.ofStrings("city", java.util.Arrays.asList("nice", null)))
            .matchedRows(0, matched)
            .entityWarning(EntityRows.Query.UNORDERED_WARNING)
            .build();
    assertThat(frame.summary().warnings()).containsExactly(EntityRows.Query.UNORDERED_WARNING);
    assertThat(frame.summary().entityWarnings())
        .containsExactly(EntityRows.Query.UNORDERED_WARNING);
    assertThat(EntityRowsHash.sha256(frame)).isEqualTo(EntityRowsHash.sha256(rows));
  }
}
