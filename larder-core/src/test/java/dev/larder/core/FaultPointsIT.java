package dev.larder.core;

import static dev.larder.core.materialize.TwoDayRepo.DAY2;
import static dev.larder.core.materialize.TwoDayRepo.DAY3;
import static dev.larder.core.materialize.TwoDayRepo.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.access.ApiKey;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.materialize.MaterializeChild;
import dev.larder.core.materialize.TwoDayRepo;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.online.PushMode;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.registry.RegistrySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A child JVM crashes at each {@link FaultPoint} in turn (issue #8, item 10), and the invariant of
 * the write it interrupted holds afterwards: every online key old or new, never a mix; the registry
 * whole and at the old or the new revision; no torn Parquet file visible in a push directory, whose
 * source still reads; the API keys file valid, with the old keys. Each case also checks that the
 * same write then succeeds. The switch over the points has no default, so a new point does not
 * compile until it has its case here.
 */
class FaultPointsIT {
  static final String PUSH_DEFINITIONS =
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

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FaultPoint.class)
  void aCrashAtThePointKeepsTheInvariant(FaultPoint point) throws Exception {
    switch (point) {
      case MATERIALIZE_BATCH_WRITTEN -> materializeCrash(point, 3 * 50);
      case ONLINE_BATCH_BEFORE_COMMIT -> materializeCrash(point, 2 * 50);
      case REGISTRY_BEFORE_COMMIT -> applyCrash(point, false);
      case REGISTRY_AFTER_COMMIT -> applyCrash(point, true);
      case PUSH_BEFORE_RENAME -> pushCrash(point);
      case KEYS_BEFORE_RENAME -> keysCrash(point);
    }
  }

  /** Runs {@code main} armed to crash at the {@code n}-th reach of {@code point}; sees it crash. */
  private static void crash(FaultPoint point, int n, Class<?> main, String... args)
      throws InterruptedException {
    try (ChildJvm child = ChildJvm.start(main, List.of(point.crashAt(n)), args)) {
      child.awaitLine(l -> l.equals("larder.fault: crash at " + point.spelling()), 120);
      assertThat(child.exitStatus(30)).as("%s", child.output()).isEqualTo(FaultPoint.CRASH_STATUS);
      assertThat(child.output()).doesNotContain("done");
    }
  }

  /**
   * Day 1 materialized, a child materializes day 2 in batches of 50 and crashes at the third reach
   * of the point: exactly {@code written} keys hold day 2's row, the rest day 1's, each whole; the
   * interval is not recorded; running it again completes it (the dead child's lease taken over).
   */
  private void materializeCrash(FaultPoint point, long written) throws Exception {
    Path repo = TwoDayRepo.atDayOne(dir.resolve("repo"));
    crash(
        point, 3, MaterializeChild.class, repo.toString(), DAY2.toString(), DAY3.toString(), "50");
    assertThat(TwoDayRepo.keysAtDayTwo(repo)).isEqualTo(written);
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
      store.materialize(DAY2, DAY3);
    }
    assertThat(TwoDayRepo.keysAtDayTwo(repo)).isEqualTo(KEYS);
  }

  /**
   * Revision 1 applied; a child applies a second view and crashes inside the commit's transaction
   * or right after it: the registry file is intact and loads at revision 1 without the view, or at
   * revision 2 with it; an apply afterwards brings it to the new definitions.
   */
  private void applyCrash(FaultPoint point, boolean committed) throws Exception {
    Path repo = TwoDayRepo.write(dir.resolve("repo"));
    long before;
    try (FeatureStore store = RepoFixture.applied(repo)) {
      before = store.snapshot().revision();
    }
    Files.writeString(
        repo.resolve("features.yaml"),
        RepoFixture.DRIVERS
            + """
              - name: driver_trips
                entities: [driver]
                source: stats
                schema:
                  - {name: trips, dtype: Int64}
            """);
    crash(point, 1, FaultChild.class, "apply", repo.toString());

    assertThat(integrityCheck(repo.resolve("data/registry.db"))).isEqualTo("ok");
    try (FeatureStore store = FeatureStore.open(repo)) {
      RegistrySnapshot snapshot = store.snapshot();
      long expected = committed ? before + 1 : before;
      assertThat(snapshot.revision()).isEqualTo(expected);
      assertThat(store.registry().history()).hasSize((int) expected);
      assertThat(snapshot.definitions().featureView("driver_trips").isPresent())
          .isEqualTo(committed);
      store.apply();
      assertThat(store.snapshot().definitions().featureView("driver_trips")).isPresent();
    }
  }

  /**
   * A child pushes a row offline and crashes after writing its temporary file, before the rename:
   * the directory shows no new {@code .parquet} file, every one it shows reads whole, and the
   * source reads as before; a push afterwards adds the row.
   */
  private void pushCrash(FaultPoint point) throws Exception {
    Path repo = RepoFixture.write(dir.resolve("repo"), PUSH_DEFINITIONS);
    Path live = repo.resolve("data/live");
    RepoFixture.parquet(
        live.resolve("part-0.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, speed DOUBLE",
        "(1, '2024-01-01 10:00:00+00', 1.5)");
    RepoFixture.applied(repo).close();
    crash(point, 1, FaultChild.class, "push", repo.toString());

    assertThat(files(live, ".parquet")).containsExactly("part-0.parquet");
    assertThat(files(live, ".tmp")).as("the temporary file the crash left").hasSize(1);
    for (String file : files(live, ".parquet")) {
      assertThat(RepoFixture.query("SELECT count(*) FROM '" + live.resolve(file) + "'"))
          .isNotEmpty();
    }
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(speeds(store)).containsExactly(1.5, null);
      store.push("live", pushedRows(), PushMode.OFFLINE);
      assertThat(speeds(store)).containsExactly(1.5, 2.5);
    }
  }

  /**
   * Key {@code a} added; a child adds {@code b} and crashes after writing the new file, before it
   * replaces the old one: the keys file reads, with key {@code a} alone; adding {@code b} again
   * works.
   */
  private void keysCrash(FaultPoint point) throws Exception {
    Path file = dir.resolve("auth/keys.yaml");
    new ApiKeyFile(file).add("a", List.of("reader"), Clock.systemUTC());
    crash(point, 1, FaultChild.class, "add-key", file.toString(), "b");

    assertThat(new ApiKeyFile(file).read().keys()).extracting(ApiKey::name).containsExactly("a");
    new ApiKeyFile(file).add("b", List.of("reader"), Clock.systemUTC());
    assertThat(new ApiKeyFile(file).read().keys())
        .extracting(ApiKey::name)
        .containsExactly("a", "b");
  }

  /** The rows {@link FaultChild} pushes: driver 2 at {@link #T}, speed 2.5. */
  static Map<String, List<Object>> pushedRows() {
    Map<String, List<Object>> c = new LinkedHashMap<>();
    c.put("driver_id", List.of(2L));
    c.put("event_timestamp", List.of(T.toString()));
    c.put("speed", List.of(2.5));
    return c;
  }

  /** The speed of drivers 1 and 2 at {@link #T}, read offline. */
  private static List<Double> speeds(FeatureStore store) {
    var column =
        store
            .getHistoricalFeatures(
                EntityRows.builder()
                    .longs("driver_id", 1, 2)
                    .timestamps("event_timestamp", T, T)
                    .build(),
                FeatureSelection.of("live_stats:speed"),
                RetrievalOptions.DEFAULT)
            .column("speed");
    return java.util.stream.IntStream.range(0, 2)
        .mapToObj(r -> column.isNull(r) ? null : column.getDouble(r))
        .toList();
  }

  private static List<String> files(Path directory, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  private static String integrityCheck(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
      r.next();
      return r.getString(1);
    }
  }
}
