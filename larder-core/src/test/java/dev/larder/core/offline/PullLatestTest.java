package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.RepoDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latest rows per key in a time range, for materialization (DESIGN B6). */
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

  private List<List<Object>> pull(RepoDefinitions defs, String view, Instant start, Instant end) {
    ViewPlan plan = ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs));
    List<List<Object>> out = new ArrayList<>();
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
        LatestRows rows = engine.pullLatest(new LatestRequest(plan, start, end))) {
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 0; k < plan.joinKeys().size(); k++) {
          row.add(rows.key(k));
        }
        row.add(rows.eventTimestamp());
        row.add(rows.createdTimestamp());
        for (int f = 0; f < plan.features().size(); f++) {
          row.add(rows.value(f));
        }
        out.add(row);
      }
    }
    out.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
    return out;
  }

  @Test
  void latestPerKeyWithinInclusiveBoundsWithoutTtl() throws Exception {
    RepoDefinitions defs = OfflineFixture.write(repo);
    assertThat(pull(defs, "driver_stats", t("2024-01-01T00:00:00Z"), t("2024-01-02T00:00:00Z")))
        .containsExactly(
            Arrays.asList(
                1L, t("2024-01-02T00:00:00Z"), t("2024-01-02T00:00:01Z"), 0.2, null, "lyon"),
            Arrays.asList(2L, t("2024-01-01T00:00:00Z"), null, 0.5, 50L, null));
    assertThat(
            pull(defs, "driver_stats", t("2024-01-02T00:00:00.000001Z"), t("2030-01-01T00:00:00Z")))
        .containsExactly(
            Arrays.asList(
                1L, t("2024-01-03T00:00:00Z"), t("2024-01-03T00:00:01Z"), 0.3, 30L, "nice"));
    assertThat(pull(defs, "driver_stats", t("2020-01-01T00:00:00Z"), t("2023-12-31T23:59:59Z")))
        .isEmpty();
  }

  @Test
  void tiesGoToCreatedThenToTheLastRowAndEntitylessViewsGiveOneRow() throws Exception {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: store, join_keys: [store_id], value_type: INT32}
        sources:
          - {name: s, type: file, path: data/s.csv, timestamp_field: ts, created_timestamp_column: cr}
        feature_views:
          - {name: by_store, entities: [store], ttl: 1s, source: s, schema: [{name: v, dtype: Int32}]}
          - {name: overall, entities: [], source: s, schema: [{name: v, dtype: Int32}]}
        """);
    Files.writeString(
        repo.resolve("data/s.csv"),
        """
        store_id,ts,cr,v
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:02Z,1
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,2
        1,2024-01-01T00:00:00Z,2024-01-01T00:00:03Z,3
        2,2024-01-01T00:00:00Z,,4
        2,2024-01-01T00:00:00Z,,5
        3,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,6
        3,2024-01-01T00:00:00Z,,7
        """);
    RepoDefinitions defs = dev.larder.core.repo.DefinitionLoader.load(repo);
    Instant from = t("2023-01-01T00:00:00Z");
    Instant to = t("2025-01-01T00:00:00Z");
    assertThat(pull(defs, "by_store", from, to))
        .extracting(r -> r.get(0), r -> r.get(3))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 2L),
            org.assertj.core.groups.Tuple.tuple(2L, 5L),
            org.assertj.core.groups.Tuple.tuple(3L, 6L));
    assertThat(pull(defs, "overall", from, to))
        .containsExactly(Arrays.asList(t("2024-01-01T00:00:00Z"), t("2024-01-01T00:00:05Z"), 6L));
    assertThat(pull(defs, "overall", to, to)).isEmpty();
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
  void valuesHandsEachValueAsValueGivesItWithNumbersUnboxed() throws Exception {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: store, join_keys: [store_id], value_type: INT64}
        sources:
          - {name: s, type: file, path: data/s.csv, timestamp_field: ts}
        feature_views:
          - name: typed
            entities: [store]
            source: s
            schema:
              - {name: i32, dtype: Int32}
              - {name: i64, dtype: Int64}
              - {name: f32, dtype: Float32}
              - {name: f64, dtype: Float64}
              - {name: b, dtype: Bool}
              - {name: s, dtype: String}
              - {name: t, dtype: UnixTimestamp}
        """);
    Files.writeString(
        repo.resolve("data/s.csv"),
        """
        store_id,ts,i32,i64,f32,f64,b,s,t
        1,2024-01-01T00:00:00Z,-3,5000000000,0.1,0.1,true,x,2024-02-01T00:00:00Z
        2,2024-01-01T00:00:00Z,,,,,,,
        """);
    RepoDefinitions defs = dev.larder.core.repo.DefinitionLoader.load(repo);
    ViewPlan plan =
        ViewPlan.allFeatures(defs.requireFeatureView("typed"), DefinitionLookup.of(defs));
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
        LatestRows rows =
            engine.pullLatest(
                new LatestRequest(plan, t("2023-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z")))) {
      int read = 0;
      while (rows.next()) {
        List<Object> boxed = new ArrayList<>();
        for (int f = 0; f < plan.features().size(); f++) {
          boxed.add(rows.value(f));
        }
        List<String> sent = new ArrayList<>();
        rows.values(
            new LatestRows.ValueSink() {
              @Override
              public void nullValue() {
                sent.add("null");
              }

              @Override
              public void longValue(long value) {
                sent.add("long " + value);
              }

              @Override
              public void doubleValue(double value) {
                sent.add("double " + value);
              }

              @Override
              public void objectValue(Object value) {
                sent.add(value.getClass().getSimpleName() + " " + value);
              }
            });
        List<String> expected = new ArrayList<>();
        for (Object v : boxed) {
          expected.add(
              v == null
                  ? "null"
                  : v instanceof Long l
                      ? "long " + l
                      : v instanceof Double d
                          ? "double " + d
                          : v.getClass().getSimpleName() + " " + v);
        }
        assertThat(sent).isEqualTo(expected);
        read++;
      }
      assertThat(read).isEqualTo(2);
    }
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
