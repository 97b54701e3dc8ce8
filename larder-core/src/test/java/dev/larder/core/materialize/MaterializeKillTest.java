package dev.larder.core.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.RepoFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialization killed mid-way (DESIGN B6): a child JVM writing small batches is killed with
 * {@code destroyForcibly}; every key then holds its row from before or from after, whole; running
 * the materialization again leaves the store equal, row for row, to a clean run's.
 */
class MaterializeKillTest {
  static final int KEYS = 20_000;
  static final Instant DAY1 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant DAY2 = Instant.parse("2024-01-02T00:00:00Z");
  static final Instant DAY3 = Instant.parse("2024-01-03T00:00:00Z");
  static final String TABLE = "\"shop:driver_stats\"";

  @TempDir Path dir;

  /** Day 1 rows say {@code v1}, day 2 rows {@code v2}, for every key. */
  private static Path repo(Path repo) {
    RepoFixture.write(repo, RepoFixture.DRIVERS);
    RepoFixture.copy(
        "SELECT i AS driver_id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_days(d) AS event_timestamp,"
            + " NULL::TIMESTAMPTZ AS created, i * (d + 1) * 0.5 AS conv_rate, i * 10 + d AS trips,"
            + " 'v' || (d + 1) AS city FROM range("
            + KEYS
            + ") r(i), range(2) s(d)",
        repo.resolve("data/stats.parquet"));
    return repo;
  }

  @Test
  void aKilledRunLeavesEachKeyWholeAndARerunEqualsACleanRun() throws Exception {
    Path repo = repo(dir.resolve("killed"));
    try (FeatureStore store = RepoFixture.applied(repo)) {
      store.materialize(DAY1, DAY1);
    }
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MaterializeChild.class.getName(),
                repo.toString(),
                DAY2.toString(),
                DAY3.toString(),
                "50")
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        if (line.startsWith("rows ")) {
          break;
        }
      }
      assertThat(child.isAlive()).as("the child is still materializing: %s", output).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(output).as("output of the child").anyMatch(l -> l.startsWith("rows "));

    List<List<Object>> killed = rows(repo);
    assertThat(killed).hasSize(KEYS);
    long after = 0;
    for (List<Object> row : killed) {
      long id = (Long) row.get(0);
      String city = (String) row.get(3);
      int d = city.equals("v2") ? 1 : 0;
      assertThat(row)
          .as("driver %d holds one whole row", id)
          .containsExactly(
              id, (d == 0 ? DAY1 : DAY2).toString(), id * (d + 1) * 0.5, city, id * 10 + d);
      after += d;
    }
    assertThat(after).as("keys written before the kill").isPositive().isLessThan(KEYS);
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
      store.materialize(DAY2, DAY3);
    }

    Path clean = repo(dir.resolve("clean"));
    try (FeatureStore store = RepoFixture.applied(clean)) {
      store.materialize(DAY1, DAY1);
      store.materialize(DAY2, DAY3);
    }
    assertThat(storedRows(repo)).isEqualTo(storedRows(clean)).hasSize(KEYS);
  }

  /** Per key: id, event time, conv_rate, city, trips, decoded through the store's reads. */
  private static List<List<Object>> rows(Path repo) {
    List<List<Object>> out = new ArrayList<>();
    try (FeatureStore store = FeatureStore.open(repo)) {
      List<Object> ids = new ArrayList<>();
      for (long id = 0; id < KEYS; id++) {
        ids.add(id);
      }
      OnlineFeatures f =
          store.getOnlineFeatures(
              FeatureSelection.of(
                  "driver_stats:conv_rate", "driver_stats:city", "driver_stats:trips"),
              Map.of("driver_id", ids));
      for (int r = 0; r < KEYS; r++) {
        out.add(
            List.of(
                ids.get(r),
                f.eventTimestamps("city").get(r).toString(),
                f.values("conv_rate").get(r),
                f.values("city").get(r),
                f.values("trips").get(r)));
      }
    }
    return out;
  }

  /** Every stored row of the view, as its raw columns in text, ordered by key. */
  private static List<String> storedRows(Path repo) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + repo.resolve("data/online_store.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT hex(entity_key), event_ts, created_ts, hex(feature_values) FROM "
                    + TABLE
                    + " ORDER BY entity_key")) {
      while (rs.next()) {
        out.add(
            rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return out;
  }
}
