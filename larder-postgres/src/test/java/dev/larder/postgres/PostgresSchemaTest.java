package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.ErrorCode;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RecordedRunJson;
import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.TestRuns;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's own schema migrations: a new schema is created and recorded at {@link
 * PostgresSchema#VERSION}; opening it again changes nothing; several processes starting at once
 * migrate it once; a schema newer than the code is refused with both versions and the fix.
 */
class PostgresSchemaTest {
  private final String schema = TestPostgres.newSchema("schema");
  private final List<RegistryStore> stores = new ArrayList<>();

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  @AfterEach
  void dropSchema() {
    stores.forEach(RegistryStore::close);
    TestPostgres.dropSchema(schema);
  }

  private RegistryStore store() {
    RegistryStore store =
        new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), "p");
    stores.add(store);
    return store;
  }

  private Connection connect() throws SQLException {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.url(schema));
    return DriverManager.getConnection(url.jdbcUrl(), url.properties(Map.of()));
  }

  private List<String> migrations() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT version, description, applied_at FROM larder_schema_migrations"
                    + " ORDER BY version")) {
      while (r.next()) {
        out.add(r.getInt(1) + " " + r.getString(2) + " " + r.getObject(3));
      }
    }
    return out;
  }

  private List<String> tables() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() ORDER BY table_name")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Test
  void theFirstUseCreatesTheSchemaAndRecordsItsVersion() throws SQLException {
    assertThat(store().currentRevision()).isZero();
    assertThat(tables())
        .containsExactly(
            "larder_audit",
            "larder_leases",
            "larder_materializations",
            "larder_objects",
            "larder_revisions",
            "larder_runs",
            "larder_schema_migrations",
            "larder_view_versions");
    assertThat(migrations()).hasSize(PostgresSchema.VERSION);
    assertThat(migrations().get(0)).startsWith("1 the registry's tables ");
  }

  @Test
  void aVersion1SchemaIsMigratedAndItsRunsLoadWithoutAReport() throws SQLException {
    RecordedRun old = TestRuns.run("old", java.time.Instant.parse("2026-03-01T10:00:00Z"));
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SET search_path TO " + schema);
      s.execute(
          "CREATE TABLE larder_schema_migrations (version INTEGER PRIMARY KEY,"
              + " description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
              + " applied_by TEXT NOT NULL DEFAULT current_user)");
      for (String statement : PostgresSchema.MIGRATIONS.get(0).statements()) {
        s.execute(statement);
      }
      s.execute(
          "INSERT INTO larder_schema_migrations (version, description)"
              + " VALUES (1, 'the registry''s tables')");
      try (var insert =
          c.prepareStatement(
              "INSERT INTO larder_runs (project, position, id, recorded_at, recorded_by, run)"
                  + " VALUES ('p', 1, 'old', '2026-03-01T10:00:00Z', 'ana', ?)")) {
        insert.setString(1, RecordedRunJson.write(old));
        insert.executeUpdate();
      }
    }

    assertThat(store().runs()).containsExactly(old);
    assertThat(store().run("old").orElseThrow().report()).isEmpty();
    assertThat(migrations()).hasSize(PostgresSchema.VERSION);
    assertThat(migrations().get(1)).startsWith("2 training run reports ");
  }

  @Test
  void openingAMigratedSchemaAgainChangesNothing() throws SQLException {
    store().currentRevision();
    List<String> before = migrations();
    store().load();
    try (Connection c = connect()) {
      assertThat(PostgresSchema.migrate(c, schema, "here"))
          .as("the version found, with nothing to do")
          .isEqualTo(PostgresSchema.VERSION);
    }
    assertThat(migrations()).isEqualTo(before);
  }

  @Test
  void ofProcessesStartingAtOnceOneMigratesAndTheOthersFindItDone() throws Exception {
    int racers = 6;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Integer>> found = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        found.add(
            threads.submit(
                () -> {
                  try (Connection c = connect()) {
                    start.await(30, TimeUnit.SECONDS);
                    return PostgresSchema.migrate(c, schema, "here");
                  }
                }));
      }
      List<Integer> before = new ArrayList<>();
      for (Future<Integer> f : found) {
        before.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(before).as("the versions each found").containsOnlyOnce(0);
      assertThat(before).filteredOn(v -> v != 0).containsOnly(PostgresSchema.VERSION);
    } finally {
      threads.shutdownNow();
    }
    assertThat(migrations()).hasSize(PostgresSchema.VERSION);
    assertThat(store().currentRevision()).isZero();
  }

  @Test
  void aSchemaNewerThanThisCodeIsRefusedNamingBothVersionsAndTheFix() throws SQLException {
    store().currentRevision();
    int newer = PostgresSchema.VERSION + 1;
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO larder_schema_migrations (version, description) VALUES ("
              + newer
              + ", 'from a newer Larder')");
    }
    assertThatThrownBy(() -> store().currentRevision())
        .isInstanceOf(BackendException.class)
        .satisfies(
            e -> assertThat(((BackendException) e).code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE))
        .hasMessage(
            "the registry "
                + PostgresUrl.parse(TestPostgres.url(schema))
                + " has schema version "
                + newer
                + ", newer than this Larder understands (up to version "
                + PostgresSchema.VERSION
                + ")")
        .satisfies(
            e ->
                assertThat(((BackendException) e).hint())
                    .contains("upgrade Larder")
                    .contains("schema version " + newer));
  }
}
