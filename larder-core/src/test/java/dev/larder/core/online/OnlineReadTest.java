package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online reads in process (DESIGN B6, B7 shapes): statuses, order, names, keys and errors. */
class OnlineReadTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant DAY = Instant.parse("2024-01-02T00:00:00Z");

  static final String DEFINITIONS =
      (RepoFixture.DRIVERS
              + """
            - name: recent
              entities: [driver]
              ttl: 1h
              source: recent_source
              schema:
                - {name: trips_recent, dtype: Int64}
            - name: typed
              entities: [driver]
              source: typed_source
              schema:
                - {name: i32, dtype: Int32}
                - {name: f32, dtype: Float32}
                - {name: flag, dtype: Bool}
                - {name: raw, dtype: Bytes}
                - {name: seen, dtype: UnixTimestamp}
                - {name: counts, dtype: Array(Int64)}
            - name: weather
              entities: []
              source: weather_source
              schema:
                - {name: temperature, dtype: Float64}
            - name: archive
              entities: [driver]
              source: stats
              online: false
              schema:
                - {name: trips, dtype: Int64}
          feature_services:
            - name: pair
              features:
                - {feature_view: driver_stats, features: [city], name_alias: origin,
                   join_key_map: {driver_id: origin_id}}
                - {feature_view: driver_stats, features: [city], name_alias: destination,
                   join_key_map: {driver_id: destination_id}}
          """)
          .replace(
              "sources:\n",
              "sources:\n"
                  + "  - {name: typed_source, type: file, path: data/typed.parquet,"
                  + " timestamp_field: event_timestamp}\n"
                  + "  - {name: weather_source, type: file, path: data/weather.parquet,"
                  + " timestamp_field: event_timestamp}\n"
                  + "  - {name: recent_source, type: file, path: data/stats.parquet,"
                  + " timestamp_field: event_timestamp, field_mapping: {trips: trips_recent}}\n");

  @TempDir Path repo;
  FeatureStore store;

  @BeforeEach
  void materialized() {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        RepoFixture.STATS_COLUMNS,
        "(1, '2024-01-01 00:00:00+00', NULL, 0.5, 10, 'paris')",
        "(2, '2024-01-01 12:00:00+00', NULL, 0.25, 20, NULL)",
        "(7, '2024-01-01 00:00:00+00', NULL, 0.75, 70, 'lyon')");
    RepoFixture.parquet(
        repo.resolve("data/typed.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, i32 INTEGER, f32 FLOAT, flag BOOLEAN,"
            + " raw BLOB, seen TIMESTAMPTZ, counts BIGINT[]",
        "(1, '2024-01-01 00:00:00+00', -5, 0.1, true, '\\x01\\xFF'::BLOB,"
            + " '2023-06-01 10:00:00.5+00', [1, NULL, 3])");
    RepoFixture.parquet(
        repo.resolve("data/weather.parquet"),
        "event_timestamp TIMESTAMPTZ, temperature DOUBLE",
        "('2024-01-01 08:00:00+00', 5.5)");
    store = RepoFixture.applied(repo);
    store.materialize(T0, DAY);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Map<String, List<Object>> drivers(Object... ids) {
    return Map.of("driver_id", Arrays.asList(ids));
  }

  @Test
  void allFourStatusesWithValuesAndEventTimestamps() {
    OnlineFeatures f =
        store.getOnlineFeatures(
            FeatureSelection.of("driver_stats:city", "recent:trips_recent"), drivers(1L, 2L, 3L));
    assertThat(f.featureNames()).containsExactly("driver_id", "city", "trips_recent");
    assertThat(f.rowCount()).isEqualTo(3);
    assertThat(f.values("driver_id")).containsExactly(1L, 2L, 3L);
    assertThat(f.statuses("driver_id")).containsOnly(FeatureStatus.PRESENT);
    assertThat(f.eventTimestamps("driver_id")).containsOnly(Instant.EPOCH);
    assertThat(f.values("city")).containsExactly("paris", null, null);
    assertThat(f.statuses("city"))
        .containsExactly(FeatureStatus.PRESENT, FeatureStatus.NULL_VALUE, FeatureStatus.NOT_FOUND);
    assertThat(f.eventTimestamps("city"))
        .containsExactly(T0, Instant.parse("2024-01-01T12:00:00Z"), Instant.EPOCH);
    assertThat(f.values("trips_recent")).containsExactly(10L, 20L, null);
    assertThat(f.statuses("trips_recent"))
        .containsExactly(
            FeatureStatus.OUTSIDE_MAX_AGE, FeatureStatus.OUTSIDE_MAX_AGE, FeatureStatus.NOT_FOUND);
  }

  @Test
  void entitiesMayBeTypedLists() {
    Map<String, List<Long>> ids = Map.of("driver_id", List.of(7L));
    assertThat(
            store.getOnlineFeatures(FeatureSelection.of("driver_stats:city"), ids).values("city"))
        .containsExactly("lyon");
  }

  @Test
  void theTtlIsMeasuredAtTheReadersClockWithAStrictBound() {
    Instant event = Instant.parse("2024-01-01T12:00:00Z");
    for (Object[] c :
        new Object[][] {
          {event.plusSeconds(3600), FeatureStatus.PRESENT},
          {event.plusSeconds(3600).plusNanos(1000), FeatureStatus.OUTSIDE_MAX_AGE}
        }) {
      OnlineReader reader =
          new OnlineReader(
              store::snapshot,
              store.online(),
              Clock.fixed((Instant) c[0], java.time.ZoneOffset.UTC));
      assertThat(
              reader
                  .read(FeatureSelection.of("recent:trips_recent"), drivers(2L), false)
                  .statuses("trips_recent"))
          .containsExactly((FeatureStatus) c[1]);
    }
  }

  @Test
  void entityColumnsComeFirstAsGivenThenFeaturesInRequestOrder() {
    OnlineFeatures f =
        store.getOnlineFeatures(
            FeatureSelection.of(
                "driver_stats:city", "weather:temperature", "driver_stats:conv_rate"),
            drivers(7L, 1L),
            true);
    assertThat(f.featureNames())
        .containsExactly(
            "driver_id", "driver_stats__city", "weather__temperature", "driver_stats__conv_rate");
    assertThat(f.values("driver_stats__city")).containsExactly("lyon", "paris");
    assertThat(f.values("weather__temperature")).containsExactly(5.5, 5.5);
    assertThat(f.values("driver_stats__conv_rate")).containsExactly(0.75, 0.5);

    Map<String, List<Object>> trips = new LinkedHashMap<>();
    trips.put("destination_id", List.of(2L, 1L));
    trips.put("origin_id", List.of(7L, 2L));
    OnlineFeatures pair = store.getOnlineFeatures(FeatureSelection.service("pair"), trips, true);
    assertThat(pair.featureNames())
        .containsExactly("destination_id", "origin_id", "origin__city", "destination__city");
    assertThat(pair.values("origin__city")).containsExactly("lyon", null);
    assertThat(pair.statuses("origin__city"))
        .containsExactly(FeatureStatus.PRESENT, FeatureStatus.NULL_VALUE);
    assertThat(pair.values("destination__city")).containsExactly(null, "paris");
  }

  @Test
  void valuesHaveTheJavaTypeOfTheirDtype() {
    OnlineFeatures f =
        store.getOnlineFeatures(
            FeatureSelection.of(
                "typed:i32", "typed:f32", "typed:flag", "typed:raw", "typed:seen", "typed:counts"),
            drivers(1L));
    assertThat(f.values("i32")).containsExactly(-5L);
    assertThat(f.values("f32")).containsExactly((double) 0.1f);
    assertThat(f.values("flag")).containsExactly(true);
    assertThat((byte[]) f.values("raw").get(0)).containsExactly(1, 0xFF);
    assertThat(f.values("seen")).containsExactly(Instant.parse("2023-06-01T10:00:00.5Z"));
    assertThat(f.values("counts")).containsExactly(Arrays.asList(1L, null, 3L));
  }

  @Test
  void keysConvertExactlyNullKeysAreNotFoundAndDuplicatesAreReadOnce() {
    List<List<EntityKey>> reads = new ArrayList<>();
    OnlineStore counting =
        new OnlineStore() {
          @Override
          public String location() {
            return store.online().location();
          }

          @Override
          public void write(OnlineViewSchema view, List<OnlineRow> rows) {
            store.online().write(view, rows);
          }

          @Override
          public List<StoredRow> read(OnlineViewSchema view, List<EntityKey> keys) {
            reads.add(keys);
            return store.online().read(view, keys);
          }

          @Override
          public void deleteView(OnlineViewSchema view) {}

          @Override
          public void deleteProject() {}

          @Override
          public void close() {}
        };
    OnlineReader reader = new OnlineReader(store::snapshot, counting, Clock.systemUTC());
    OnlineFeatures f =
        reader.read(
            FeatureSelection.of("driver_stats:trips"), drivers(1, "+7", 1L, null, "7"), false);
    assertThat(f.values("trips")).containsExactly(10L, 70L, 10L, null, 70L);
    assertThat(f.statuses("trips").get(3)).isEqualTo(FeatureStatus.NOT_FOUND);
    assertThat(f.values("driver_id")).containsExactly(1, "+7", 1L, null, "7");
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0)).hasSize(2).doesNotHaveDuplicates();

    assertThatThrownBy(
            () -> reader.read(FeatureSelection.of("driver_stats:trips"), drivers(1L, "x1"), false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity column 'driver_id' (row 1) holds text 'x1', which is not a 64-bit integer, but"
                + " join key 'driver_id' of entity 'driver' is INT64");
    assertThatThrownBy(
            () -> reader.read(FeatureSelection.of("driver_stats:trips"), drivers(1.5), false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith(
            "entity column 'driver_id' (row 0) is a number (1.5), but join key 'driver_id' of entity"
                + " 'driver' is INT64");
  }

  @Test
  void entityColumnsThatAreNoJoinKeyOfTheRequestedViewsAreIgnoredAsFeastIgnoresThem() {
    FeatureSelection city = FeatureSelection.of("driver_stats:city");
    Map<String, List<Object>> extra = new LinkedHashMap<>();
    extra.put("rider_id", List.of(2L));
    extra.put("driver_id", List.of(1L));
    OnlineFeatures read = store.getOnlineFeatures(city, extra);
    assertThat(read.featureNames()).containsExactly("driver_id", "city");
    assertThat(read.values("driver_id")).containsExactly(1L);
  }

  @Test
  void theEntityNameStandsForItsSingleJoinKeyAsInFeast() {
    FeatureSelection city = FeatureSelection.of("driver_stats:city");
    OnlineFeatures byName = store.getOnlineFeatures(city, Map.of("driver", List.of(1L)));
    OnlineFeatures byKey = store.getOnlineFeatures(city, Map.of("driver_id", List.of(1L)));
    assertThat(byName.featureNames()).containsExactly("driver_id", "city");
    assertThat(byName.values("driver_id")).containsExactly(1L);
    assertThat(byName.values("city")).isEqualTo(byKey.values("city")).doesNotContainNull();
    assertThat(byName.statuses("city")).isEqualTo(byKey.statuses("city"));
  }

  @Test
  void aMissingJoinKeyIsAnError() {
    FeatureSelection city = FeatureSelection.of("driver_stats:city");
    assertThatThrownBy(() -> store.getOnlineFeatures(city, Map.of("rider_id", List.of(2L))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity column 'driver_id' is missing: feature view 'driver_stats' is read by join key"
                + " 'driver_id' of entity 'driver'");
    Map<String, List<Object>> uneven = new LinkedHashMap<>();
    uneven.put("origin_id", List.of(1L, 2L));
    uneven.put("destination_id", List.of(1L));
    assertThatThrownBy(() -> store.getOnlineFeatures(FeatureSelection.service("pair"), uneven))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "entity columns have different lengths: 'origin_id' has 2 values, 'destination_id' has"
                + " 1");
  }

  @Test
  void unknownViewsFeaturesAndOfflineViewsAreErrorsWithTheFix() {
    assertThatThrownBy(
            () -> store.getOnlineFeatures(FeatureSelection.of("driver_stats:citty"), drivers(1L)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Unknown feature 'driver_stats:citty'; did you mean 'city'? Run 'larder feature-views"
                + " describe driver_stats' to list its features.");
    assertThatThrownBy(
            () -> store.getOnlineFeatures(FeatureSelection.of("driver_stat:city"), drivers(1L)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith(
            "Unknown feature view 'driver_stat' in 'driver_stat:city'; did you mean"
                + " 'driver_stats'?");
    assertThatThrownBy(
            () -> store.getOnlineFeatures(FeatureSelection.of("archive:trips"), drivers(1L)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "feature view 'archive' is not online (online: false), so the online store holds none"
                + " of its rows");
    assertThatThrownBy(
            () -> store.getOnlineFeatures(FeatureSelection.of("driver_stats@v2:city"), drivers(1L)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 2");
    assertThat(
            store
                .getOnlineFeatures(FeatureSelection.of("driver_stats@v1:city"), drivers(1L))
                .values("city"))
        .containsExactly("paris");
  }

  @Test
  void readsBeforeAnyMaterializationFindNothingAndCreateNoFile(@TempDir Path other) {
    RepoFixture.write(other, RepoFixture.DRIVERS);
    RepoFixture.parquet(
        other.resolve("data/stats.parquet"),
        RepoFixture.STATS_COLUMNS,
        "(1, '2024-01-01 00:00:00+00', NULL, 0.5, 10, 'paris')");
    try (FeatureStore fresh = RepoFixture.applied(other)) {
      OnlineFeatures f =
          fresh.getOnlineFeatures(FeatureSelection.of("driver_stats:city"), drivers(1L, 2L));
      assertThat(f.statuses("city")).containsOnly(FeatureStatus.NOT_FOUND);
      assertThat(f.eventTimestamps("city")).containsOnly(Instant.EPOCH);
      assertThat(other.resolve("data/online_store.db")).doesNotExist();
      assertThat(
              fresh
                  .getOnlineFeatures(FeatureSelection.of("driver_stats:city"), drivers())
                  .values("city"))
          .isEmpty();
    }
  }
}
