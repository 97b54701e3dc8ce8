package dev.larder.core.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.EntityKey;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.OnlineViewSchema;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.online.StoredRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repository of the kill and crash tests of materialization: {@value #KEYS} drivers whose day 1
 * rows say {@code v1} and day 2 rows {@code v2} in every feature, so that a key read back shows at
 * once whether it holds one whole row, of before or of after, or a mix.
 */
public final class TwoDayRepo {
  public static final int KEYS = 20_000;
  public static final Instant DAY1 = Instant.parse("2024-01-01T00:00:00Z");
  public static final Instant DAY2 = Instant.parse("2024-01-02T00:00:00Z");
  public static final Instant DAY3 = Instant.parse("2024-01-03T00:00:00Z");

  private TwoDayRepo() {}

  /** Writes the repository at {@code repo}. */
  public static Path write(Path repo) {
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

  /** Writes, applies and materializes day 1 (every key at its old row). */
  public static Path atDayOne(Path repo) {
    try (FeatureStore store = RepoFixture.applied(write(repo))) {
      store.materialize(DAY1, DAY1);
    }
    return repo;
  }

  /**
   * Checks that every key holds one whole row, of day 1 or of day 2, read through the online
   * store's API, and returns how many hold day 2's.
   */
  public static long keysAtDayTwo(Path repo) {
    long after = 0;
    for (List<Object> row : rows(repo)) {
      long id = (Long) row.get(0);
      String city = (String) row.get(3);
      int d = "v2".equals(city) ? 1 : 0;
      assertThat(row)
          .as("driver %d holds one whole row", id)
          .containsExactly(
              id, (d == 0 ? DAY1 : DAY2).toString(), id * (d + 1) * 0.5, city, id * 10 + d);
      after += d;
    }
    return after;
  }

  /** Per key: id, event time, conv_rate, city, trips, decoded through the store's reads. */
  static List<List<Object>> rows(Path repo) {
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

  /**
   * Every key's stored row of the view, read through the online store's API (not its storage, so
   * that the check holds for any backend): {@code id StoredRow[event, created, values]} in key
   * order, {@code id none} for a key without a row.
   */
  static List<String> storedRows(Path repo) {
    List<EntityKey> keys = new ArrayList<>();
    for (long id = 0; id < KEYS; id++) {
      keys.add(EntityKey.of(List.of("driver_id"), id));
    }
    OnlineViewSchema view =
        new OnlineViewSchema(
            "driver_stats",
            List.of(new OnlineViewSchema.KeyField("driver_id", ValueType.INT64)),
            List.of(
                Field.of("conv_rate", "Float64"),
                Field.of("trips", "Int64"),
                Field.of("city", "String")));
    List<String> out = new ArrayList<>();
    try (FeatureStore store = FeatureStore.open(repo)) {
      List<StoredRow> rows = store.online().read(view, keys);
      for (int id = 0; id < KEYS; id++) {
        out.add(id + " " + (rows.get(id) == null ? "none" : rows.get(id)));
      }
    }
    return out;
  }
}
