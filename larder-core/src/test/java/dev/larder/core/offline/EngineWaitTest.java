package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.online.PushMode;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.registry.RegistryLookup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a {@link LatestRows} cursor holds the DuckDB engine, other threads' historical retrieval
 * and offline pushes wait for it instead of failing (issue #8, item 4); the cursor's own thread
 * calling the engine again is a bug, an {@link IllegalStateException}.
 */
class EngineWaitTest {
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - name: live
          type: push
          batch_source: {name: live_files, type: file, path: data/live, timestamp_field: event_timestamp}
      feature_views:
        - name: live_stats
          entities: [driver]
          source: live
          schema:
            - {name: speed, dtype: Float64}
      """;
  static final Instant T = Instant.parse("2024-01-01T10:00:00Z");

  @TempDir Path repo;
  FeatureStore store;
  final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/live/part-0.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, speed DOUBLE",
        "(1, '2024-01-01 10:00:00+00', 1.5)");
    store = RepoFixture.applied(repo);
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    store.close();
  }

  private LatestRows cursor() {
    ViewPlan plan =
        ViewPlan.allFeatures(
            store.snapshot().definitions().requireFeatureView("live_stats"),
            new RegistryLookup(store.snapshot()));
    return store.pullLatest(new LatestRequest(plan, T, T));
  }

  private Double speedAt(long id) {
    EntityRows rows =
        EntityRows.builder().longs("driver_id", id).timestamps("event_timestamp", T).build();
    return store
        .getHistoricalFeatures(
            rows, FeatureSelection.of("live_stats:speed"), RetrievalOptions.DEFAULT)
        .column("speed")
        .getDouble(0);
  }

  @Test
  void retrievalAndOfflinePushWaitForAnOpenCursor() throws Exception {
    LatestRows cursor = cursor();
    assertThat(cursor.next()).isTrue();
    Future<Double> read = threads.submit(() -> speedAt(1));
    Map<String, List<Object>> pushed = new LinkedHashMap<>();
    pushed.put("driver_id", List.of(2L));
    pushed.put("event_timestamp", List.of("2024-01-01T10:00:00Z"));
    pushed.put("speed", List.of(2.5));
    Future<Integer> push = threads.submit(() -> store.push("live", pushed, PushMode.OFFLINE));

    assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> push.get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    cursor.close();

    assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(1.5);
    assertThat(push.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(speedAt(2)).isEqualTo(2.5);
  }

  @Test
  void theCursorsOwnThreadCallingTheEngineAgainIsABug() {
    try (LatestRows cursor = cursor()) {
      assertThatThrownBy(() -> speedAt(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still open on this thread");
    }
    assertThat(speedAt(1)).isEqualTo(1.5);
  }
}
