package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureSelection;
import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.RetrievalOptions;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.TrainingFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push (DESIGN B4, B7): online, offline as a new Parquet file, checks before any write. */
class PushTest {
  static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: plain, type: file, path: data/single.parquet, timestamp_field: event_timestamp}
        - name: live
          type: push
          batch_source: {name: live_files, type: file, path: data/live, timestamp_field: event_timestamp,
                         created_timestamp_column: created, field_mapping: {trip_count: trips}}
        - name: single
          type: push
          batch_source: {name: single_file, type: file, path: data/single.parquet,
                         timestamp_field: event_timestamp}
      feature_views:
        - name: live_stats
          entities: [driver]
          source: live
          schema:
            - {name: speed, dtype: Float64}
            - {name: trips, dtype: Int32}
            - {name: tags, dtype: Array(String)}
        - name: single_stats
          entities: [driver]
          source: single
          schema:
            - {name: speed, dtype: Float64}
      """;
  static final FeatureSelection LIVE =
      FeatureSelection.of("live_stats:speed", "live_stats:trips", "live_stats:tags");

  @TempDir Path repo;
  FeatureStore store;

  @BeforeEach
  void repo() {
    RepoFixture.write(repo, DEFINITIONS);
    RepoFixture.parquet(
        repo.resolve("data/live/part-0.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMP, created TIMESTAMPTZ, speed DECIMAL(4,1),"
            + " trip_count INTEGER, tags VARCHAR[], note VARCHAR",
        "(1, '2024-01-01 10:00:00', NULL, 50.0, 5, ['old'], 'from the batch job')");
    RepoFixture.parquet(
        repo.resolve("data/single.parquet"),
        "driver_id BIGINT, event_timestamp TIMESTAMPTZ, speed DOUBLE",
        "(1, '2024-01-01 10:00:00+00', 1.0)");
    store = RepoFixture.applied(repo);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Columns for {@link #LIVE}: drivers 1 and 2 at the given times. */
  private static Map<String, List<Object>> rows(Object t1, Object t2) {
    Map<String, List<Object>> c = new LinkedHashMap<>();
    c.put("driver_id", List.of(1L, 2));
    c.put("event_timestamp", Arrays.asList(t1, t2));
    c.put("created", Arrays.asList(null, null));
    c.put("speed", List.of(61.5, 70));
    c.put("trips", List.of(6, 7L));
    c.put("tags", Arrays.asList(List.of("a", "b"), null));
    return c;
  }

  private Map<String, List<Object>> changed(Consumer<Map<String, List<Object>>> change) {
    Map<String, List<Object>> c =
        rows("2024-01-02T00:00:00Z", Instant.parse("2024-01-02T00:00:00Z"));
    change.accept(c);
    return c;
  }

  private List<String> liveFiles() throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve("data/live"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private TrainingFrame offlineAt(String time, long... ids) {
    EntityRows.Builder b = EntityRows.builder().longs("driver_id", ids);
    Instant[] at = new Instant[ids.length];
    Arrays.fill(at, Instant.parse(time));
    return store.getHistoricalFeatures(
        b.timestamps("event_timestamp", at).build(), LIVE, RetrievalOptions.DEFAULT);
  }

  @Test
  void pushedRowsAreReadOnlineAndOlderOnesAreIgnored() throws IOException {
    assertThat(
            store.push(
                "live", rows("2024-01-02T00:00:00Z", "2024-01-02T00:00:00+01:00"), PushMode.ONLINE))
        .isEqualTo(2);
    OnlineFeatures f = store.getOnlineFeatures(LIVE, Map.of("driver_id", List.of(1L, 2L)));
    assertThat(f.values("speed")).containsExactly(61.5, 70.0);
    assertThat(f.values("trips")).containsExactly(6L, 7L);
    assertThat(f.values("tags")).containsExactly(List.of("a", "b"), null);
    assertThat(f.eventTimestamps("speed"))
        .containsExactly(
            Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-01T23:00:00Z"));

    store.push("live", rows("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z"), PushMode.ONLINE);
    f = store.getOnlineFeatures(LIVE, Map.of("driver_id", List.of(1L, 2L)));
    assertThat(f.eventTimestamps("speed"))
        .containsExactly(
            Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-03T00:00:00Z"));
    assertThat(liveFiles()).containsExactly("part-0.parquet");
  }

  @Test
  void pushingOfflineAddsOneParquetFileThatRetrievalReads() throws IOException {
    store.push("live", rows("2024-01-02T00:00:00Z", "2024-01-02T06:00:00Z"), PushMode.OFFLINE);
    List<String> files = liveFiles();
    assertThat(files).hasSize(2).startsWith("part-0.parquet");
    assertThat(files.get(1)).matches("push-\\d{8}T\\d{6}\\.\\d{6}Z-[0-9a-f]{8}\\.parquet");
    assertThat(repo.resolve("data/online_store.db")).doesNotExist();

    TrainingFrame frame = offlineAt("2024-01-02T12:00:00Z", 1, 2);
    assertThat(frame.column("speed").values()).containsExactly(61.5, 70.0);
    assertThat(frame.column("trips").values()).containsExactly(6L, 7L);
    assertThat(frame.column("tags").values()).containsExactly(List.of("a", "b"), null);
    assertThat(offlineAt("2024-01-01T12:00:00Z", 1).column("speed").values()).containsExactly(50.0);
    assertThat(
            RepoFixture.query(
                "SELECT event_timestamp::VARCHAR, note FROM '"
                    + repo.resolve("data/live/" + files.get(1))
                    + "'"))
        .containsExactly(
            Arrays.asList("2024-01-02 00:00:00", null), Arrays.asList("2024-01-02 06:00:00", null));
  }

  @Test
  void pushingToBothWritesTheFileAndTheOnlineRows() throws IOException {
    store.push(
        "live", rows("2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"), PushMode.ONLINE_AND_OFFLINE);
    assertThat(liveFiles()).hasSize(2);
    assertThat(store.getOnlineFeatures(LIVE, Map.of("driver_id", List.of(2L))).values("speed"))
        .containsExactly(70.0);
  }

  @Test
  void badColumnsAndValuesAreNamedAndNothingIsWritten() throws IOException {
    Object[][] cases = {
      {
        changed(c -> c.put("sped", c.remove("speed"))),
        "push to push source 'live' takes no column 'sped' (did you mean 'speed'?)"
      },
      {
        changed(c -> c.remove("trips")), "push to push source 'live' needs column 'trips' (feature)"
      },
      {
        changed(c -> c.remove("created")),
        "push to push source 'live' needs column 'created' (created timestamp column)"
      },
      {
        changed(c -> c.put("trips", List.of(1, "three"))),
        "feature column 'trips' at index 1 holds text 'three', which does not convert to Int32 without loss"
      },
      {
        changed(c -> c.put("trips", List.of(1, 3_000_000_000L))),
        "feature column 'trips' at index 1 holds an integer (3000000000), which does not convert to Int32 without loss"
      },
      {
        changed(c -> c.put("speed", List.of(1.0, "fast"))),
        "feature column 'speed' at index 1 holds text 'fast', which does not convert to Float64 without loss"
      },
      {
        changed(c -> c.put("tags", List.of(List.of("a"), List.of(7)))),
        "feature column 'tags' at index 1 element 0 holds an integer (7), which does not convert to String without loss"
      },
      {
        changed(c -> c.put("driver_id", Arrays.asList(1L, null))),
        "join key column 'driver_id' at index 1 is null; every row needs its join key"
      },
      {
        changed(c -> c.put("driver_id", List.of(1L, "two"))),
        "join key column 'driver_id' at index 1 holds text 'two', which is not a 64-bit integer, but join key 'driver_id' of entity 'driver' is INT64"
      },
      {
        changed(c -> c.put("event_timestamp", Arrays.asList("2024-01-02", null))),
        "timestamp field column 'event_timestamp' at index 1 is null; every row needs its timestamp field"
      },
      {
        changed(c -> c.put("event_timestamp", List.of("2024-01-02", "soon"))),
        "timestamp field column 'event_timestamp' at index 1 is not an ISO-8601 time: 'soon'"
      },
      {
        changed(c -> c.put("speed", List.of(1.0))),
        "columns of push to push source 'live' have different lengths: 'driver_id' has 2 values, 'speed' has 1"
      },
    };
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      Map<String, List<Object>> columns = (Map<String, List<Object>>) c[0];
      for (PushMode mode : PushMode.values()) {
        assertThatThrownBy(() -> store.push("live", columns, mode))
            .as("%s to %s", c[1], mode)
            .isInstanceOf(InvalidArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).contains((String) c[1]))
            .satisfies(e -> assertThat(((LarderException) e).hint()).isNotBlank());
      }
    }
    assertThat(liveFiles()).containsExactly("part-0.parquet");
    assertThat(repo.resolve("data/online_store.db")).doesNotExist();
  }

  @Test
  void unknownOrWrongSourcesAndViewsAreNamed() {
    assertThatThrownBy(() -> store.push("liv", rows("2024-01-02", "2024-01-02"), PushMode.ONLINE))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Unknown push source 'liv'; did you mean 'live'? Run 'larder data-sources list' to list"
                + " the data sources.");
    assertThatThrownBy(() -> store.push("plain", rows("2024-01-02", "2024-01-02"), PushMode.ONLINE))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("file source 'plain' is not a push source, so rows cannot be pushed to it");
    assertThatThrownBy(
            () -> store.writeToOnlineStore("live_stat", rows("2024-01-02", "2024-01-02")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("Unknown feature view 'live_stat'; did you mean 'live_stats'?");
    assertThatThrownBy(() -> PushMode.parse("both"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("push destination 'both' is not valid.");
    assertThat(PushMode.parse("online_and_offline")).isEqualTo(PushMode.ONLINE_AND_OFFLINE);
  }

  @Test
  void aSingleFileBatchSourceCannotTakeOfflineRowsAndNothingIsWritten() {
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    columns.put("driver_id", List.of(1L));
    columns.put("event_timestamp", List.of("2024-01-02T00:00:00Z"));
    columns.put("speed", List.of(2.5));
    for (PushMode mode : List.of(PushMode.OFFLINE, PushMode.ONLINE_AND_OFFLINE)) {
      assertThatThrownBy(() -> store.push("single", columns, mode))
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessageContaining(
              "file source 'single_file' is a single file (" + repo.resolve("data/single.parquet"))
          .hasMessageContaining("so it must be a directory of Parquet files")
          .extracting(e -> ((LarderException) e).hint())
          .asString()
          .startsWith(
              "Make it a directory: move the data into one (e.g. data/single/part-0.parquet");
    }
    assertThat(repo.resolve("data/online_store.db")).doesNotExist();
    store.push("single", columns, PushMode.ONLINE);
    assertThat(
            store
                .getOnlineFeatures(
                    FeatureSelection.of("single_stats:speed"), Map.of("driver_id", List.of(1L)))
                .values("speed"))
        .containsExactly(2.5);
  }

  @Test
  void aFailedOfflineAppendLeavesNoFileAndWritesNothingOnline() throws IOException {
    Map<String, List<Object>> columns = changed(c -> c.put("speed", List.of(1.0, 12345.5)));
    assertThatThrownBy(() -> store.push("live", columns, PushMode.ONLINE_AND_OFFLINE))
        .isInstanceOf(LarderException.class)
        .hasMessageContaining("cannot append pushed rows to " + repo.resolve("data/live"));
    assertThat(liveFiles()).containsExactly("part-0.parquet");
    assertThat(repo.resolve("data/online_store.db")).doesNotExist();
  }

  @Test
  void writeToOnlineStoreChecksTheViewsColumnsAndWritesItsRows() {
    assertThat(
            store.writeToOnlineStore(
                "live_stats", rows("2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z")))
        .isEqualTo(2);
    assertThat(store.getOnlineFeatures(LIVE, Map.of("driver_id", List.of(1L))).values("trips"))
        .containsExactly(6L);
    Map<String, List<Object>> columns = changed(c -> c.put("extra", List.of(1, 2)));
    assertThatThrownBy(() -> store.writeToOnlineStore("live_stats", columns))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "write to the online store of feature view 'live_stats' takes no column 'extra'");
  }
}
