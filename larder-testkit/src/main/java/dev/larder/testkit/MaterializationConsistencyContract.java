package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.materialize.Materializer;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency of the two stores (DESIGN B6 against B5): for random data, after {@code
 * materialize(…, t)} every key's online values equal the offline point-in-time values at {@code t},
 * for a keyed and an entity-less view without ttl, whether materialized at once or in two steps
 * (the second incremental), and after an older interval is materialized again.
 *
 * <p>Every backend runs it (DESIGN B9): a subclass names the backends with {@link #backends()}.
 * Each repository is a project of its own, cleaned up afterwards.
 */
public abstract class MaterializationConsistencyContract {

  /** The sorted scan is otherwise kept for sources of 100,000 rows or more. */
  @BeforeAll
  static void sortedScanOnSmallSources() {
    System.setProperty("larder.sortedScanMinRows", "0");
  }

  @AfterAll
  static void sortedScanDefault() {
    System.clearProperty("larder.sortedScanMinRows");
  }

  static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  static final int KEYS = 40;
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: conv_rate, dtype: Float64}
            - {name: trips, dtype: Int64}
            - {name: city, dtype: String}
        - name: overall
          entities: []
          source: stats
          schema:
            - {name: trips, dtype: Int64}
      """;
  static final FeatureSelection SELECTION =
      FeatureSelection.of(
          "driver_stats:conv_rate", "driver_stats:trips", "driver_stats:city", "overall:trips");

  @TempDir Path dir;

  private final List<Runnable> cleanUps = new ArrayList<>();

  /** The registry and online store the repositories of this run use. */
  protected abstract BackendSetup backends();

  @BeforeEach
  void requireBackends() {
    backends().requireAvailable();
  }

  @AfterEach
  void cleanUp() {
    for (Runnable r : cleanUps) {
      r.run();
    }
  }

  /**
   * A new repository with {@code definitions} on {@link #backends()}, cleaned up after the test.
   */
  private Path repo(Path repo, String definitions) {
    BackendSetup backends = backends();
    String project = TestServices.uniqueName("consistency");
    backends.prepare(project);
    cleanUps.add(() -> backends.cleanUp(repo, project));
    return TestRepos.write(repo, definitions, project, backends);
  }

  /**
   * Writes random rows (small domains, so ties and nulls are common) into two Parquet files: keys
   * from 0 to {@value #KEYS} - 1, or with {@code fewRowsPerKey} mostly keys of one row each (from
   * {@value #KEYS} up) and a sixth from 0 to 9, so that the pull reads them by sorted scan.
   */
  private static void randomData(Path repo, long seed, boolean fewRowsPerKey) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int file = 0; file < 2; file++) {
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        int key = random.nextInt(KEYS);
        if (fewRowsPerKey) {
          key = random.nextInt(6) == 0 ? key % 10 : KEYS + file * 150 + i;
        }
        Instant event = BASE.plusSeconds(3600L * random.nextInt(24));
        String created =
            random.nextInt(4) == 0
                ? "NULL"
                : "'" + event.plusSeconds(60L * random.nextInt(3)) + "'";
        String rate = random.nextInt(5) == 0 ? "NULL" : Double.toString(random.nextDouble());
        String city = random.nextInt(5) == 0 ? "NULL" : "'c" + random.nextInt(3) + "'";
        rows.add(
            "(" + key + ", '" + event + "', " + created + ", " + rate + ", " + i + ", " + city
                + ")");
      }
      TestRepos.parquet(
          repo.resolve("data/stats/part-" + file + ".parquet"),
          TestRepos.STATS_COLUMNS,
          rows.toArray(String[]::new));
    }
  }

  /**
   * Asserts that the online values of every key (of either shape of {@link #randomData}, and one
   * key without rows) equal the offline ones at {@code t}.
   */
  private static void assertConsistent(FeatureStore store, Instant t, String label) {
    int count = KEYS + 300 + 1;
    long[] ids = new long[count];
    List<Object> keys = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      ids[k] = k;
      keys.add((long) k);
    }
    Instant[] times = new Instant[ids.length];
    Arrays.fill(times, t);
    TrainingFrame offline =
        store.getHistoricalFeatures(
            EntityRows.builder()
                .longs("driver_id", ids)
                .timestamps("event_timestamp", times)
                .build(),
            SELECTION,
            new RetrievalOptions(true, false));
    OnlineFeatures online = store.getOnlineFeatures(SELECTION, Map.of("driver_id", keys), true);
    for (String name :
        List.of(
            "driver_stats__conv_rate",
            "driver_stats__trips",
            "driver_stats__city",
            "overall__trips")) {
      assertThat(online.values(name))
          .as(label + " " + name)
          .isEqualTo(offline.column(name).values());
    }
    for (int k = 0; k < count; k++) {
      boolean matched = offline.matchedRows(0).get(k);
      assertThat(online.statuses("driver_stats__trips").get(k))
          .as(label + " status of driver " + k)
          .isEqualTo(matched ? FeatureStatus.PRESENT : FeatureStatus.NOT_FOUND);
    }
  }

  @Test
  public void onlineValuesEqualPointInTimeValuesAtTheMaterializationEnd() {
    assertConsistentRuns(false);
  }

  @Test
  public void soTooWhenKeysHaveFewRowsAndThePullScansThemSorted() {
    assertConsistentRuns(true);
  }

  private void assertConsistentRuns(boolean fewRowsPerKey) {
    for (long seed = 1; seed <= 3; seed++) {
      Path repo = repo(dir.resolve("seed" + seed), DEFINITIONS);
      randomData(repo, seed, fewRowsPerKey);
      try (FeatureStore store = TestRepos.applied(repo)) {
        Instant t = null;
        for (int hour : new int[] {5, 12, 30}) {
          t = BASE.plusSeconds(3600L * hour);
          store.materialize(Materializer.BEGINNING_OF_DATA, t);
          assertConsistent(store, t, "seed " + seed + " at once to " + t);
        }
        store.materialize(Materializer.BEGINNING_OF_DATA, BASE.plusSeconds(3600L * 12));
        assertConsistent(store, t, "seed " + seed + " after an older interval again");
      }
      Path steps = repo(dir.resolve("steps" + seed), DEFINITIONS);
      randomData(steps, seed, fewRowsPerKey);
      try (FeatureStore store = TestRepos.applied(steps)) {
        Instant t = BASE.plusSeconds(3600L * 17 + 60);
        store.materialize(Materializer.BEGINNING_OF_DATA, BASE.plusSeconds(3600L * 10));
        store.materializeIncremental(t, null, MaterializeProgress.NONE);
        assertConsistent(store, t, "seed " + seed + " in two steps to " + t);
      }
    }
  }
}
