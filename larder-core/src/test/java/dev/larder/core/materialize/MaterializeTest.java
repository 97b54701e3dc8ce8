package dev.larder.core.materialize;

import static dev.larder.core.online.RepoFixture.DRIVERS;
import static dev.larder.core.online.RepoFixture.STATS_COLUMNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.core.ConflictException;
import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RegistryLookup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Materialization (DESIGN B6): bounds, the latest row per key, intervals, incremental starts. */
class MaterializeTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2024-01-02T00:00:00Z");
  static final Instant T2 = Instant.parse("2024-01-03T00:00:00Z");
  static final Instant T3 = Instant.parse("2024-01-04T00:00:00Z");
  static final FeatureSelection ALL =
      FeatureSelection.of("driver_stats:conv_rate", "driver_stats:trips", "driver_stats:city");

  @TempDir Path repo;

  private FeatureStore drivers(String... rows) {
    RepoFixture.write(repo, DRIVERS);
    RepoFixture.parquet(repo.resolve("data/stats.parquet"), STATS_COLUMNS, rows);
    return RepoFixture.applied(repo);
  }

  /** The online values of drivers {@code ids}: per driver its three features, null if absent. */
  static List<List<Object>> online(FeatureStore store, long... ids) {
    List<Object> keys = new ArrayList<>();
    for (long id : ids) {
      keys.add(id);
    }
    OnlineFeatures f = store.getOnlineFeatures(ALL, Map.of("driver_id", keys));
    List<List<Object>> out = new ArrayList<>();
    for (int r = 0; r < ids.length; r++) {
      if (f.statuses("trips").get(r) == FeatureStatus.NOT_FOUND) {
        out.add(null);
      } else {
        out.add(
            Arrays.asList(
                f.values("conv_rate").get(r), f.values("trips").get(r), f.values("city").get(r)));
      }
    }
    return out;
  }

  @Test
  void bothBoundsAreInclusiveAndTheLatestRowPerKeyWinsByEventThenCreated() {
    try (FeatureStore store =
        drivers(
            "(1, '2023-12-31 23:59:59.999999+00', NULL, 0.0, 0, 'before start')",
            "(1, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'at start')",
            "(2, '2024-01-02 00:00:00+00', NULL, 0.2, 2, 'at end')",
            "(2, '2024-01-02 00:00:00.000001+00', NULL, 0.3, 3, 'after end')",
            "(3, '2024-01-01 12:00:00+00', '2024-01-01 12:00:05+00', 0.4, 4, 'created later')",
            "(3, '2024-01-01 12:00:00+00', '2024-01-01 12:00:01+00', 0.5, 5, 'created earlier')",
            "(3, '2024-01-01 12:00:00+00', NULL, 0.6, 6, 'created null')",
            "(4, '2024-01-01 06:00:00+00', '2024-01-09 00:00:00+00', 0.7, 7, 'older event')",
            "(4, '2024-01-01 18:00:00+00', '2024-01-01 18:00:00+00', 0.8, NULL, NULL)")) {
      List<ViewMaterialization> done = store.materialize(T0, T1);
      assertThat(done)
          .extracting(ViewMaterialization::view, ViewMaterialization::rows)
          .containsExactly(tuple("driver_stats", 4L));
      assertThat(online(store, 1, 2, 3, 4, 5))
          .containsExactly(
              List.of(0.1, 1L, "at start"),
              List.of(0.2, 2L, "at end"),
              List.of(0.4, 4L, "created later"),
              Arrays.asList(0.8, null, null),
              null);
      assertThat(store.snapshot().materializations("driver_stats"))
          .extracting(MaterializationInterval::start, MaterializationInterval::end)
          .containsExactly(tuple(T0, T1));
    }
  }

  @Test
  void reRunsAreIdempotentAndAnOlderIntervalNeverOverwritesNewerValues() {
    try (FeatureStore store =
        drivers(
            "(1, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'old')",
            "(1, '2024-01-03 00:00:00+00', NULL, 0.3, 3, 'new')",
            "(2, '2024-01-01 00:00:00+00', NULL, 0.2, 2, 'only old')")) {
      store.materialize(T1, T3);
      store.materialize(T1, T3);
      assertThat(online(store, 1, 2)).containsExactly(List.of(0.3, 3L, "new"), null);
      store.materialize(T0, T0);
      assertThat(online(store, 1, 2))
          .containsExactly(List.of(0.3, 3L, "new"), List.of(0.2, 2L, "only old"));
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(3);
    }
  }

  @Test
  void materializationAppliesNoTtlButReadsMarkOldRowsOutsideMaxAge() {
    RepoFixture.write(
        repo, DRIVERS.replace("entities: [driver]\n", "entities: [driver]\n    ttl: 1h\n"));
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        STATS_COLUMNS,
        "(1, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a day before the end')");
    try (FeatureStore store = RepoFixture.applied(repo)) {
      store.materialize(T0, T1);
      OnlineFeatures f = store.getOnlineFeatures(ALL, Map.of("driver_id", List.of(1L)));
      assertThat(f.values("city")).containsExactly("a day before the end");
      assertThat(f.statuses("city")).containsExactly(FeatureStatus.OUTSIDE_MAX_AGE);
    }
  }

  @Test
  void anIncrementalRunWithNothingNewOpensNeitherBackendAndRecordsNothing() {
    try (FeatureStore store = drivers("(1, '2024-01-01 12:00:00+00', NULL, 0.1, 1, 'a')")) {
      store.materializeIncremental(T1, null, MaterializeProgress.NONE);
      Materializer lazy =
          new Materializer(
              store.registry(),
              () -> {
                throw new AssertionError("opened the offline engine");
              },
              () -> {
                throw new AssertionError("opened the online store");
              },
              null,
              Materializer.DEFAULT_BATCH_SIZE);
      assertThat(lazy.materializeIncremental(T1, null, MaterializeProgress.NONE))
          .extracting(
              ViewMaterialization::view,
              ViewMaterialization::start,
              ViewMaterialization::end,
              ViewMaterialization::rows)
          .containsExactly(tuple("driver_stats", T1, T1, 0L));
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
      // A later end has something to copy: the backends open.
      assertThatThrownBy(() -> lazy.materializeIncremental(T2, null, MaterializeProgress.NONE))
          .isInstanceOf(AssertionError.class)
          .hasMessage("opened the offline engine");
    }
  }

  @Test
  void incrementalStartsAtTheLastEndOrAtEndMinusTtlOrAtTheBeginning() {
    RepoFixture.write(
        repo,
        DRIVERS
            + """
              - name: recent
                entities: [driver]
                ttl: 1d
                source: stats
                schema:
                  - {name: trips, dtype: Int64}
            """);
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        STATS_COLUMNS,
        "(1, '1999-01-01 00:00:00+00', NULL, 0.1, 1, 'ancient')",
        "(2, '2024-01-02 00:00:00+00', NULL, 0.2, 2, 'a day before T2')",
        "(3, '2024-01-03 00:00:00+00', NULL, 0.3, 3, 'at T2')");
    try (FeatureStore store = RepoFixture.applied(repo)) {
      List<ViewMaterialization> first =
          store.materializeIncremental(T2, null, MaterializeProgress.NONE);
      assertThat(first)
          .extracting(
              ViewMaterialization::view, ViewMaterialization::start, ViewMaterialization::rows)
          .containsExactly(
              tuple("driver_stats", Materializer.BEGINNING_OF_DATA, 3L), tuple("recent", T1, 2L));
      assertThat(online(store, 1)).containsExactly(List.of(0.1, 1L, "ancient"));
      OnlineFeatures recent =
          store.getOnlineFeatures(
              FeatureSelection.of("recent:trips"), Map.of("driver_id", List.of(1L, 2L, 3L)));
      assertThat(recent.statuses("trips").get(0)).isEqualTo(FeatureStatus.NOT_FOUND);
      assertThat(recent.values("trips").subList(1, 3)).containsExactly(2L, 3L);

      List<ViewMaterialization> second =
          store.materializeIncremental(T3, List.of("recent"), MaterializeProgress.NONE);
      assertThat(second).extracting(ViewMaterialization::start).containsExactly(T2);
      assertThat(store.snapshot().materializations("recent"))
          .extracting(MaterializationInterval::start, MaterializationInterval::end)
          .containsExactly(tuple(T1, T2), tuple(T2, T3));
      assertThatThrownBy(() -> store.materializeIncremental(T1, List.of("recent"), null))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "feature views already materialized past 2024-01-02T00:00:00Z: 'recent' (to"
                  + " 2024-01-04T00:00:00Z)");
    }
  }

  @Test
  void unknownAndOfflineViewsAreNamedBeforeAnythingIsWritten() {
    RepoFixture.write(
        repo,
        DRIVERS
            + """
              - name: archive
                entities: [driver]
                source: stats
                online: false
                schema:
                  - {name: trips, dtype: Int64}
            """);
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        STATS_COLUMNS,
        "(1, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')");
    try (FeatureStore store = RepoFixture.applied(repo)) {
      assertThatThrownBy(
              () -> store.materialize(T0, T1, List.of("driver_stats", "driver_stat", "nope"), null))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "Unknown feature views 'driver_stat' (did you mean 'driver_stats'?), 'nope'. Run"
                  + " 'larder feature-views list' to list the feature views.");
      assertThatThrownBy(() -> store.materialize(T0, T1, List.of("driver_stats", "archive"), null))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "feature view 'archive' is not online (online: false), so materialization does not"
                  + " copy it");
      assertThatThrownBy(() -> store.materialize(T1, T0, null, null))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "materialization start 2024-01-02T00:00:00Z is after its end 2024-01-01T00:00:00Z");
      assertThat(repo.resolve("data/online_store.db")).doesNotExist();
      assertThat(store.snapshot().materializations("driver_stats")).isEmpty();

      assertThat(store.materialize(T0, T1))
          .extracting(ViewMaterialization::view)
          .containsExactly("driver_stats");
    }
  }

  @Test
  void aBreakingApplyDuringAMaterializationLeavesNoRowsOfTheOldDefinitionAndNoInterval() {
    try (FeatureStore store =
        drivers(
            "(1, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')",
            "(2, '2024-01-01 00:00:00+00', NULL, 0.2, 2, 'b')")) {
      MaterializeProgress applyInBetween =
          new MaterializeProgress() {
            @Override
            public void rowsWritten(String view, long rowsDone) {
              // Another user removes 'city' (breaking) after the rows were written, before the
              // interval is recorded.
              RepoFixture.write(repo, DRIVERS.replace("    - {name: city, dtype: String}\n", ""));
              try (FeatureStore other = FeatureStore.open(repo)) {
                other.apply(ApplyOptions.ALLOW_BREAKING);
              }
            }
          };
      assertThatThrownBy(() -> store.materialize(T0, T1, null, applyInBetween))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("changed in a breaking way (v2")
          .hasMessageContaining("while v1 was being materialized");

      assertThat(store.snapshot().materializations("driver_stats")).isEmpty();
      FeatureSelection trips = FeatureSelection.of("driver_stats:trips");
      assertThat(
              store
                  .getOnlineFeatures(trips, Map.of("driver_id", List.of(1L, 2L)))
                  .statuses("trips"))
          .containsOnly(FeatureStatus.NOT_FOUND);
      // Run again, it reads v2 and records the interval.
      store.materialize(T0, T1);
      assertThat(
              store.getOnlineFeatures(trips, Map.of("driver_id", List.of(1L, 2L))).values("trips"))
          .containsExactly(1L, 2L);
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
    }
  }

  @Test
  void batchesAreWrittenOneByOneAndReportedAsProgress() {
    List<String> rows = new ArrayList<>();
    for (int id = 0; id < 25; id++) {
      rows.add("(" + id + ", '2024-01-01 00:00:00+00', NULL, 0.5, " + id + ", 'c')");
    }
    List<String> events = new ArrayList<>();
    try (FeatureStore store = drivers(rows.toArray(String[]::new))) {
      MaterializeProgress progress =
          new MaterializeProgress() {
            @Override
            public void viewStarted(String view, Instant start, Instant end) {
              events.add("start " + view + " " + start + " " + end);
            }

            @Override
            public void rowsWritten(String view, long rowsDone) {
              events.add(view + " " + rowsDone);
            }

            @Override
            public void viewFinished(ViewMaterialization result) {
              events.add("done " + result.view() + " " + result.rows());
            }
          };
      new Materializer(store.registry(), store.offline(), store.online(), 10)
          .materialize(T0, T1, null, progress);
      assertThat(events)
          .containsExactly(
              "start driver_stats 2024-01-01T00:00:00Z 2024-01-02T00:00:00Z",
              "driver_stats 10",
              "driver_stats 20",
              "driver_stats 25",
              "done driver_stats 25");
      assertThat(online(store, 0, 24))
          .containsExactly(List.of(0.5, 0L, "c"), List.of(0.5, 24L, "c"));
    }
  }

  @Test
  void theLatestRowsComeInKeyOrderSoTheStoreIsWrittenInIndexOrder() {
    try (FeatureStore store =
        drivers(
            "(300, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')",
            "(-2, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')",
            "(7, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')",
            "(0, '2024-01-01 00:00:00+00', NULL, 0.1, 1, 'a')")) {
      ViewPlan plan =
          ViewPlan.allFeatures(
              store.snapshot().definitions().requireFeatureView("driver_stats"),
              new RegistryLookup(store.snapshot()));
      List<Object> keys = new ArrayList<>();
      try (LatestRows rows = store.offline().pullLatest(new LatestRequest(plan, T0, T1))) {
        while (rows.next()) {
          keys.add(rows.key(0));
        }
      }
      assertThat(keys).containsExactly(-2L, 0L, 7L, 300L);
    }
  }
}
