package dev.larder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.online.FeatureStatus;
import dev.larder.core.online.OnlineFeatures;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.registry.ApplyOptions;
import dev.larder.core.registry.ApplyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions through the facade, on real Parquet, DuckDB and SQLite: a pinned version is read with
 * its own schema, source and ttl, from references and from a feature service's {@code version:}; a
 * breaking apply is refused without permission and, allowed, deletes the view's online rows; online
 * reads of a pinned version work only while no breaking version followed it.
 */
class FeatureStoreVersionsTest {
  static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant JAN_6 = Instant.parse("2024-01-06T00:00:00Z");

  /** Version 1: trips is Int64, read from stats.parquet, no ttl; a service pins version 1. */
  static final String V1 =
      RepoFixture.DRIVERS
          + """
          feature_services:
            - name: trips_v1
              features:
                - {feature_view: driver_stats, features: [trips], version: 1}
          """;

  /** Version 2 (breaking): trips retyped to Float64, another source, a ttl of one hour. */
  static final String V2 =
      V1.replace(
              "schema:\n      - {name: conv_rate, dtype: Float64}\n      - {name: trips, dtype:"
                  + " Int64}",
              "ttl: 1h\n    schema:\n      - {name: conv_rate, dtype: Float64}\n      - {name:"
                  + " trips, dtype: Float64}")
          .replace("    source: stats\n", "    source: stats_v2\n")
          .replace(
              "sources:\n",
              "sources:\n  - {name: stats_v2, type: file, path: data/stats2.parquet,"
                  + " timestamp_field: event_timestamp}\n");

  @TempDir Path repo;
  FeatureStore store;

  @BeforeEach
  void versionOneMaterialized() {
    RepoFixture.write(repo, V1);
    RepoFixture.parquet(
        repo.resolve("data/stats.parquet"),
        RepoFixture.STATS_COLUMNS + ", rating DOUBLE",
        "(1, '2024-01-01 00:00:00+00', NULL, 0.5, 10, 'paris', 4.5)",
        "(2, '2024-01-01 00:00:00+00', NULL, 0.25, 20, 'lyon', 3.5)");
    RepoFixture.parquet(
        repo.resolve("data/stats2.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, conv_rate DOUBLE, trips DOUBLE, city"
            + " VARCHAR",
        "(1, '2024-01-05 23:30:00+00', 0.9, 11.5, 'nice')");
    store = RepoFixture.applied(repo);
    store.materialize(JAN_1, JAN_6);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ApplyResult applyVersion2(ApplyOptions options) throws IOException {
    Files.writeString(repo.resolve("features.yaml"), V2);
    return store.apply(options);
  }

  private TrainingFrame historical(FeatureSelection selection) {
    EntityRows rows =
        EntityRows.builder()
            .longs("driver_id", 1, 2)
            .timestamps("event_timestamp", JAN_6, JAN_6)
            .build();
    return store.getHistoricalFeatures(rows, selection, RetrievalOptions.DEFAULT);
  }

  private OnlineFeatures online(String... references) {
    return store.getOnlineFeatures(
        FeatureSelection.of(references), Map.of("driver_id", List.of(1L, 2L)));
  }

  @Test
  void aPinnedVersionIsReadWithItsOwnSchemaSourceAndTtl() throws IOException {
    assertThat(applyVersion2(ApplyOptions.ALLOW_BREAKING).newVersions()).hasSize(1);

    TrainingFrame v1 = historical(FeatureSelection.of("driver_stats@v1:trips"));
    assertThat(v1.columnNames()).containsExactly("driver_id", "event_timestamp", "trips");
    assertThat(v1.column("trips").kind()).isEqualTo(FrameColumn.Kind.LONG);
    assertThat(v1.column("trips").values()).containsExactly(10L, 20L);

    TrainingFrame latest = historical(FeatureSelection.of("driver_stats:trips"));
    assertThat(latest.columnNames()).containsExactly("driver_id", "event_timestamp", "trips");
    assertThat(latest.column("trips").kind()).isEqualTo(FrameColumn.Kind.DOUBLE);
    assertThat(latest.column("trips").values()).containsExactly(11.5, null);
    assertThat(historical(FeatureSelection.of("driver_stats@latest:trips")).column("trips"))
        .isEqualTo(latest.column("trips"));
    assertThat(historical(FeatureSelection.of("driver_stats@v2:trips")).column("trips"))
        .isEqualTo(latest.column("trips"));

    TrainingFrame service = historical(FeatureSelection.service("trips_v1"));
    assertThat(service.column("trips").values()).containsExactly(10L, 20L);
  }

  @Test
  void anUnknownVersionIsNotFoundNamingTheVersionsThatExist() throws IOException {
    applyVersion2(ApplyOptions.ALLOW_BREAKING);

    assertThatThrownBy(() -> historical(FeatureSelection.of("driver_stats@v7:trips")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 7")
        .hasMessageContaining("its versions are v1, v2 (latest: v2)");
  }

  @Test
  void aRefusedApplyLeavesTheRegistryAndTheOnlineRows() throws IOException {
    long revision = store.snapshot().revision();

    assertThatThrownBy(() -> applyVersion2(ApplyOptions.DEFAULT))
        .isInstanceOf(BreakingChangeException.class)
        .hasMessageContaining("schema.trips: Int64 → Float64 (retyped feature)")
        .hasMessageContaining("source: stats → stats_v2 (changed source)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ttl"));

    assertThat(store.snapshot().revision()).isEqualTo(revision);
    assertThat(online("driver_stats:trips").values("trips")).containsExactly(10L, 20L);
  }

  @Test
  void aBreakingApplyDeletesTheViewsOnlineRowsAndOldPinsNoLongerReadOnline() throws IOException {
    ApplyResult result = applyVersion2(ApplyOptions.ALLOW_BREAKING);

    assertThat(result.breakingViews()).containsExactly("driver_stats");
    assertThat(online("driver_stats:trips").statuses("trips"))
        .containsOnly(FeatureStatus.NOT_FOUND);
    assertThat(store.snapshot().materializations("driver_stats")).isEmpty();
    assertThatThrownBy(() -> online("driver_stats@v1:trips"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("pinned to version 1")
        .hasMessageContaining("v2 was a breaking change")
        .satisfies(
            e -> assertThat(((LarderException) e).hint()).contains("get-historical-features"));

    store.materialize(JAN_1, JAN_6);
    OnlineFeatures again = online("driver_stats:trips", "driver_stats@v2:conv_rate");
    assertThat(again.values("trips")).containsExactly(11.5, null);
    assertThat(again.values("conv_rate")).containsExactly(0.9, null);
  }

  @Test
  void aCompatibleApplyKeepsTheOnlineRowsAndOldPinsStillReadOnline() throws IOException {
    Files.writeString(
        repo.resolve("features.yaml"),
        V1.replace(
            "      - {name: city, dtype: String}\n",
            "      - {name: city, dtype: String}\n      - {name: rating, dtype: Float64}\n"));

    ApplyResult result = store.apply(ApplyOptions.DEFAULT);

    assertThat(result.newVersions())
        .singleElement()
        .satisfies(v -> assertThat(v.breaking()).isFalse());
    assertThat(result.breakingViews()).isEmpty();
    assertThat(online("driver_stats@v1:trips").values("trips")).containsExactly(10L, 20L);
    assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
  }

  /**
   * A ttl bounds how old a row may be when it is read; it changes no stored row. So a ttl change is
   * a new, compatible version: no --allow-breaking, the online rows and intervals stay, and reads
   * judge the kept rows by the new ttl (the value is served either way; OUTSIDE_MAX_AGE says it is
   * older than the ttl).
   */
  @Test
  void aTtlChangeIsACompatibleNewVersionThatKeepsTheOnlineRows() throws IOException {
    Files.writeString(
        repo.resolve("features.yaml"),
        V1.replace("    schema:\n", "    ttl: 36500d\n    schema:\n"));

    ApplyResult longer = store.apply(ApplyOptions.DEFAULT);

    assertThat(longer.newVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.number()).isEqualTo(2);
              assertThat(v.breaking()).isFalse();
              assertThat(v.summary()).isEqualTo("ttl: 0 (unlimited) → 36500d");
            });
    assertThat(longer.breakingViews()).isEmpty();
    assertThat(store.snapshot().materializations("driver_stats")).hasSize(1);
    OnlineFeatures kept = online("driver_stats:trips");
    assertThat(kept.values("trips")).containsExactly(10L, 20L);
    assertThat(kept.statuses("trips")).containsOnly(FeatureStatus.PRESENT);
    assertThat(online("driver_stats@v1:trips").values("trips")).containsExactly(10L, 20L);

    Files.writeString(
        repo.resolve("features.yaml"), V1.replace("    schema:\n", "    ttl: 1h\n    schema:\n"));
    ApplyResult shorter = store.apply(ApplyOptions.DEFAULT);

    assertThat(shorter.newVersions())
        .singleElement()
        .satisfies(v -> assertThat(v.number()).isEqualTo(3));
    OnlineFeatures old = online("driver_stats:trips");
    assertThat(old.values("trips")).containsExactly(10L, 20L);
    assertThat(old.statuses("trips")).containsOnly(FeatureStatus.OUTSIDE_MAX_AGE);
    assertThat(online("driver_stats@v2:trips").statuses("trips"))
        .containsOnly(FeatureStatus.PRESENT);
  }
}
