package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.HistoricalRequest;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.RetrievalSummary;
import dev.larder.core.offline.TrainingFrame;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.source.SourceSchema;
import dev.larder.core.source.SourceValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine beside the DuckDB engine on the same data: latest rows per key (B6), Parquet
 * results, configuration, and its errors.
 */
class SparkEngineTest {
  private static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
        - {name: city, join_keys: [city], value_type: STRING}
      sources:
        - {name: stats, type: file, path: data/stats, timestamp_field: ts, created_timestamp_column: created}
        - {name: trips, type: file, path: data/trips.csv, timestamp_field: ts, created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: rate, dtype: Float32}
            - {name: trips, dtype: Int32}
            - {name: seen, dtype: UnixTimestamp}
            - {name: tags, dtype: "Array(String)"}
        - name: city_trips
          entities: [driver, city]
          source: trips
          schema:
            - {name: n, dtype: Int64}
            - {name: ok, dtype: Bool}
        - name: all_trips
          entities: []
          source: trips
          schema:
            - {name: n, dtype: Int64}
      """;

  private static SparkOfflineEngine owner;

  @TempDir static Path repo;

  @BeforeAll
  static void data() throws Exception {
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    Files.createDirectories(repo.resolve("data/stats"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      // two files; b.parquet's row for driver 1 ties exactly with a.parquet's and wins (later file)
      s.execute(
          "COPY (SELECT * FROM (VALUES"
              + " (1::BIGINT, TIMESTAMPTZ '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:01:00',"
              + " 0.5::FLOAT, 3, TIMESTAMPTZ '2024-02-02 02:02:02.5', ['a', 'b']),"
              + " (2, TIMESTAMPTZ '2024-01-03 00:00:00', NULL, 1.25::FLOAT, NULL, NULL, []),"
              + " (2, TIMESTAMPTZ '2024-01-02 00:00:00', TIMESTAMPTZ '2024-01-09', 2.5::FLOAT, 7,"
              + " NULL, NULL)) t(driver_id, ts, created, rate, trips, seen, tags)) TO '"
              + repo.resolve("data/stats/a.parquet")
              + "' (FORMAT PARQUET)");
      s.execute(
          "COPY (SELECT * FROM (VALUES"
              + " (1::BIGINT, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:01:00',"
              + " 0.1::FLOAT, 4, NULL::TIMESTAMPTZ, ['c']), (3, TIMESTAMP '2023-12-31 23:59:59',"
              + " NULL, NULL, NULL, NULL, NULL)) t(driver_id, ts, created, rate, trips, seen, tags))"
              + " TO '"
              + repo.resolve("data/stats/b.parquet")
              + "' (FORMAT PARQUET)");
    }
    Files.writeString(
        repo.resolve("data/trips.csv"),
        """
        driver_id,city,ts,created,n,ok
        1,007,2024-01-01T00:00:00Z,,5,true
        1,007,2024-01-01T00:00:00Z,2024-01-01T00:00:01Z,6,false
        1,7,2024-01-02T00:00:00+02:00,2024-01-02T00:00:00Z,7,
        2,"a,b",2024-01-01 12:00:00,2024-01-01T12:00:00Z,8,true
        ,x,2024-01-01T00:00:00Z,,9,true
        """);
    owner = LocalSpark.start(repo);
  }

  @AfterAll
  static void stop() {
    owner.close();
  }

  private static RepoDefinitions defs() {
    return DefinitionLoader.load(repo);
  }

  private static List<List<Object>> pull(
      OfflineEngine engine, String view, String start, String end) {
    RepoDefinitions defs = defs();
    ViewPlan plan = ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs));
    List<List<Object>> out = new ArrayList<>();
    try (LatestRows rows =
        engine.pullLatest(new LatestRequest(plan, Instant.parse(start), Instant.parse(end)))) {
      while (rows.next()) {
        List<Object> row = new ArrayList<>();
        for (int k = 0; k < plan.joinKeys().size(); k++) {
          row.add(rows.key(k));
        }
        row.add(rows.eventTimestamp());
        row.add(rows.createdTimestamp());
        for (int f = 0; f < plan.features().size(); f++) {
          Object v = rows.value(f);
          row.add(v instanceof byte[] b ? Arrays.toString(b) : v);
        }
        List<Object> sent = new ArrayList<>();
        rows.values(
            new LatestRows.ValueSink() {
              @Override
              public void nullValue() {
                sent.add(null);
              }

              @Override
              public void longValue(long value) {
                sent.add(value);
              }

              @Override
              public void doubleValue(double value) {
                sent.add(value);
              }

              @Override
              public void objectValue(Object value) {
                sent.add(value);
              }
            });
        assertThat(sent).isEqualTo(row.subList(row.size() - plan.features().size(), row.size()));
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void latestRowsAreDuckDbsInTheSameOrder() {
    try (OfflineEngine spark = LocalSpark.on(owner, repo);
        OfflineEngine duck = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      for (String view : List.of("driver_stats", "city_trips", "all_trips")) {
        for (String[] range :
            List.of(
                new String[] {"2000-01-01T00:00:00Z", "2030-01-01T00:00:00Z"},
                new String[] {"2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"},
                new String[] {"2024-01-02T00:00:00Z", "2024-01-05T00:00:00Z"},
                new String[] {"2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z"})) {
          List<List<Object>> expected = pull(duck, view, range[0], range[1]);
          assertThat(pull(spark, view, range[0], range[1]))
              .as(view + " " + range[0] + " … " + range[1])
              .isEqualTo(expected);
        }
      }
      assertThat(pull(spark, "driver_stats", "2000-01-01T00:00:00Z", "2030-01-01T00:00:00Z"))
          .hasSize(3)
          .first()
          .satisfies(r -> assertThat(r.get(3)).isEqualTo((double) 0.1f));
    }
  }

  @Test
  void parquetResultIsDuckDbsFile() throws Exception {
    Files.writeString(
        repo.resolve("entity.csv"),
        """
        driver_id,city,event_timestamp,label
        1,007,2024-01-05T00:00:00Z,1
        2,"a,b",2024-01-05T00:00:00Z,0
        9,x,2024-01-05T00:00:00Z,1
        1,007,2023-01-01,0
        """);
    RepoDefinitions defs = defs();
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(
                FeatureReference.parse("driver_stats:rate"),
                FeatureReference.parse("driver_stats:trips"),
                FeatureReference.parse("driver_stats:seen"),
                FeatureReference.parse("driver_stats:tags"),
                FeatureReference.parse("city_trips:n"),
                FeatureReference.parse("city_trips:ok")),
            DefinitionLookup.of(defs),
            true);
    HistoricalRequest request =
        new HistoricalRequest(new EntityRows.CsvFile(repo.resolve("entity.csv")), plan, true);
    // sorted across partitions, as large results are
    System.setProperty(SparkRetrieval.ONE_PARTITION_ROWS_PROPERTY, "0");
    try (OfflineEngine spark = LocalSpark.on(owner, repo);
        OfflineEngine duck = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      for (String suffix : List.of(".parquet", ".csv")) {
        Path sparkOut = repo.resolve("out/spark" + suffix);
        Path duckOut = repo.resolve("out/duck" + suffix);
        assertThat(spark.writeHistoricalFeatures(request, sparkOut))
            .isEqualTo(duck.writeHistoricalFeatures(request, duckOut));
        if (suffix.equals(".csv")) {
          assertThat(Files.readString(sparkOut)).isEqualTo(Files.readString(duckOut));
        } else {
          assertThat(parquet(sparkOut)).isEqualTo(parquet(duckOut));
        }
      }
      // B9: a path without a suffix gets a directory of Parquet part files, written by executors
      Path parts = repo.resolve("out/parts");
      assertThat(spark.writeHistoricalFeatures(request, parts))
          .isEqualTo(duck.writeHistoricalFeatures(request, repo.resolve("out/again.parquet")));
      assertThat(parquet(parts.resolve("*.parquet")))
          .isEqualTo(parquet(repo.resolve("out/again.parquet")));
    } finally {
      System.clearProperty(SparkRetrieval.ONE_PARTITION_ROWS_PROPERTY);
    }
  }

  @Test
  void entityRowsAreStagedInStagingLocationAndDeletedAfterTheRequest(@TempDir Path staging)
      throws Exception {
    Files.writeString(
        repo.resolve("staged-entity.csv"),
        """
        driver_id,event_timestamp,label
        2,2024-01-05T00:00:00Z,1
        1,2024-01-05T00:00:00Z,0
        """);
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse("driver_stats:rate")),
            DefinitionLookup.of(defs()),
            true);
    HistoricalRequest request =
        new HistoricalRequest(
            new EntityRows.CsvFile(repo.resolve("staged-entity.csv")), plan, true);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = stagedFolders(tmp);
    try (OfflineEngine spark =
            new SparkOfflineEngine(repo, owner.session(), false, staging.toUri().toString());
        OfflineEngine duck = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      assertThat(spark.writeHistoricalFeatures(request, repo.resolve("out/staged.csv")))
          .isEqualTo(duck.writeHistoricalFeatures(request, repo.resolve("out/staged-duck.csv")));
      assertThat(Files.readString(repo.resolve("out/staged.csv")))
          .isEqualTo(Files.readString(repo.resolve("out/staged-duck.csv")));
    }
    try (var left = Files.list(staging)) {
      assertThat(left).as("the copy in staging_location is deleted").isEmpty();
    }
    assertThat(stagedFolders(tmp)).as("the local staging folder is deleted").isEqualTo(before);

    try (OfflineEngine spark =
        new SparkOfflineEngine(repo, owner.session(), false, "nosuchfs://bucket/staging")) {
      assertThatThrownBy(
              () -> spark.writeHistoricalFeatures(request, repo.resolve("out/never.csv")))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("cannot copy the entity rows to staging_location")
          .hasMessageContaining("nosuchfs://bucket/staging");
    }
    assertThat(stagedFolders(tmp)).as("deleted after a failure too").isEqualTo(before);
    assertThat(repo.resolve("out/never.csv")).doesNotExist();
  }

  private static long stagedFolders(Path tmp) throws Exception {
    try (var all = Files.list(tmp)) {
      return all.filter(p -> p.getFileName().toString().startsWith("larder-entities-")).count();
    }
  }

  /** A Parquet file's schema and rows, as DuckDB reads them. */
  private static List<String> parquet(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + file + "')")) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            row.append(rs.getString(i)).append('|');
          }
          out.add(row.toString());
        }
      }
    }
    return out;
  }

  @Test
  void sourceSchemasAreDuckDbsAndDefinitionsValidate() {
    RepoDefinitions defs = defs();
    try (OfflineEngine spark = LocalSpark.on(owner, repo);
        OfflineEngine duck = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      for (String source : List.of("stats", "trips")) {
        SourceSchema fromSpark = spark.describeSource(defs.source(source).orElseThrow());
        SourceSchema fromDuck = duck.describeSource(defs.source(source).orElseThrow());
        assertThat(fromSpark.location()).isEqualTo(fromDuck.location());
        assertThat(fromSpark.columnNames()).isEqualTo(fromDuck.columnNames());
        for (SourceSchema.Column c : fromDuck.columns()) {
          if (!c.name().equals("ts") && !c.name().equals("created")) {
            assertThat(fromSpark.column(c.name()).orElseThrow().type().name())
                .as(source + "." + c.name())
                .isEqualTo(c.type().name());
          }
        }
      }
      SourceValidator.validate(defs, spark);
      assertThat(spark.firstNonTimestamp(defs.source("trips").orElseThrow(), "city"))
          .contains("007");
      assertThat(spark.firstNonTimestamp(defs.source("trips").orElseThrow(), "created")).isEmpty();
    }
  }

  @Test
  void sparkTablesAndQueriesAsSourcesAndEntityRows(@TempDir Path other) throws Exception {
    owner
        .session()
        .read()
        .option("header", "true")
        .csv(repo.resolve("data/trips.csv").toUri().toString())
        .selectExpr(
            "CAST(driver_id AS BIGINT) AS driver_id",
            "city",
            "ts",
            "created",
            "CAST(n AS BIGINT) AS n")
        .createOrReplaceTempView("trips_view");
    Files.writeString(
        other.resolve("features.yaml"),
        """
        entities:
          - {name: driver, join_keys: [driver_id], value_type: INT64}
          - {name: city, join_keys: [city], value_type: STRING}
        sources:
          - {name: t, type: spark, table: trips_view, timestamp_field: ts, created_timestamp_column: created}
          - {name: q, type: spark, query: "SELECT * FROM trips_view WHERE n > 5", timestamp_field: ts}
        feature_views:
          - {name: by_table, entities: [driver, city], source: t, schema: [{name: n, dtype: Int64}]}
          - {name: by_query, entities: [driver], source: q, schema: [{name: n, dtype: Int64}]}
        """);
    RepoDefinitions defs = DefinitionLoader.load(other);
    RetrievalPlan plan =
        RetrievalPlan.forReferences(
            List.of(FeatureReference.parse("by_table:n"), FeatureReference.parse("by_query:n")),
            DefinitionLookup.of(defs),
            true);
    String select =
        "SELECT CAST(driver_id AS BIGINT) AS driver_id, city, CAST(ts AS TIMESTAMP) + INTERVAL 1"
            + " DAY AS event_timestamp FROM trips_view WHERE driver_id IS NOT NULL";
    try (OfflineEngine spark = LocalSpark.on(owner, other)) {
      SourceValidator.validate(defs, spark);
      HistoricalRequest ordered =
          HistoricalRequest.of(EntityRows.query(select + " ORDER BY n DESC", other), plan);
      Path out = other.resolve("out.csv");
      RetrievalSummary summary = spark.writeHistoricalFeatures(ordered, out);
      assertThat(Files.readString(out))
          .isEqualTo(
              """
              driver_id,city,event_timestamp,by_table__n,by_query__n
              2,"a,b",2024-01-02T12:00:00Z,8,8
              1,7,2024-01-02T22:00:00Z,7,7
              1,007,2024-01-02T00:00:00Z,6,7
              1,007,2024-01-02T00:00:00Z,6,7
              """);
      assertThat(summary.warnings()).isEmpty();
      assertThat(spark.getHistoricalFeatures(ordered).summary()).isEqualTo(summary);
      TrainingFrame unordered =
          spark.getHistoricalFeatures(HistoricalRequest.of(EntityRows.query(select, other), plan));
      assertThat(unordered.rowCount()).isEqualTo(4);
      assertThat(unordered.summary().warnings())
          .containsExactly(EntityRows.Query.UNORDERED_WARNING);
      assertThatThrownBy(
              () ->
                  spark.getHistoricalFeatures(
                      HistoricalRequest.of(EntityRows.query("DROP VIEW trips_view", other), plan)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("not one read-only Spark SQL query");
      assertThat(owner.session().catalog().tableExists("trips_view")).isTrue();
    }
  }

  @Test
  void factoryIsFoundAndChecksItsSection(@TempDir Path other) throws Exception {
    Files.writeString(
        other.resolve(RepoConfig.FILE),
        """
        project: p
        registry: data/registry.db
        provider: local
        offline_store: {type: spark, spark_conf: {spark.master: "local[2]", spark.executor.memory: 1g, spark.sql.shuffle.partitions: 4}}
        """);
    RepoConfig config = RepoConfig.load(other);
    assertThat(OfflineEngineFactory.forType("spark")).isInstanceOf(SparkOfflineEngineFactory.class);
    assertThat(SparkSettings.of(config.offlineStore()).sparkConf())
        .isEqualTo(
            Map.of(
                "spark.master", "local[2]",
                "spark.executor.memory", "1g",
                "spark.sql.shuffle.partitions", "4"));
    Files.writeString(
        other.resolve(RepoConfig.FILE),
        """
        project: p
        registry: data/registry.db
        provider: local
        offline_store: {type: spark, spark_confs: {spark.master: "local[2]"}}
        """);
    assertThatThrownBy(() -> RepoConfig.load(other))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("spark_confs");
    Files.writeString(
        other.resolve(RepoConfig.FILE),
        """
        project: p
        registry: data/registry.db
        provider: local
        offline_store: {type: spark, spark_conf: {master: "local[2]"}}
        """);
    assertThatThrownBy(() -> RepoConfig.load(other))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'master' is not a Spark setting");
  }

  @Test
  void anUnreachableMasterIsABackendErrorNamingTheSetting() {
    assertThatThrownBy(
            () ->
                SparkOfflineEngine.open(
                    repo, new SparkSettings(Map.of("spark.master", "spark://127.0.0.1:1"))))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cannot reach the Spark master at spark://127.0.0.1:1")
        .satisfies(e -> assertThat(((LarderException) e).hint()).contains("spark.master"));
    assertThatThrownBy(() -> SparkOfflineEngine.open(repo, new SparkSettings(Map.of())))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("no spark.master");
  }

  @Test
  void aMissingSourceIsNotFound(@TempDir Path other) throws Exception {
    Files.writeString(
        other.resolve("features.yaml"),
        """
        entities:
          - {name: driver, join_keys: [driver_id], value_type: INT64}
        sources:
          - {name: s, type: file, path: data/missing, timestamp_field: ts}
          - {name: u, type: file, path: "file:///nonexistent/larder/x.parquet", timestamp_field: ts}
        feature_views:
          - {name: v, entities: [driver], source: s, schema: [{name: x, dtype: Int64}]}
          - {name: w, entities: [driver], source: u, schema: [{name: x, dtype: Int64}]}
        """);
    RepoDefinitions defs = DefinitionLoader.load(other);
    try (OfflineEngine spark = LocalSpark.on(owner, other)) {
      for (String view : List.of("v", "w")) {
        ViewPlan plan =
            ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs));
        assertThatThrownBy(
                () ->
                    spark.pullLatest(
                        new LatestRequest(
                            plan, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"))))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("not found");
      }
    }
  }
}
