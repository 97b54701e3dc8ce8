package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.EntityRowsHash;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entity rows from a query in the engine's own SQL ({@link EntityRows.Query}, {@code
 * get-historical-features --entity-sql}), written once for every offline engine, in SQL that DuckDB
 * and Spark SQL both accept ({@code SELECT … UNION ALL …}, {@code TIMESTAMP '…'} literals): the
 * query's top-level {@code ORDER BY} is the output order and no warning is given; without one (an
 * {@code ORDER BY} in a subquery does not count) the summary warns with {@link
 * EntityRows.Query#UNORDERED_WARNING}; anything but one read-only query, and a result without the
 * join keys or {@code event_timestamp}, is an {@link InvalidArgumentException}; a frame's entity
 * rows hash as the same rows given in Java. An engine's test extends this class and names its
 * {@code offline_store} section.
 */
public abstract class EntityQueryContract {
  private static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats.csv, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: conv_rate, dtype: Float64}
            - {name: city, dtype: String}
      """;
  private static final String STATS =
      """
      driver_id,event_timestamp,created,conv_rate,city
      1,2024-01-01T00:00:00Z,2024-01-01T00:00:01Z,0.1,paris
      1,2024-01-02T00:00:00Z,2024-01-02T00:00:01Z,0.2,lyon
      2,2024-01-01T00:00:00Z,,0.5,
      1,2024-01-03T00:00:00Z,2024-01-03T00:00:01Z,0.3,nice
      """;

  /** Three rows, the label column giving their order. */
  protected static final String ROWS =
      "SELECT 2 AS driver_id, TIMESTAMP '2024-01-05 00:00:00' AS event_timestamp, 'b' AS label"
          + " UNION ALL SELECT 1, TIMESTAMP '2024-01-02 12:00:00', 'a'"
          + " UNION ALL SELECT 1, TIMESTAMP '2024-01-05 00:00:00', 'c'";

  @TempDir protected Path dir;
  private Path repo;
  private RetrievalPlan plan;

  /** The {@code offline_store} section (YAML flow text) that opens the engine under test. */
  protected abstract String offlineStore();

  /** Opens the engine under test; by default through its factory. */
  protected OfflineEngine openEngine(RepoConfig config) {
    return OfflineEngine.open(config);
  }

  @BeforeEach
  void writeRepository() throws IOException {
    repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve(RepoConfig.FILE),
        "project: contract\n"
            + "registry: data/registry.db\n"
            + "provider: local\n"
            + "online_store: {type: sqlite, path: data/online_store.db}\n"
            + "offline_store: "
            + offlineStore()
            + "\n"
            + "entity_key_serialization_version: 3\n");
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    Files.writeString(repo.resolve("data/stats.csv"), STATS);
    plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:conv_rate"),
                FeatureReference.parse("driver_stats:city")),
            DefinitionLookup.of(DefinitionLoader.load(repo)),
            false);
  }

  private EntityRows.Query query(String sql) {
    return EntityRows.query(sql, dir);
  }

  private String csv(OfflineEngine engine, EntityRows rows, RetrievalSummary[] summary)
      throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime() + ".csv");
    summary[0] = engine.writeHistoricalFeatures(HistoricalRequest.of(rows, plan), out);
    return Files.readString(out);
  }

  @Test
  public void rowsComeInTheQuerysOrderWithTheirColumnsAndNoWarning() throws IOException {
    RetrievalSummary[] summary = new RetrievalSummary[1];
    try (OfflineEngine engine = openEngine(RepoConfig.load(repo))) {
      assertThat(csv(engine, query(ROWS + " ORDER BY label DESC"), summary))
          .isEqualTo(
              "driver_id,event_timestamp,label,conv_rate,city\n"
                  + "1,2024-01-05T00:00:00Z,c,0.3,nice\n"
                  + "2,2024-01-05T00:00:00Z,b,0.5,\n"
                  + "1,2024-01-02T12:00:00Z,a,0.2,lyon\n");
      assertThat(summary[0].warnings()).isEmpty();
      assertThat(summary[0].matchedRows()).containsExactly(3L);

      TrainingFrame frame =
          engine.getHistoricalFeatures(
              HistoricalRequest.of(query(ROWS + " ORDER BY label DESC"), plan));
      assertThat(frame.summary().warnings()).isEmpty();
      assertThat(frame.column("label").get(0)).isEqualTo("c");
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
      assertThat(EntityRowsHash.sha256(frame)).isEqualTo(EntityRowsHash.sha256(same));
    }
  }

  @Test
  public void withoutTopLevelOrderByTheSummaryWarnsThatTheOrderIsUnspecified() throws IOException {
    RetrievalSummary[] summary = new RetrievalSummary[1];
    try (OfflineEngine engine = openEngine(RepoConfig.load(repo))) {
      String out = csv(engine, query(ROWS), summary);
      assertThat(out.lines().skip(1).sorted().toList())
          .containsExactly(
              "1,2024-01-02T12:00:00Z,a,0.2,lyon",
              "1,2024-01-05T00:00:00Z,c,0.3,nice",
              "2,2024-01-05T00:00:00Z,b,0.5,");
      assertThat(summary[0].warnings()).containsExactly(EntityRows.Query.UNORDERED_WARNING);
      TrainingFrame nested =
          engine.getHistoricalFeatures(
              HistoricalRequest.of(
                  query("SELECT * FROM (" + ROWS + " ORDER BY label) AS e"), plan));
      assertThat(nested.summary().warnings()).containsExactly(EntityRows.Query.UNORDERED_WARNING);
    }
  }

  @Test
  public void onlyOneReadOnlyQueryReturningTheKeysAndTimestampIsAccepted() {
    try (OfflineEngine engine = openEngine(RepoConfig.load(repo))) {
      for (String sql :
          List.of(
              "DROP TABLE stats",
              "CREATE TABLE t AS SELECT 1 AS driver_id",
              ROWS + "; " + ROWS,
              "SELEC 1")) {
        assertThatThrownBy(
                () -> engine.getHistoricalFeatures(HistoricalRequest.of(query(sql), plan)))
            .as(sql)
            .isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("entity query");
      }
      assertThatThrownBy(
              () ->
                  engine.getHistoricalFeatures(
                      HistoricalRequest.of(
                          query("SELECT 1 AS driver_id, TIMESTAMP '2024-01-01 00:00:00' AS ts"),
                          plan)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("event_timestamp");
      assertThatThrownBy(
              () ->
                  engine.getHistoricalFeatures(
                      HistoricalRequest.of(
                          query(
                              "SELECT 1 AS driver, TIMESTAMP '2024-01-01 00:00:00' AS"
                                  + " event_timestamp"),
                          plan)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("'driver_id'");
    }
  }
}
