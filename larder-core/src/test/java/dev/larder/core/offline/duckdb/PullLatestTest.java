package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineFixture;
import dev.larder.core.offline.ViewPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB engine's ways of reading the latest rows per key (DESIGN B6): the sorted scan and the
 * grouped plan give the same rows in the same order. The rules themselves are checked for every
 * engine by larder-testkit's {@code OfflineEngineContract}.
 */
class PullLatestTest {

  /** The sorted scan is otherwise kept for sources of 100,000 rows or more. */
  @BeforeAll
  static void sortedScanOnSmallSources() {
    System.setProperty(DuckDbLatestRows.SORTED_SCAN_MIN_ROWS_PROPERTY, "0");
  }

  @AfterAll
  static void sortedScanDefault() {
    System.clearProperty(DuckDbLatestRows.SORTED_SCAN_MIN_ROWS_PROPERTY);
  }

  @TempDir Path repo;

  static Instant t(String text) {
    return Instant.parse(text);
  }

  /** Each store's latest {@code v} in cursor order, after the name of the plan that found them. */
  private List<Object> pullStores(RepoDefinitions defs) throws Exception {
    ViewPlan plan =
        ViewPlan.allFeatures(defs.requireFeatureView("by_store"), DefinitionLookup.of(defs));
    List<Object> out = new ArrayList<>();
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
        LatestRows rows =
            engine.pullLatest(
                new LatestRequest(plan, t("2023-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z")))) {
      out.add(((DuckDbLatestRows) rows).plan());
      while (rows.next()) {
        out.add(rows.key(0) + "=" + rows.value(0));
      }
    }
    return out;
  }

  @Test
  void keysWithFewRowsAreReadBySortedScanWithTheSameRulesAndOrder() throws Exception {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: store, join_keys: [store_id], value_type: INT64}
        sources:
          - {name: s, type: file, path: data/s.csv, timestamp_field: ts, created_timestamp_column: cr}
        feature_views:
          - {name: by_store, entities: [store], source: s, schema: [{name: v, dtype: Int64}]}
        """);
    String ties =
        """
        3,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,6
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:02Z,1
        2,2024-01-01T00:00:00Z,,4
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,2
        3,2024-01-01T00:00:00Z,,7
        2,2024-01-01T00:00:00Z,,5
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:03Z,3
        """;
    StringBuilder csv = new StringBuilder("store_id,ts,cr,v\n");
    List<Object> expected = new ArrayList<>(List.of("1=2", "2=5", "3=6"));
    for (int id = 139; id >= 100; id--) {
      csv.append(id).append(",2024-06-01T00:00:00Z,,").append(id * 10).append('\n');
    }
    for (int id = 100; id < 140; id++) {
      expected.add(id + "=" + id * 10);
    }
    Files.writeString(repo.resolve("data/s.csv"), csv + ties);
    RepoDefinitions defs = dev.larder.core.repo.DefinitionLoader.load(repo);
    List<Object> sorted = new ArrayList<>(List.of(DuckDbLatestRows.Plan.SORTED_SCAN));
    sorted.addAll(expected);
    assertThat(pullStores(defs)).isEqualTo(sorted);

    // Under the size limit (the default, 100,000 rows), no probe: the sorted scan even for many
    // rows per key, with the same rows as the grouped plan.
    System.clearProperty(DuckDbLatestRows.SORTED_SCAN_MIN_ROWS_PROPERTY);
    try {
      Files.writeString(repo.resolve("data/s.csv"), "store_id,ts,cr,v\n" + ties + ties + ties);
      assertThat(pullStores(defs))
          .containsExactly(DuckDbLatestRows.Plan.SORTED_SCAN, "1=2", "2=5", "3=6");
    } finally {
      sortedScanOnSmallSources();
    }

    // The same latest rows of the three stores, from many rows per key: the grouped plan.
    Files.writeString(repo.resolve("data/s.csv"), "store_id,ts,cr,v\n" + ties + ties + ties);
    assertThat(pullStores(defs))
        .containsExactly(DuckDbLatestRows.Plan.GROUPED, "1=2", "2=5", "3=6");
  }

  @Test
  void twoKeysOneATextAreReadBySortedScanInTheOrderOfTheirNames() throws Exception {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: store, join_keys: [store_id], value_type: INT64}
          - {name: region, join_keys: [region], value_type: STRING}
        sources:
          - {name: s, type: file, path: data/s.csv, timestamp_field: ts}
        feature_views:
          - {name: by_store, entities: [store, region], source: s, schema: [{name: v, dtype: Int64}]}
        """);
    StringBuilder csv = new StringBuilder("store_id,region,ts,v\n");
    for (int id = 100; id < 140; id++) {
      csv.append(id).append(",r").append(id % 3).append(",2024-06-01T00:00:00Z,").append(id);
      csv.append('\n');
    }
    csv.append("1,b,2024-01-01T00:00:00Z,11\n1,a,2024-01-02T00:00:00Z,12\n");
    csv.append("1,a,2024-01-01T00:00:00Z,13\n1,b,2024-01-01T00:00:00Z,14\n");
    Files.writeString(repo.resolve("data/s.csv"), csv.toString());
    RepoDefinitions defs = dev.larder.core.repo.DefinitionLoader.load(repo);
    ViewPlan plan =
        ViewPlan.allFeatures(defs.requireFeatureView("by_store"), DefinitionLookup.of(defs));
    List<String> out = new ArrayList<>();
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
        LatestRows rows =
            engine.pullLatest(
                new LatestRequest(plan, t("2023-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z")))) {
      assertThat(((DuckDbLatestRows) rows).plan()).isEqualTo(DuckDbLatestRows.Plan.SORTED_SCAN);
      while (rows.next()) {
        out.add(rows.key(1) + "/" + rows.key(0) + "=" + rows.value(0));
      }
    }
    List<String> expected = new ArrayList<>(List.of("a/1=12", "b/1=14"));
    for (int region = 0; region < 3; region++) {
      for (int id = 100; id < 140; id++) {
        if (id % 3 == region) {
          expected.add("r" + region + "/" + id + "=" + id);
        }
      }
    }
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void startAfterEndIsAnError() throws Exception {
    RepoDefinitions defs = OfflineFixture.write(repo);
    ViewPlan plan =
        ViewPlan.allFeatures(defs.requireFeatureView("driver_stats"), DefinitionLookup.of(defs));
    assertThatThrownBy(
            () -> new LatestRequest(plan, t("2024-01-02T00:00:00Z"), t("2024-01-01T00:00:00Z")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "start 2024-01-02T00:00:00Z is after end 2024-01-01T00:00:00Z for feature view"
                + " 'driver_stats'");
  }
}
