package dev.larder.core.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.ConflictException;
import dev.larder.core.ErrorCode;
import dev.larder.core.FeatureStore;
import dev.larder.core.LarderException;
import dev.larder.core.access.Principal;
import dev.larder.core.online.RepoFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two materializations at once in one process, through the facade (issue #8, item 4): of the same
 * view, the second is refused with a conflict naming the view and the first one's holder; of
 * different views, the second waits for the offline engine and both succeed.
 */
class ConcurrentMaterializeTest {
  static final Instant DAY1 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant DAY2 = Instant.parse("2024-01-02T00:00:00Z");

  static final String TWO_VIEWS =
      RepoFixture.DRIVERS
          + """
            - name: driver_trips
              entities: [driver]
              source: stats
              schema:
                - {name: trips, dtype: Int64}
          """;

  @TempDir Path dir;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static Path repo(Path repo) {
    RepoFixture.write(repo, TWO_VIEWS);
    RepoFixture.copy(
        "SELECT i AS driver_id, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS event_timestamp,"
            + " NULL::TIMESTAMPTZ AS created, i * 0.5 AS conv_rate, i AS trips, 'c' AS city"
            + " FROM range(2000) r(i)",
        repo.resolve("data/stats.parquet"));
    return repo;
  }

  /** A progress that stops the run after its first written batch until {@code go} opens. */
  private static MaterializeProgress pausing(CountDownLatch paused, CountDownLatch go) {
    return new MaterializeProgress() {
      @Override
      public void rowsWritten(String view, long rowsDone) {
        paused.countDown();
        try {
          go.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void aSecondMaterializationOfTheSameViewIsAConflictNamingTheHolder() throws Exception {
    try (FeatureStore store = RepoFixture.applied(repo(dir.resolve("repo")))) {
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      FeatureStore ana = store.as(Principal.of("ana"));
      Future<List<ViewMaterialization>> first =
          threads.submit(
              () -> ana.materialize(DAY1, DAY2, List.of("driver_stats"), pausing(paused, go)));
      assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();

      FeatureStore bob = store.as(Principal.of("bob"));
      assertThatThrownBy(
              () -> bob.materialize(DAY1, DAY2, List.of("driver_stats"), MaterializeProgress.NONE))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("'driver_stats'")
          .hasMessageContaining("ana")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .extracting(e -> ((LarderException) e).code())
          .isEqualTo(ErrorCode.CONFLICT);

      go.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS))
          .extracting(ViewMaterialization::rows)
          .containsExactly(2000L);
      // released: the view can be materialized again
      assertThat(bob.materialize(DAY1, DAY2, List.of("driver_stats"), MaterializeProgress.NONE))
          .hasSize(1);
    }
  }

  @Test
  void differentViewsAtOnceBothSucceedTheSecondWaitingForTheEngine() throws Exception {
    try (FeatureStore store = RepoFixture.applied(repo(dir.resolve("repo")))) {
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      Future<List<ViewMaterialization>> first =
          threads.submit(
              () -> store.materialize(DAY1, DAY2, List.of("driver_stats"), pausing(paused, go)));
      assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();
      Future<List<ViewMaterialization>> second =
          threads.submit(
              () ->
                  store.materialize(DAY1, DAY2, List.of("driver_trips"), MaterializeProgress.NONE));
      // the second waits while the first holds the engine's cursor, and fails with nothing
      assertThatThrownBy(() -> second.get(500, TimeUnit.MILLISECONDS))
          .isInstanceOf(java.util.concurrent.TimeoutException.class);
      go.countDown();
      assertThat(first.get(60, TimeUnit.SECONDS))
          .extracting(ViewMaterialization::rows)
          .containsExactly(2000L);
      assertThat(second.get(60, TimeUnit.SECONDS))
          .extracting(ViewMaterialization::rows)
          .containsExactly(2000L);
      assertThat(store.snapshot().materializations("driver_trips")).hasSize(1);
    }
  }

  @Test
  void backendsClosedUnderARunAreBackendErrorsNotBugs() {
    try (FeatureStore store = RepoFixture.applied(repo(dir.resolve("repo")))) {
      store.online().close(); // as a stopping server closes it under a request
      assertThatThrownBy(() -> store.materialize(DAY1, DAY2))
          .isInstanceOf(LarderException.class)
          .hasMessageContaining("online store")
          .hasMessageContaining("closed")
          .extracting(e -> ((LarderException) e).code())
          .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
      store.offline().close();
      assertThatThrownBy(() -> store.materialize(DAY1, DAY2))
          .isInstanceOf(LarderException.class)
          .hasMessageContaining("offline engine")
          .extracting(e -> ((LarderException) e).code())
          .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }
  }

  @Test
  void aMissingViewNameIsAnInvalidArgumentNotANullPointer() {
    try (FeatureStore store = RepoFixture.applied(repo(dir.resolve("repo")))) {
      assertThatThrownBy(
              () ->
                  store.materialize(
                      DAY1,
                      DAY2,
                      java.util.Arrays.asList("driver_stats", null),
                      MaterializeProgress.NONE))
          .isInstanceOf(LarderException.class)
          .extracting(e -> ((LarderException) e).code())
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThatThrownBy(
              () ->
                  store.materializeIncremental(
                      DAY2, java.util.Arrays.asList((String) null), MaterializeProgress.NONE))
          .isInstanceOf(LarderException.class);
    }
  }
}
