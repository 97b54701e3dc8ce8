package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Map} and {@code Json} features through every surface of the DuckDB engine and the SQLite
 * online store: a Parquet {@code MAP} column and {@code JSON} and text columns, retrieval into CSV
 * and Parquet (JSON text), materialization and online reads (maps and text), online writes.
 */
class DocumentTypesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: docs, type: file, path: data/docs.parquet, timestamp_field: event_timestamp}
      feature_views:
        - name: driver_docs
          entities: [driver]
          source: docs
          schema:
            - {name: tags, dtype: Map}
            - {name: profile, dtype: Json}
            - {name: notes, dtype: Json}
      """;

  @TempDir Path repo;
  FeatureStore store;

  @BeforeEach
  void applied() {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/docs.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, tags MAP(VARCHAR, DOUBLE), profile JSON,"
            + " notes VARCHAR",
        "(1, '2024-01-01 00:00:00+00', MAP {'a': 1.5, 'b': 2}, '{\"langs\": [\"fr\", \"en\"]}',"
            + " '[1, {\"x\": null}]')",
        "(2, '2024-01-01 00:00:00+00', NULL, NULL, NULL)");
    store = RepoFixture.applied(repo);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void resultFilesHoldTheJsonText() throws Exception {
    Files.writeString(
        repo.resolve("entities.csv"), "driver_id,event_timestamp\n1,2024-01-02\n2,2024-01-02\n");
    FeatureSelection all =
        FeatureSelection.of("driver_docs:tags", "driver_docs:profile", "driver_docs:notes");
    for (String out : List.of("out.csv", "out.parquet")) {
      store.writeHistoricalFeatures(
          EntityRows.file(repo.resolve("entities.csv")),
          all,
          RetrievalOptions.DEFAULT,
          repo.resolve(out));
      String read =
          out.endsWith(".csv")
              ? "read_csv('" + repo.resolve(out) + "', all_varchar = true)"
              : "read_parquet('" + repo.resolve(out) + "')";
      List<List<String>> rows =
          RepoFixture.query(
              "SELECT CAST(tags AS VARCHAR), CAST(profile AS VARCHAR), CAST(notes AS VARCHAR)"
                  + " FROM "
                  + read
                  + " ORDER BY driver_id");
      assertThat(JSON.readTree(rows.get(0).get(0)))
          .as(out)
          .isEqualTo(JSON.readTree("{\"a\": 1.5, \"b\": 2.0}"));
      assertThat(JSON.readTree(rows.get(0).get(1)))
          .isEqualTo(JSON.readTree("{\"langs\": [\"fr\", \"en\"]}"));
      assertThat(JSON.readTree(rows.get(0).get(2))).isEqualTo(JSON.readTree("[1, {\"x\": null}]"));
      assertThat(rows.get(1)).as(out).containsOnlyNulls();
    }
  }

  @Test
  void materializedMapsAreMapsOnlineAndJsonIsItsText() throws Exception {
    store.materialize(T0, Instant.parse("2024-01-02T00:00:00Z"));
    OnlineFeatures f =
        store.getOnlineFeatures(
            FeatureSelection.of("driver_docs:tags", "driver_docs:profile", "driver_docs:notes"),
            Map.of("driver_id", List.of(1L, 2L)));
    assertThat(f.values("tags").get(0)).isEqualTo(Map.of("a", 1.5, "b", 2.0));
    assertThat(f.values("tags").get(1)).isNull();
    assertThat(f.statuses("tags").get(1)).isEqualTo(FeatureStatus.NULL_VALUE);
    assertThat(f.values("profile").get(0)).isInstanceOf(String.class);
    assertThat(JSON.readTree((String) f.values("profile").get(0)))
        .isEqualTo(JSON.readTree("{\"langs\": [\"fr\", \"en\"]}"));
    assertThat(f.values("notes").get(0)).isEqualTo("[1, {\"x\": null}]");
  }

  @Test
  void onlineWritesTakeMapsJsonTextAndObjects() {
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("z", 1L);
    tags.put("a", "text");
    tags.put("n", null);
    tags.put("ok", true);
    Map<String, List<?>> columns = new LinkedHashMap<>();
    columns.put("driver_id", List.of(7L, 8L));
    columns.put("event_timestamp", List.of("2024-01-01 00:00:00", "2024-01-01 00:00:00"));
    // Feast's remote client sends a Map value as JSON text
    columns.put("tags", List.of(tags, "{\"k\": 2.5}"));
    columns.put("profile", List.of(Map.of("deep", List.of(1, 2)), "\"just text\""));
    columns.put("notes", Arrays.asList(null, "{}"));
    assertThat(store.writeToOnlineStore("driver_docs", columns)).isEqualTo(2);
    OnlineFeatures f =
        store.getOnlineFeatures(
            FeatureSelection.of("driver_docs:tags", "driver_docs:profile", "driver_docs:notes"),
            Map.of("driver_id", List.of(7L, 8L)));
    assertThat(f.values("tags").get(0)).isEqualTo(tags);
    assertThat(List.copyOf(((Map<?, ?>) f.values("tags").get(0)).keySet()))
        .isEqualTo(List.of("z", "a", "n", "ok"));
    assertThat(f.values("tags").get(1)).isEqualTo(Map.of("k", 2.5));
    assertThat(f.values("profile")).containsExactly("{\"deep\":[1,2]}", "\"just text\"");
    assertThat(f.values("notes")).containsExactly(null, "{}");
  }

  @Test
  void valuesThatAreNoMapOrNoJsonAreErrorsNamingTheFix() {
    Map<String, List<?>> columns = new LinkedHashMap<>();
    columns.put("driver_id", List.of(7L));
    columns.put("event_timestamp", List.of("2024-01-01"));
    columns.put("tags", List.of(Map.of("nested", Map.of("x", 1))));
    columns.put("profile", List.of("{}"));
    columns.put("notes", List.of("{}"));
    assertThatThrownBy(() -> store.writeToOnlineStore("driver_docs", columns))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("key 'nested'")
        .hasMessageContaining("Map values are numbers, text, booleans or null");
    columns.put("tags", List.of("[1, 2]"));
    assertThatThrownBy(() -> store.writeToOnlineStore("driver_docs", columns))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not an object");
    columns.put("tags", List.of("{}"));
    columns.put("profile", List.of("{not json"));
    assertThatThrownBy(() -> store.writeToOnlineStore("driver_docs", columns))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not JSON");
  }
}
