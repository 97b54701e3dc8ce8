package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite registry's own rules: its file, schema, errors and atomicity. The registry contract
 * that every backend passes runs on it in larder-testkit ({@code SqliteRegistryStoreContractTest}).
 */
class SqliteRegistryStoreTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-03-01T11:30:00.123Z");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("data/registry.db");
  }

  private RegistryStore store(String project) {
    return new SqliteRegistryStore(file(), project);
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private String query(String select) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(select)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private void commitFirst() {
    store("p").commit(0, Snapshots.of("p", 1, TestDefinitions.classification(), T0));
  }

  @Test
  void readingAMissingRegistryDoesNotCreateIt() {
    assertThat(store("p").load()).isEmpty();
    assertThat(store("p").history()).isEmpty();
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void theFirstCommitCreatesTheFileInWalModeWithItsSchemaVersion() throws SQLException {
    commitFirst();
    assertThat(file()).isRegularFile();
    assertThat(query("PRAGMA journal_mode")).isEqualTo("wal");
    assertThat(query("SELECT version FROM larder_schema")).isEqualTo("1");
    assertThat(query("SELECT COUNT(*) FROM registry_objects")).isEqualTo("4");
    assertThat(query("SELECT definition FROM registry_objects WHERE kind = 'entity'"))
        .isEqualTo(
            "{\"kind\":\"entity\",\"name\":\"sample\",\"join_keys\":[\"sample_index\"],"
                + "\"value_type\":\"INT64\",\"description\":\"One generated sample\",\"tags\":{},"
                + "\"owner\":\"\"}");
    assertThat(query("SELECT created FROM registry_objects WHERE kind = 'entity'"))
        .isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void theFirstCommitCreatesTheRunsTableAndARunIsOneRowOfJson() throws SQLException {
    commitFirst();
    assertThat(query("SELECT COUNT(*) FROM training_runs")).isEqualTo("0");
    store("p").recordRun(TestRuns.run("r", T1));
    assertThat(
            query(
                "SELECT id || ' ' || position || ' ' || recorded_at || ' ' || recorded_by"
                    + " FROM training_runs"))
        .isEqualTo("r 1 2026-03-01T11:30:00.123Z ana");
    assertThat(query("SELECT run FROM training_runs"))
        .startsWith("{\"id\":\"r\",\"recorded_at\":\"2026-03-01T11:30:00.123Z\",\"user\":\"ana\"");
    assertThat(query("SELECT version FROM larder_schema"))
        .as("no new schema version")
        .isEqualTo("1");
  }

  @Test
  void aRunsTableFromBeforeReportsStillLoadsAndGainsTheColumnOnTheNextRun() throws SQLException {
    commitFirst();
    RecordedRun old = TestRuns.run("old", T0);
    sql(
        "DROP TABLE training_runs",
        "CREATE TABLE training_runs (project TEXT NOT NULL, position INTEGER NOT NULL,"
            + " id TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
            + " run TEXT NOT NULL, PRIMARY KEY (project, id), UNIQUE (project, position))",
        "INSERT INTO training_runs VALUES ('p', 1, 'old', '2026-03-01T10:00:00Z', 'ana', '"
            + RecordedRunJson.write(old).replace("'", "''")
            + "')");

    assertThat(store("p").runs()).containsExactly(old);
    assertThat(store("p").run("old").orElseThrow().report()).isEmpty();

    RecordedRun reported = TestRuns.run("new", T1).withReport(TestRuns.REPORT);
    store("p").recordRun(reported);
    assertThat(query("SELECT COUNT(*) FROM pragma_table_info('training_runs')"))
        .as("the report column was added")
        .isEqualTo("7");
    assertThat(store("p").runs()).containsExactly(old, reported);
    assertThat(query("SELECT report FROM training_runs WHERE id = 'new'"))
        .isEqualTo(TestRuns.REPORT);
    assertThat(query("SELECT run FROM training_runs WHERE id = 'new'"))
        .as("the run's JSON does not repeat the report")
        .doesNotContain("larder-run-report");
  }

  @Test
  void recordingARunWaitsForACommitInProgressInsteadOfFailing() throws Exception {
    commitFirst();
    CountDownLatch locked = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = writer.createStatement()) {
      Future<?> holder =
          thread.submit(
              () -> {
                s.execute("BEGIN IMMEDIATE");
                s.execute("UPDATE registry_revisions SET summary = summary");
                locked.countDown();
                Thread.sleep(400);
                s.execute("COMMIT");
                return null;
              });
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      RecordedRun recorded = store("p").recordRun(TestRuns.run("r", T1));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(100));
      holder.get(10, TimeUnit.SECONDS);
      assertThat(recorded.id()).isEqualTo("r");
      assertThat(store("p").runs()).containsExactly(recorded);
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void aDamagedRunRowIsAClearError() throws SQLException {
    commitFirst();
    store("p").recordRun(TestRuns.run("r", T1));
    sql("UPDATE training_runs SET run = '{\"id\":\"r\"}'");
    assertThatThrownBy(() -> store("p").runs())
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith(
            "the registry " + file() + " is damaged: its training runs cannot be read:");
  }

  @Test
  void aFailureInsideACommitLeavesThePreviousSnapshotWhole() throws SQLException {
    commitFirst();
    RegistrySnapshot before = store("p").load().orElseThrow();
    // The commit deletes the old rows and writes objects before versions: fail in the middle.
    sql(
        "CREATE TRIGGER fail BEFORE INSERT ON feature_view_versions"
            + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    RegistrySnapshot next =
        Snapshots.of(
            "p",
            2,
            TestDefinitions.with(TestDefinitions.source("x.parquet"), TestDefinitions.view()),
            T1);

    assertThatThrownBy(() -> store("p").commit(1, next))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cannot write the registry " + file())
        .hasMessageContaining("injected failure")
        .hasCauseInstanceOf(SQLException.class);

    assertThat(store("p").load()).contains(before);
    assertThat(store("p").history()).hasSize(1);
    sql("DROP TRIGGER fail");
    store("p").commit(1, next);
    assertThat(store("p").load()).contains(next);
  }

  /**
   * A restore is one transaction: failing at its last step (the audit entries, after the revisions,
   * snapshot rows, intervals and runs) leaves the project as empty as before, and the same restore
   * succeeds once the cause is gone.
   */
  @Test
  void aFailureInsideARestoreWritesNothing() throws SQLException {
    RegistryStore source = new SqliteRegistryStore(dir.resolve("source.db"), "p");
    source.commit(0, Snapshots.of("p", 1, TestDefinitions.classification(), T0));
    source.appendMaterialization(TestDefinitions.VIEW, 1, new MaterializationInterval(T0, T0, T1));
    source.recordRun(TestRuns.run("r", T1));
    source.appendAudit(
        new AuditEntry(T1, "ana", List.of(), "apply", List.of(), AuditOutcome.OK, "revision 1"));
    RegistryExport export = source.export();

    store("other")
        .appendAudit(
            new AuditEntry(T0, "bob", List.of(), "auth add-key", List.of(), AuditOutcome.OK, ""));
    sql(
        "CREATE TRIGGER fail BEFORE INSERT ON audit_log WHEN NEW.project = 'p'"
            + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

    assertThatThrownBy(() -> store("p").restore(export))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cannot write the registry " + file())
        .hasMessageContaining("injected failure");
    assertThat(store("p").export().isEmpty()).isTrue();
    assertThat(query("SELECT COUNT(*) FROM registry_revisions WHERE project = 'p'")).isEqualTo("0");
    assertThat(query("SELECT COUNT(*) FROM registry_objects WHERE project = 'p'")).isEqualTo("0");
    assertThat(
            query(
                "SELECT COUNT(*) FROM sqlite_master"
                    + " WHERE name IN ('training_runs', 'materialization_log')"))
        .as("even the tables the restore created are gone")
        .isEqualTo("0");

    sql("DROP TRIGGER fail");
    store("p").restore(export);
    assertThat(store("p").export()).isEqualTo(export);
    assertThat(store("other").audit(null)).hasSize(1);
  }

  @Test
  void aRegistryOfANewerSchemaIsRefused() throws SQLException {
    commitFirst();
    sql("UPDATE larder_schema SET version = 2");
    assertThatThrownBy(() -> store("p").load())
        .isInstanceOf(BackendException.class)
        .hasMessage(
            "the registry "
                + file()
                + " has schema version 2, newer than this Larder reads (up to 1)")
        .satisfies(
            e ->
                assertThat(((BackendException) e).hint())
                    .isEqualTo("It was written by a newer Larder; upgrade Larder to use it"));
    assertThatThrownBy(
            () -> store("p").commit(1, Snapshots.of("p", 2, RepoDefinitions.empty(), T1)))
        .hasMessageContaining("has schema version 2");
  }

  @Test
  void aFileThatIsNotADatabaseIsRefused() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "this is not a database, just some text that is long enough");
    assertThatThrownBy(() -> store("p").load())
        .isInstanceOf(BackendException.class)
        .hasMessage("the registry " + file() + " is not a SQLite database");
  }

  @Test
  void anotherSqliteDatabaseIsRefused() throws SQLException, IOException {
    Files.createDirectories(file().getParent());
    sql("CREATE TABLE classification_data (sample_index INTEGER)");
    assertThatThrownBy(() -> store("p").load())
        .isInstanceOf(BackendException.class)
        .hasMessage(
            file()
                + " is a SQLite database but not a Larder registry (its tables:"
                + " [classification_data])");
    assertThatThrownBy(
            () -> store("p").commit(0, Snapshots.of("p", 1, RepoDefinitions.empty(), T0)))
        .hasMessageContaining("not a Larder registry");
    assertThat(query("PRAGMA journal_mode")).isEqualTo("delete");
  }

  @Test
  void anEmptyFileIsAnEmptyRegistry() throws IOException {
    Files.createDirectories(file().getParent());
    Files.createFile(file());
    assertThat(store("p").load()).isEmpty();
    commitFirst();
    assertThat(store("p").load()).isPresent();
  }

  @Test
  void aDamagedRowIsAClearError() throws SQLException {
    commitFirst();
    sql("UPDATE registry_objects SET definition = '{\"kind\":\"entity\"' WHERE kind = 'entity'");
    assertThatThrownBy(() -> store("p").load())
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith(
            "the registry " + file() + " is damaged: its contents cannot be read: definition JSON")
        .hasCauseInstanceOf(InvalidDefinitionException.class)
        .satisfies(
            e ->
                assertThat(((BackendException) e).hint())
                    .startsWith("Restore it from a backup, or move it away and run 'larder"));
  }

  @Test
  void aVersionWhoseHashDoesNotMatchItsDefinitionIsDamage() throws SQLException {
    commitFirst();
    sql("UPDATE feature_view_versions SET sha256 = 'abc'");
    assertThatThrownBy(() -> store("p").load())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining("has hash abc but its definition hashes to");
  }

  @Test
  void theFactoryOfTypeSqliteOpensThePathOfTheConfiguration() {
    RepoConfig config = config(new StoreConfig("sqlite", Map.of("path", "reg/r.db")));
    try (RegistryStore store = RegistryStore.open(config)) {
      assertThat(store).isInstanceOf(SqliteRegistryStore.class);
      assertThat(store.location()).isEqualTo(dir.resolve("reg/r.db").toString());
    }
    try (RegistryStore store = RegistryStore.open(config(StoreConfig.of("sqlite")))) {
      assertThat(store.location()).isEqualTo(dir.resolve("data/registry.db").toString());
    }
  }

  @Test
  void anUnknownRegistryTypeNamesTheTypesAvailable() {
    RepoConfig config = config(new StoreConfig("postgres", Map.of("path", "postgresql://db/x")));
    assertThatThrownBy(() -> RegistryStore.open(config))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage("registry type 'postgres' is not available; available: sqlite, file")
        .satisfies(
            e ->
                assertThat(((InvalidDefinitionException) e).hint())
                    .startsWith(
                        "Use registry: {registry_type: sqlite, path: data/registry.db} in"
                            + " feature_store.yaml, or put the module that provides 'postgres'"
                            + " on the class path or in a plugin folder (plugin path: "));
    assertThatThrownBy(() -> RegistryStoreFactory.forType("sqlit"))
        .hasMessage(
            "registry type 'sqlit' is not available; did you mean 'sqlite'? available: sqlite, file");
  }

  private RepoConfig config(StoreConfig registry) {
    return new RepoConfig(
        dir,
        "p",
        registry,
        "local",
        StoreConfig.of("sqlite"),
        StoreConfig.of("duckdb"),
        RepoConfig.ENTITY_KEY_SERIALIZATION_VERSION,
        StoreConfig.of("none"));
  }
}
