package dev.larder.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.AllKeysAsOf;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link OfflineEngine} contract, written once (DESIGN A, B2, B5, B6): every offline engine's
 * test extends this class and says in {@link #offlineStore()} what {@code offline_store} section
 * opens it (DuckDB's in this module's tests; Spark's in larder-spark, which depends on
 * larder-testkit at test scope). Each test writes a repository of its own with that section and
 * opens the engine with {@link #openEngine(RepoConfig)}.
 *
 * <ul>
 *   <li>{@link #goldenCase}: the B5 golden cases, one YAML file each under {@code golden/} on the
 *       class path ({@link GoldenCase} describes the format): the exact CSV text expected (or the
 *       error, or the warnings), through the engine's CSV output and through its {@link
 *       TrainingFrame} written as B2 CSV; its Parquet output must hold the same schema and values
 *       as the DuckDB engine's for the same request.
 *   <li>{@link #randomCasesAgreeWithTheReference}: {@link #propertyCases()} random cases (keys of
 *       three types, compound keys, entity-less views, ttl, created timestamps, exact ties, nulls,
 *       duplicates, key conversion, services with aliases and {@code join_key_map}, field mappings,
 *       Parquet directories) checked value by value against a brute-force reference; every fifth
 *       case also writes CSV and Parquet, which must equal the DuckDB engine's.
 *   <li>The latest row per key (B6): bounds, ties, entity-less views, cursor order and typed
 *       values; and {@link AllKeysAsOf}, an engine's faster answer for every key at one time,
 *       against its own join.
 *   <li>No entity rows ({@link EntityRows.TimeRange}, Feast's non-entity mode): the keys with rows
 *       in the range, in key order, at its end; Feast's defaults for missing bounds.
 * </ul>
 */
public abstract class OfflineEngineContract {
  @TempDir protected Path dir;

  /** The {@code offline_store} section (YAML flow text) that opens the engine under test. */
  protected abstract String offlineStore();

  /**
   * Opens the engine under test for a repository whose {@code feature_store.yaml} has {@link
   * #offlineStore()}; by default through its factory, as {@code feature_store.yaml} chooses it.
   */
  protected OfflineEngine openEngine(RepoConfig config) {
    return OfflineEngine.open(config);
  }

  /** How many random cases the property test runs (fewer for a slow engine). */
  protected int propertyCases() {
    return 100;
  }

  /**
   * Whether file outputs are also compared with the DuckDB engine's (golden cases' Parquet files,
   * every fifth random case's CSV and Parquet files). Only the DuckDB engine's own run, which would
   * compare it with itself, turns this off.
   */
  protected boolean compareWithDuckDb() {
    return true;
  }

  /** The first random case's seed; case {@code i} uses {@code seed + i}. */
  protected long propertySeed() {
    return Long.getLong("larder.pit.seed", 1_000_000L);
  }

  /** Writes {@code feature_store.yaml} into {@code repo} and opens the engine there. */
  protected OfflineEngine openEngine(Path repo) {
    try {
      Files.createDirectories(repo);
      Files.writeString(
          repo.resolve(RepoConfig.FILE),
          "project: contract\n"
              + "registry: data/registry.db\n"
              + "provider: local\n"
              + "online_store: {type: sqlite, path: data/online_store.db}\n"
              + "offline_store: "
              + offlineStore()
              + "\n"
              + "entity_key_serialization_version: 3\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return openEngine(RepoConfig.load(repo));
  }

  /** The DuckDB engine on {@code repo}, the reference for file outputs. */
  protected static OfflineEngine duckDb(Path repo) {
    return DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults());
  }

  // ---------------------------------------------------------------- golden cases (B5)

  public static Stream<String> goldenCases() {
    return GoldenCase.names().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  public void goldenCase(String name) throws Exception {
    GoldenCase c = GoldenCase.load(name);
    Path repo = dir.resolve("repo");
    c.writeInto(repo);
    try (OfflineEngine engine = openEngine(repo)) {
      if (c.expectsError()) {
        assertThatThrownBy(() -> c.run(engine, repo, c.request(repo)))
            .isInstanceOf(LarderException.class)
            .satisfies(
                e -> {
                  String text = e.getMessage() + "\n" + ((LarderException) e).hint();
                  for (String part : c.errorParts()) {
                    assertThat(text).contains(part);
                  }
                });
        return;
      }
      HistoricalRequest request = c.request(repo);
      GoldenCase.Result result = c.run(engine, repo, request);
      assertThat(result.csv()).as("CSV output").isEqualTo(c.expected());
      assertThat(result.frameCsv()).as("the frame as CSV").isEqualTo(c.expected());
      assertThat(result.frameSummary()).isEqualTo(result.summary());
      assertWarnings(result.summary(), c.warnings());
      if (!compareWithDuckDb()) {
        return;
      }
      Path parquet = repo.resolve("out/result.parquet");
      engine.writeHistoricalFeatures(request, parquet);
      try (OfflineEngine duck = duckDb(repo)) {
        Path reference = repo.resolve("out/duckdb.parquet");
        duck.writeHistoricalFeatures(request, reference);
        ParquetRows.assertSameSchemaAndRows(parquet, reference);
      }
    }
  }

  private static void assertWarnings(RetrievalSummary summary, List<List<String>> expected) {
    assertThat(summary.warnings()).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      for (String part : expected.get(i)) {
        assertThat(summary.warnings().get(i)).contains(part);
      }
    }
  }

  /** The index of golden cases lists exactly the case files, for class-path loading. */
  @Test
  public void goldenCaseIndexIsComplete() {
    assertThat(GoldenCase.names()).hasSizeGreaterThanOrEqualTo(35).doesNotHaveDuplicates();
    for (String name : GoldenCase.names()) {
      assertThat(GoldenCase.class.getResource("/golden/" + name)).as(name).isNotNull();
    }
  }

  // ---------------------------------------------------------------- property test (B5)

  @Test
  public void randomCasesAgreeWithTheReference() throws Exception {
    Path cases = dir.resolve("random");
    try (OfflineEngine engine = openEngine(cases)) {
      Map<String, Long> counts =
          PitPropertyRun.run(
              getClass().getSimpleName(),
              engine,
              propertyCases(),
              propertySeed(),
              cases,
              compareWithDuckDb() ? 5 : 0);
      assertThat(counts.get("cases")).isEqualTo(propertyCases());
    }
  }

  // ---------------------------------------------------------------- every key at one time

  /**
   * An engine's {@link AllKeysAsOf} (when it has one) gives exactly its own join of every key at
   * one time; {@link AllKeysAsOf#byJoin} gives the keys in order, one row each.
   */
  @Test
  public void allKeysAsOfEqualsTheJoinOfEveryKey() throws Exception {
    Path repo =
        repoWith(
            """
            entities:
              - {name: store, join_keys: [store_id], value_type: INT64}
            sources:
              - {name: s, type: file, path: data/s.csv, timestamp_field: ts, created_timestamp_column: cr}
            feature_views:
              - {name: day, entities: [store], ttl: 1d, source: s, schema: [{name: v, dtype: Int64}]}
              - {name: ever, entities: [store], source: s, schema: [{name: v, dtype: Int64}]}
              - {name: overall, entities: [], source: s, schema: [{name: v, dtype: Int64}]}
            """,
            "data/s.csv",
            """
            store_id,ts,cr,v
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:02Z,1
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,2
            1,2024-01-03T00:00:00Z,,3
            2,2024-01-01T00:00:00Z,,4
            2,2024-01-01T00:00:00Z,,5
            3,2024-01-05T00:00:00Z,2024-01-01T00:00:05Z,6
            4,2023-12-01T00:00:00Z,,
            """);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    try (OfflineEngine engine = openEngine(repo)) {
      for (String name : List.of("day", "ever", "overall")) {
        ViewPlan view =
            ViewPlan.allFeatures(defs.requireFeatureView(name), DefinitionLookup.of(defs));
        for (String time :
            List.of(
                "2023-11-01T00:00:00Z",
                "2024-01-01T00:00:00Z",
                "2024-01-02T00:00:00Z",
                "2024-01-03T12:00:00Z",
                "2024-01-10T00:00:00Z")) {
          Instant asOf = t(time);
          TrainingFrame joined = AllKeysAsOf.byJoin(engine, view, asOf);
          assertThat(joined.rowCount()).isEqualTo(view.isEntityless() ? 1 : 4);
          if (!view.isEntityless()) {
            assertThat(joined.column("store_id").values()).containsExactly(1L, 2L, 3L, 4L);
          }
          var fast = engine.capability(AllKeysAsOf.class);
          if (fast.isPresent()) {
            TrainingFrame frame = fast.get().getHistoricalFeaturesForAllKeys(view, asOf);
            String what = name + " at " + time;
            assertThat(frame.columns()).as(what).isEqualTo(joined.columns());
            assertThat(frame.matchedRows(0)).as(what).isEqualTo(joined.matchedRows(0));
            assertThat(frame.summary()).as(what).isEqualTo(joined.summary());
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- no entity rows: a time range

  private static final String RANGE_DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
        - {name: region, join_keys: [region], value_type: STRING}
      sources:
        - {name: s, type: file, path: data/s.csv, timestamp_field: ts, created_timestamp_column: cr}
      feature_views:
        - {name: stats, entities: [driver], source: s, schema: [{name: v, dtype: Int64}]}
        - {name: recent, entities: [driver], ttl: 1d, source: s, schema: [{name: v, dtype: Int64}]}
        - {name: overall, entities: [], source: s, schema: [{name: v, dtype: Int64}]}
        - {name: by_region, entities: [region], source: s, schema: [{name: v, dtype: Int64}]}
      """;

  /**
   * Driver 3 has rows at the start, inside and after the range; driver 5 one row at its start and
   * driver 1 one at its end (both inclusive); driver 2 only before it, driver 4 only after it; one
   * row has no key.
   */
  private static final String RANGE_ROWS =
      """
      driver_id,region,ts,cr,v
      3,a,2024-01-01T00:00:00Z,,1
      3,a,2024-01-05T00:00:00Z,2024-01-05T00:00:01Z,2
      3,a,2024-01-20T00:00:00Z,,3
      5,d,2024-01-01T00:00:00Z,,5
      1,b,2024-01-10T00:00:00Z,2024-01-10T00:00:01Z,10
      2,b,2023-12-31T23:59:59Z,,20
      4,c,2024-01-11T00:00:00Z,,40
      ,c,2024-01-05T00:00:00Z,,50
      """;

  private static RetrievalPlan plan(RepoDefinitions defs, boolean fullNames, String... refs) {
    return RetrievalPlan.forReferences(
        Arrays.stream(refs).map(FeatureReference::parse).toList(),
        DefinitionLookup.of(defs),
        fullNames);
  }

  private static String csvOf(TrainingFrame frame) {
    StringBuilder out = new StringBuilder(String.join(",", frame.columnNames())).append('\n');
    for (int r = 0; r < frame.rowCount(); r++) {
      List<String> cells = new ArrayList<>();
      for (var c : frame.columns()) {
        Object v = c.get(r);
        cells.add(v == null ? "" : v.toString());
      }
      out.append(String.join(",", cells)).append('\n');
    }
    return out.toString();
  }

  /**
   * Without entity rows (Feast's {@code start_date}/{@code end_date}): one row per key with a row
   * in [start, end] (both inclusive), in key order, at the end, with its latest row as of the end
   * (a ttl counts back from the end); the file output is the same rows.
   */
  @Test
  public void aTimeRangeGivesEveryKeyWithRowsInItAtItsEnd() throws Exception {
    Path repo = repoWith(RANGE_DEFINITIONS, "data/s.csv", RANGE_ROWS);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    EntityRows range = EntityRows.timeRange(t("2024-01-01T00:00:00Z"), t("2024-01-10T00:00:00Z"));
    try (OfflineEngine engine = openEngine(repo)) {
      TrainingFrame stats =
          engine.getHistoricalFeatures(HistoricalRequest.of(range, plan(defs, false, "stats:v")));
      assertThat(csvOf(stats))
          .isEqualTo(
              "driver_id,event_timestamp,v\n"
                  + "1,2024-01-10T00:00:00Z,10\n"
                  + "3,2024-01-10T00:00:00Z,2\n"
                  + "5,2024-01-10T00:00:00Z,5\n");
      Path out = dir.resolve("range.csv");
      RetrievalSummary summary =
          engine.writeHistoricalFeatures(
              HistoricalRequest.of(range, plan(defs, false, "stats:v")), out);
      assertThat(Files.readString(out)).isEqualTo(csvOf(stats));
      assertThat(summary.rows()).isEqualTo(3);
      assertThat(summary.warnings()).isEmpty();

      TrainingFrame ttl =
          engine.getHistoricalFeatures(HistoricalRequest.of(range, plan(defs, false, "recent:v")));
      assertThat(csvOf(ttl))
          .isEqualTo(
              "driver_id,event_timestamp,v\n"
                  + "1,2024-01-10T00:00:00Z,10\n"
                  + "3,2024-01-10T00:00:00Z,\n"
                  + "5,2024-01-10T00:00:00Z,\n");

      TrainingFrame withEntityless =
          engine.getHistoricalFeatures(
              HistoricalRequest.of(range, plan(defs, true, "stats:v", "overall:v")));
      assertThat(csvOf(withEntityless))
          .isEqualTo(
              "driver_id,event_timestamp,stats__v,overall__v\n"
                  + "1,2024-01-10T00:00:00Z,10,10\n"
                  + "3,2024-01-10T00:00:00Z,2,10\n"
                  + "5,2024-01-10T00:00:00Z,5,10\n");

      TrainingFrame created =
          engine.getHistoricalFeatures(
              new HistoricalRequest(range, plan(defs, false, "stats:v"), true));
      assertThat(csvOf(created))
          .isEqualTo(
              "driver_id,event_timestamp,v\n"
                  + "1,2024-01-10T00:00:00Z,\n"
                  + "3,2024-01-10T00:00:00Z,2\n"
                  + "5,2024-01-10T00:00:00Z,\n");
    }
  }

  /**
   * Entity-less views alone give one row when they have a row in the range, none otherwise; views
   * on different entities cannot share one set of keys.
   */
  @Test
  public void aTimeRangeOfEntitylessViewsGivesOneRowAndMixedEntitiesAreRefused() throws Exception {
    Path repo = repoWith(RANGE_DEFINITIONS, "data/s.csv", RANGE_ROWS);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    try (OfflineEngine engine = openEngine(repo)) {
      TrainingFrame overall =
          engine.getHistoricalFeatures(
              HistoricalRequest.of(
                  EntityRows.timeRange(t("2024-01-01T00:00:00Z"), t("2024-01-10T00:00:00Z")),
                  plan(defs, false, "overall:v")));
      assertThat(csvOf(overall)).isEqualTo("event_timestamp,v\n2024-01-10T00:00:00Z,10\n");
      TrainingFrame none =
          engine.getHistoricalFeatures(
              HistoricalRequest.of(
                  EntityRows.timeRange(t("2025-01-01T00:00:00Z"), t("2025-02-01T00:00:00Z")),
                  plan(defs, true, "overall:v", "stats:v")));
      assertThat(none.rowCount()).isZero();
      assertThat(none.columnNames())
          .containsExactly("driver_id", "event_timestamp", "overall__v", "stats__v");
      assertThatThrownBy(
              () ->
                  engine.getHistoricalFeatures(
                      HistoricalRequest.of(
                          EntityRows.timeRange(
                              t("2024-01-01T00:00:00Z"), t("2024-01-10T00:00:00Z")),
                          plan(defs, true, "stats:v", "by_region:v"))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("same entity columns")
          .hasMessageContaining("'region' (STRING)");
    }
  }

  /**
   * Feast's defaults: no start is the end minus the greatest ttl of the requested views (30 days
   * when none has one); a start after the end is an error.
   */
  @Test
  public void aTimeRangeWithoutAStartReachesBackTheGreatestTtl() throws Exception {
    Path repo = repoWith(RANGE_DEFINITIONS, "data/s.csv", RANGE_ROWS);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    EntityRows.TimeRange open = EntityRows.timeRange(null, t("2024-01-10T00:00:00Z"));
    assertThat(open.resolve(plan(defs, false, "recent:v"), Instant.now()).start())
        .isEqualTo(t("2024-01-09T00:00:00Z"));
    assertThat(open.resolve(plan(defs, false, "stats:v"), Instant.now()).start())
        .isEqualTo(t("2023-12-11T00:00:00Z"));
    Instant now = t("2030-01-01T00:00:00Z");
    assertThat(EntityRows.timeRange(null, null).resolve(plan(defs, false, "stats:v"), now))
        .isEqualTo(EntityRows.timeRange(t("2029-12-02T00:00:00Z"), now));
    try (OfflineEngine engine = openEngine(repo)) {
      assertThat(
              engine
                  .getHistoricalFeatures(HistoricalRequest.of(open, plan(defs, false, "recent:v")))
                  .column("driver_id")
                  .values())
          .containsExactly(1L);
      assertThat(
              engine
                  .getHistoricalFeatures(HistoricalRequest.of(open, plan(defs, false, "stats:v")))
                  .column("driver_id")
                  .values())
          .containsExactly(1L, 2L, 3L, 5L);
    }
    assertThatThrownBy(
            () -> EntityRows.timeRange(t("2024-01-02T00:00:00Z"), t("2024-01-01T00:00:00Z")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("after the end date");
  }

  // ---------------------------------------------------------------- latest rows per key (B6)

  private static Instant t(String text) {
    return Instant.parse(text);
  }

  private Path repoWith(String definitions, String file, String text) throws IOException {
    Path repo = dir.resolve("latest");
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(repo.resolve("features.yaml"), definitions);
    Files.writeString(repo.resolve(file), text);
    return repo;
  }

  private List<List<Object>> pull(Path repo, String view, Instant start, Instant end) {
    RepoDefinitions defs = DefinitionLoader.load(repo);
    ViewPlan plan = ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs));
    List<List<Object>> out = new ArrayList<>();
    try (OfflineEngine engine = openEngine(repo);
        LatestRows rows = engine.pullLatest(new LatestRequest(plan, start, end))) {
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 0; k < plan.joinKeys().size(); k++) {
          row.add(rows.key(k));
        }
        row.add(rows.eventTimestamp());
        row.add(rows.createdTimestamp());
        for (int f = 0; f < plan.features().size(); f++) {
          row.add(rows.value(f));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  public void latestPerKeyWithinInclusiveBoundsWithoutTtl() throws Exception {
    Path repo =
        repoWith(
            """
            entities:
              - {name: driver, join_keys: [driver_id], value_type: INT64}
            sources:
              - {name: stats, type: file, path: data/stats.csv, timestamp_field: event_timestamp,
                 created_timestamp_column: created}
            feature_views:
              - name: driver_stats
                entities: [driver]
                ttl: 1s
                source: stats
                schema:
                  - {name: conv_rate, dtype: Float64}
                  - {name: trips, dtype: Int64}
                  - {name: city, dtype: String}
            """,
            "data/stats.csv",
            """
            driver_id,event_timestamp,created,conv_rate,trips,city
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:01Z,0.1,10,paris
            1,2024-01-02T00:00:00Z,2024-01-02T00:00:01Z,0.2,,lyon
            2,2024-01-01T00:00:00Z,,0.5,50,
            1,2024-01-03T00:00:00Z,2024-01-03T00:00:01Z,0.3,30,nice
            """);
    assertThat(pull(repo, "driver_stats", t("2024-01-01T00:00:00Z"), t("2024-01-02T00:00:00Z")))
        .containsExactly(
            Arrays.asList(
                1L, t("2024-01-02T00:00:00Z"), t("2024-01-02T00:00:01Z"), 0.2, null, "lyon"),
            Arrays.asList(2L, t("2024-01-01T00:00:00Z"), null, 0.5, 50L, null));
    assertThat(
            pull(repo, "driver_stats", t("2024-01-02T00:00:00.000001Z"), t("2030-01-01T00:00:00Z")))
        .containsExactly(
            Arrays.asList(
                1L, t("2024-01-03T00:00:00Z"), t("2024-01-03T00:00:01Z"), 0.3, 30L, "nice"));
    assertThat(pull(repo, "driver_stats", t("2020-01-01T00:00:00Z"), t("2023-12-31T23:59:59Z")))
        .isEmpty();
  }

  @Test
  public void latestTiesGoToCreatedThenToTheLastRowAndEntitylessViewsGiveOneRow() throws Exception {
    Path repo =
        repoWith(
            """
            entities:
              - {name: store, join_keys: [store_id], value_type: INT32}
            sources:
              - {name: s, type: file, path: data/s.csv, timestamp_field: ts, created_timestamp_column: cr}
            feature_views:
              - {name: by_store, entities: [store], ttl: 1s, source: s, schema: [{name: v, dtype: Int32}]}
              - {name: overall, entities: [], source: s, schema: [{name: v, dtype: Int32}]}
            """,
            "data/s.csv",
            """
            store_id,ts,cr,v
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:02Z,1
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,2
            1,2024-01-01T00:00:00Z,2024-01-01T00:00:03Z,3
            2,2024-01-01T00:00:00Z,,4
            2,2024-01-01T00:00:00Z,,5
            3,2024-01-01T00:00:00Z,2024-01-01T00:00:05Z,6
            3,2024-01-01T00:00:00Z,,7
            """);
    Instant from = t("2023-01-01T00:00:00Z");
    Instant to = t("2025-01-01T00:00:00Z");
    assertThat(pull(repo, "by_store", from, to))
        .extracting(r -> r.get(0), r -> r.get(3))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 2L),
            org.assertj.core.groups.Tuple.tuple(2L, 5L),
            org.assertj.core.groups.Tuple.tuple(3L, 6L));
    assertThat(pull(repo, "overall", from, to))
        .containsExactly(Arrays.asList(t("2024-01-01T00:00:00Z"), t("2024-01-01T00:00:05Z"), 6L));
    assertThat(pull(repo, "overall", to, to)).isEmpty();
  }

  @Test
  public void latestRowsComeInTheOrderOfTheKeysByName() throws Exception {
    StringBuilder csv = new StringBuilder("store_id,region,ts,v\n");
    for (int id = 100; id < 140; id++) {
      csv.append(id).append(",r").append(id % 3).append(",2024-06-01T00:00:00Z,").append(id);
      csv.append('\n');
    }
    csv.append("1,b,2024-01-01T00:00:00Z,11\n1,a,2024-01-02T00:00:00Z,12\n");
    csv.append("1,a,2024-01-01T00:00:00Z,13\n1,b,2024-01-01T00:00:00Z,14\n");
    Path repo =
        repoWith(
            """
            entities:
              - {name: store, join_keys: [store_id], value_type: INT64}
              - {name: region, join_keys: [region], value_type: STRING}
            sources:
              - {name: s, type: file, path: data/s.csv, timestamp_field: ts}
            feature_views:
              - {name: by_store, entities: [store, region], source: s, schema: [{name: v, dtype: Int64}]}
            """,
            "data/s.csv",
            csv.toString());
    List<String> out = new ArrayList<>();
    for (List<Object> row :
        pull(repo, "by_store", t("2023-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z"))) {
      out.add(row.get(1) + "/" + row.get(0) + "=" + row.get(4));
    }
    List<String> expected = new ArrayList<>(List.of("a/1=12", "b/1=14"));
    for (int region = 0; region < 3; region++) {
      for (int id = 100; id < 140; id++) {
        if (id % 3 == region) {
          expected.add("r" + region + "/" + id + "=" + id);
        }
      }
    }
    assertThat(out).isEqualTo(expected);
  }

  @Test
  public void latestValuesAreTypedAndHandedUnboxed() throws Exception {
    Path repo =
        repoWith(
            """
            entities:
              - {name: store, join_keys: [store_id], value_type: INT64}
            sources:
              - {name: s, type: file, path: data/s.csv, timestamp_field: ts}
            feature_views:
              - name: typed
                entities: [store]
                source: s
                schema:
                  - {name: i32, dtype: Int32}
                  - {name: i64, dtype: Int64}
                  - {name: f32, dtype: Float32}
                  - {name: f64, dtype: Float64}
                  - {name: b, dtype: Bool}
                  - {name: s, dtype: String}
                  - {name: t, dtype: UnixTimestamp}
            """,
            "data/s.csv",
            """
            store_id,ts,i32,i64,f32,f64,b,s,t
            1,2024-01-01T00:00:00Z,-3,5000000000,0.1,0.1,true,x,2024-02-01T00:00:00Z
            2,2024-01-01T00:00:00Z,,,,,,,
            """);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    ViewPlan plan =
        ViewPlan.allFeatures(defs.requireFeatureView("typed"), DefinitionLookup.of(defs));
    List<List<String>> sent = new ArrayList<>();
    List<List<Object>> boxed = new ArrayList<>();
    try (OfflineEngine engine = openEngine(repo);
        LatestRows rows =
            engine.pullLatest(
                new LatestRequest(plan, t("2023-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z")))) {
      while (rows.next()) {
        List<Object> values = new ArrayList<>();
        for (int f = 0; f < plan.features().size(); f++) {
          values.add(rows.value(f));
        }
        boxed.add(values);
        List<String> row = new ArrayList<>();
        rows.values(
            new LatestRows.ValueSink() {
              @Override
              public void nullValue() {
                row.add("null");
              }

              @Override
              public void longValue(long value) {
                row.add("long " + value);
              }

              @Override
              public void doubleValue(double value) {
                row.add("double " + value);
              }

              @Override
              public void objectValue(Object value) {
                row.add(value.getClass().getSimpleName() + " " + value);
              }
            });
        sent.add(row);
      }
    }
    assertThat(boxed)
        .containsExactly(
            Arrays.asList(
                -3L, 5_000_000_000L, (double) 0.1f, 0.1, true, "x", t("2024-02-01T00:00:00Z")),
            Arrays.asList(null, null, null, null, null, null, null));
    assertThat(sent)
        .containsExactly(
            List.of(
                "long -3",
                "long 5000000000",
                "double " + (double) 0.1f,
                "double 0.1",
                "Boolean true",
                "String x",
                "Instant 2024-02-01T00:00:00Z"),
            List.of("null", "null", "null", "null", "null", "null", "null"));
  }
}
