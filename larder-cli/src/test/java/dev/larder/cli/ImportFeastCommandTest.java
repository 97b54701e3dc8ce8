package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.cli.feast.proto.DataSource;
import dev.larder.cli.feast.proto.Entity;
import dev.larder.cli.feast.proto.EntitySpecV2;
import dev.larder.cli.feast.proto.Registry;
import dev.larder.core.FeatureStore;
import dev.larder.server.FeatureServer;
import dev.larder.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder import feast}: a registry mirroring what {@code feast apply} writes for Feast's
 * driver template imports into a repository that applies, retrieves and serves; bad registries and
 * folders are refused with exit code 1.
 */
class ImportFeastCommandTest {
  @TempDir Path work;

  @Test
  void driverTemplateImportsAppliesRetrievesAndServes() throws Exception {
    Files.write(work.resolve("registry.db"), FeastDriverRegistry.build().toByteArray());

    CliRun imported = CliRun.in(work, "import", "feast", "registry.db");
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    Path repo = work.resolve("feature_repo");
    assertThat(imported.out())
        .startsWith(
            "Imported Feast project driver_demo from registry.db into feature_repo\n"
                + "  feature_store.yaml\n"
                + "  entities.yaml (1 entity)\n"
                + "  sources.yaml (2 data sources)\n"
                + "  feature_views.yaml (2 feature views)\n"
                + "  feature_services.yaml (3 feature services)\n"
                + "  IMPORT_REPORT.md\n")
        .contains("  - data source 'vals_to_add': it is a request source")
        .contains("  - on-demand feature view 'transformed_conv_rate': Larder has no on-demand")
        .contains("  - on-demand feature view 'transformed_conv_rate_fresh': ")
        .contains(
            "  - feature view 'driver_hourly_stats': feature 'driver_profile': its type STRUCT"
                + " has no Larder counterpart")
        .contains(
            "  - feature service 'driver_activity_v1': its projection of 'transformed_conv_rate':"
                + " on-demand feature view 'transformed_conv_rate' is not carried over")
        .contains("feature service 'driver_activity_v1': its feature logging")
        .contains("the descriptions and tags of feature avg_daily_trips are not carried over")
        .contains("copy these there from the Feast repository (or edit the paths):\n")
        .contains("  " + FeastDriverRegistry.PARQUET + "\n")
        .endsWith("Next: cd feature_repo && larder apply\n");
    assertThat(imported.err())
        .isEqualTo(
            "warning: 10 objects or parts were not carried over; see "
                + Path.of("feature_repo", "IMPORT_REPORT.md")
                + "\n");
    assertThat(Files.readString(repo.resolve("IMPORT_REPORT.md")))
        .startsWith("# Import of Feast project driver_demo\n")
        .contains("- on-demand feature view 'transformed_conv_rate': ");
    assertThat(Files.readString(repo.resolve("feature_store.yaml")))
        .startsWith("project: driver_demo\nregistry: data/registry.db\n");
    assertThat(Files.readString(repo.resolve("entities.yaml")))
        .isEqualTo(
            "entities:\n"
                + "  - name: driver\n"
                + "    join_keys: [driver_id]\n"
                + "    value_type: INT64\n");
    assertThat(Files.readString(repo.resolve("sources.yaml")))
        .isEqualTo(
            "sources:\n"
                + "  - name: driver_hourly_stats_source\n"
                + "    type: file\n"
                + "    path: data/driver_stats.parquet\n"
                + "    timestamp_field: event_timestamp\n"
                + "    created_timestamp_column: created\n"
                + "  - name: driver_stats_push_source\n"
                + "    type: push\n"
                + "    batch_source: driver_hourly_stats_source\n");
    assertThat(Files.readString(repo.resolve("feature_views.yaml")))
        .startsWith(
            "feature_views:\n"
                + "  - name: driver_hourly_stats\n"
                + "    entities: [driver]\n"
                + "    ttl: 1d\n"
                + "    source: driver_hourly_stats_source\n"
                + "    schema:\n"
                + "      - {name: conv_rate, dtype: Float32}\n"
                + "      - {name: acc_rate, dtype: Float32}\n"
                + "      - {name: avg_daily_trips, dtype: Int64}\n"
                + "    online: true\n"
                + "    tags: {team: driver_performance}\n"
                + "  - name: driver_hourly_stats_fresh\n")
        .contains("    source: driver_stats_push_source\n");
    assertThat(Files.readString(repo.resolve("feature_services.yaml")))
        .isEqualTo(
            "feature_services:\n"
                + "  - name: driver_activity_v1\n"
                + "    features:\n"
                + "      - feature_view: driver_hourly_stats\n"
                + "        features: [conv_rate]\n"
                + "  - name: driver_activity_v2\n"
                + "    features:\n"
                + "      - feature_view: driver_hourly_stats\n"
                + "  - name: driver_activity_v3\n"
                + "    features:\n"
                + "      - feature_view: driver_hourly_stats_fresh\n");

    // the data Feast's repository had at the path it stored, relative to the new repository
    writeDriverStats(repo.resolve(FeastDriverRegistry.PARQUET));
    CliRun apply = CliRun.in(repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();

    Files.writeString(
        work.resolve("entities.csv"),
        "driver_id,event_timestamp\n"
            + "1001,2025-06-01T01:00:00Z\n"
            + "1001,2025-06-01T03:00:00Z\n"
            + "1002,2025-06-03T01:00:00Z\n"
            + "1003,2025-06-01T05:00:00Z\n");
    CliRun historical =
        CliRun.in(
            work,
            "--repo",
            "feature_repo",
            "get-historical-features",
            "--entity-df",
            "entities.csv",
            "--features",
            "driver_hourly_stats:conv_rate,driver_hourly_stats:avg_daily_trips",
            "--output",
            "training.csv");
    assertThat(historical.exitCode()).as(historical.err()).isZero();
    assertThat(Files.readAllLines(work.resolve("training.csv")))
        .containsExactly(
            "driver_id,event_timestamp,conv_rate,avg_daily_trips",
            "1001,2025-06-01T01:00:00Z,0.25,10",
            "1001,2025-06-01T03:00:00Z,0.5,11",
            "1002,2025-06-03T01:00:00Z,,",
            "1003,2025-06-01T05:00:00Z,,");

    CliRun materialize = CliRun.in(repo, "materialize", "2025-05-01", "2025-07-01");
    assertThat(materialize.exitCode()).as(materialize.err()).isZero();
    CliRun online =
        CliRun.in(
            repo,
            "get-online-features",
            "--feature-service",
            "driver_activity_v2",
            "--entity",
            "driver_id=1001,1002,1003");
    assertThat(online.exitCode()).as(online.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(online.out());
    assertThat(json.get("metadata").get("feature_names").toString())
        .isEqualTo("[\"driver_id\",\"conv_rate\",\"acc_rate\",\"avg_daily_trips\"]");
    assertThat(json.get("results").get(1).get("values").toString()).isEqualTo("[0.5,0.75,null]");
    assertThat(json.get("results").get(3).get("values").toString()).isEqualTo("[11,20,null]");
    assertThat(json.get("results").get(3).get("statuses").get(2).asText()).isEqualTo("NOT_FOUND");

    // served over HTTP as Feast's clients call it: a push into the imported push source, then a
    // read of the view fed by it
    try (FeatureStore store = FeatureStore.open(repo);
        FeatureServer server = FeatureServer.start(store, ServerConfig.defaults().withPort(0))) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> push =
          post(
              base.resolve("/push"),
              "{\"push_source_name\": \"driver_stats_push_source\", \"to\": \"online\","
                  + " \"df\": {\"driver_id\": [1003],"
                  + " \"event_timestamp\": [\"2025-06-02T00:00:00Z\"],"
                  + " \"created\": [\"2025-06-02T00:01:00Z\"], \"conv_rate\": [0.125],"
                  + " \"acc_rate\": [0.5], \"avg_daily_trips\": [7]}}");
      assertThat(push.statusCode()).as(push.body()).isEqualTo(200);
      HttpResponse<String> read =
          post(
              base.resolve("/get-online-features"),
              "{\"feature_service\": \"driver_activity_v3\","
                  + " \"entities\": {\"driver_id\": [1003]}, \"full_feature_names\": true}");
      assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
      JsonNode served = new ObjectMapper().readTree(read.body());
      assertThat(served.get("metadata").get("feature_names").toString())
          .isEqualTo(
              "[\"driver_id\",\"driver_hourly_stats_fresh__conv_rate\","
                  + "\"driver_hourly_stats_fresh__acc_rate\","
                  + "\"driver_hourly_stats_fresh__avg_daily_trips\"]");
      assertThat(served.get("results").get(1).get("values").toString()).isEqualTo("[0.125]");
      assertThat(served.get("results").get(3).get("values").toString()).isEqualTo("[7]");
    }
  }

  private static HttpResponse<String> post(URI uri, String body)
      throws IOException, InterruptedException {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTruncatedRegistryExitsOneNamingTheFileAndTheProblem() throws IOException {
    byte[] whole = FeastDriverRegistry.build().toByteArray();
    Files.write(work.resolve("registry.db"), Arrays.copyOf(whole, whole.length / 2));
    CliRun run = CliRun.in(work, "import", "feast", "registry.db");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine())
        .isEqualTo(
            "error: registry.db is not a Feast registry: it ends in the middle of a message (the"
                + " file is truncated)");
    assertThat(work.resolve("feature_repo")).doesNotExist();
  }

  @Test
  void filesThatAreNotFeastRegistriesExitOne() throws Exception {
    Files.writeString(work.resolve("notes.txt"), "hello, this is not a registry\n");
    CliRun text = CliRun.in(work, "import", "feast", "notes.txt");
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.firstErrorLine()).startsWith("error: notes.txt is not a Feast registry: ");

    Files.write(work.resolve("empty.db"), new byte[0]);
    CliRun empty = CliRun.in(work, "import", "feast", "empty.db");
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.firstErrorLine())
        .isEqualTo("error: empty.db is not a Feast registry: the file is empty");

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("sql.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE entities (entity_name TEXT)");
    }
    CliRun sqlite = CliRun.in(work, "import", "feast", "sql.db");
    assertThat(sqlite.exitCode()).isEqualTo(1);
    assertThat(sqlite.firstErrorLine())
        .isEqualTo(
            "error: sql.db is a SQLite database without the tables of Feast's SQL registry, not a"
                + " Feast registry");

    CliRun missing = CliRun.in(work, "import", "feast", "nowhere.db");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.firstErrorLine()).startsWith("error: Feast registry not found: ");
  }

  @Test
  void feastsSqlRegistryInSqliteImportsLikeTheFileRegistry() throws Exception {
    Registry registry = FeastDriverRegistry.build();
    Files.write(work.resolve("registry.db"), registry.toByteArray());
    assertThat(CliRun.in(work, "import", "feast", "registry.db", "--out", "from_file").exitCode())
        .isZero();
    // the tables of Feast's SqlRegistry (sdk/python/feast/infra/registry/sql.py), one row each
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("sql.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE feast_metadata (project_id TEXT, metadata_key TEXT, metadata_value TEXT,"
              + " last_updated_timestamp INTEGER)");
      sqlTable(c, "projects", "project", registry.getProjectsList());
      sqlTable(c, "entities", "entity", registry.getEntitiesList());
      sqlTable(c, "data_sources", "data_source", registry.getDataSourcesList());
      sqlTable(c, "feature_views", "feature_view", registry.getFeatureViewsList());
      sqlTable(
          c, "on_demand_feature_views", "feature_view", registry.getOnDemandFeatureViewsList());
      sqlTable(c, "feature_services", "feature_service", registry.getFeatureServicesList());
      sqlTable(c, "permissions", "permission", registry.getPermissionsList());
    }
    CliRun run = CliRun.in(work, "import", "feast", "sql.db", "--out", "from_sql");
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (String file :
        List.of(
            "feature_store.yaml",
            "entities.yaml",
            "sources.yaml",
            "feature_views.yaml",
            "feature_services.yaml")) {
      assertThat(Files.readString(work.resolve("from_sql").resolve(file)))
          .as(file)
          .isEqualTo(Files.readString(work.resolve("from_file").resolve(file)));
    }
    assertThat(run.out()).contains("on-demand feature view 'transformed_conv_rate'");

    // and a repository whose registry: is that database says to import it
    assertThat(CliRun.in(work, "init", "repo").exitCode()).isZero();
    Files.createDirectories(work.resolve("repo/data"));
    Files.copy(work.resolve("sql.db"), work.resolve("repo/data/registry.db"));
    CliRun plan = CliRun.in(work.resolve("repo"), "plan");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.firstErrorLine())
        .endsWith(" is a Feast registry (Feast's SQL registry in SQLite), not a Larder registry");
    assertThat(plan.err()).contains("'larder import feast ");
  }

  private static void sqlTable(
      Connection c, String table, String kind, List<? extends com.google.protobuf.Message> rows)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " ("
              + kind
              + "_name TEXT, project_id TEXT, last_updated_timestamp INTEGER, "
              + kind
              + "_proto BLOB)");
    }
    try (var insert =
        c.prepareStatement("INSERT INTO " + table + " VALUES ('x', 'driver_demo', 0, ?)")) {
      for (com.google.protobuf.Message row : rows) {
        insert.setBytes(1, row.toByteArray());
        insert.executeUpdate();
      }
    }
  }

  @Test
  void aNonEmptyOutputFolderIsRefusedAndLeftAlone() throws IOException {
    Files.write(work.resolve("registry.db"), FeastDriverRegistry.build().toByteArray());
    Files.createDirectories(work.resolve("repo"));
    Files.writeString(work.resolve("repo/keep.txt"), "mine");
    CliRun run = CliRun.in(work, "import", "feast", "registry.db", "--out", "repo");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine())
        .isEqualTo("error: the folder repo is not empty; an import writes a whole new repository");
    try (var files = Files.list(work.resolve("repo"))) {
      assertThat(files.toList()).containsExactly(work.resolve("repo/keep.txt"));
    }
  }

  @Test
  void anEmptyRegistryAndSeveralProjectsAreUserErrors() throws IOException {
    Registry noObjects =
        Registry.newBuilder().setRegistrySchemaVersion("1").setVersionId("v").build();
    Files.write(work.resolve("empty.db"), noObjects.toByteArray());
    CliRun empty = CliRun.in(work, "import", "feast", "empty.db");
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.firstErrorLine())
        .isEqualTo(
            "error: the Feast registry empty.db is empty: it holds no project and no"
                + " definitions");

    Registry two =
        FeastDriverRegistry.build().toBuilder()
            .addEntities(
                Entity.newBuilder()
                    .setSpec(
                        EntitySpecV2.newBuilder()
                            .setName("customer")
                            .setProject("other")
                            .setJoinKey("customer_id")
                            .setValueType(dev.larder.cli.feast.proto.ValueType.Enum.STRING)))
            .build();
    Files.write(work.resolve("two.db"), two.toByteArray());
    CliRun several = CliRun.in(work, "import", "feast", "two.db");
    assertThat(several.exitCode()).isEqualTo(1);
    assertThat(several.firstErrorLine())
        .isEqualTo("error: the Feast registry two.db holds several projects: driver_demo, other");
    CliRun chosen = CliRun.in(work, "import", "feast", "two.db", "--project", "other");
    assertThat(chosen.exitCode()).as(chosen.err()).isZero();
    assertThat(Files.readString(work.resolve("feature_repo/entities.yaml")))
        .isEqualTo(
            "entities:\n"
                + "  - name: customer\n"
                + "    join_keys: [customer_id]\n"
                + "    value_type: STRING\n");
  }

  @Test
  void aRepositoryWhoseRegistryIsFeastsSaysToImportIt() throws IOException {
    assertThat(CliRun.in(work, "init", "repo").exitCode()).isZero();
    Path registry = work.resolve("repo/data/registry.db");
    Files.createDirectories(registry.getParent());
    Files.write(registry, FeastDriverRegistry.build().toByteArray());
    CliRun plan = CliRun.in(work.resolve("repo"), "plan");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.err())
        .startsWith(
            "error: the registry "
                + registry.toAbsolutePath().normalize()
                + " is a Feast registry (a serialized feast.core.Registry), not a Larder"
                + " registry\n")
        .contains("'larder import feast " + registry.toAbsolutePath().normalize() + " --out DIR'");
  }

  @Test
  void warehouseSourcesAndTheirViewsAreReportedNotWritten() throws IOException {
    Registry registry =
        FeastDriverRegistry.build().toBuilder()
            .addDataSources(
                DataSource.newBuilder()
                    .setName("trips_bq")
                    .setProject(FeastDriverRegistry.PROJECT)
                    .setType(DataSource.SourceType.BATCH_BIGQUERY)
                    .setTimestampField("ts")
                    .setBigqueryOptions(
                        DataSource.TableOrQuery.newBuilder().setTable("proj.ds.trips")))
            .build();
    Files.write(work.resolve("registry.db"), registry.toByteArray());
    CliRun run = CliRun.in(work, "import", "feast", "registry.db", "--out", "r");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "  - data source 'trips_bq': it is a BigQuery source (table 'proj.ds.trips');"
                + " Larder reads Parquet or CSV files and Spark tables");
    assertThat(Files.readString(work.resolve("r/sources.yaml"))).doesNotContain("trips_bq");
  }

  /** Two rows of driver 1001 and one of 1002, as Feast's driver_stats.parquet has them. */
  private static void writeDriverStats(Path file) throws SQLException, IOException {
    Files.createDirectories(file.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "COPY (SELECT driver_id::BIGINT AS driver_id, ts::TIMESTAMPTZ AS event_timestamp,"
              + " (ts::TIMESTAMPTZ + INTERVAL 1 MINUTE) AS created, conv::FLOAT AS conv_rate,"
              + " acc::FLOAT AS acc_rate, trips::BIGINT AS avg_daily_trips FROM (VALUES"
              + " (1001, '2025-06-01 00:00:00+00', 0.25, 0.5, 10),"
              + " (1001, '2025-06-01 02:00:00+00', 0.5, 0.75, 11),"
              + " (1002, '2025-06-01 01:00:00+00', 0.75, 0.25, 20))"
              + " AS t(driver_id, ts, conv, acc, trips)) TO '"
              + file
              + "' (FORMAT PARQUET)");
    }
  }
}
