package dev.larder.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.BackendException;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryChangeNotices;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistryNotEmptyException;
import dev.larder.core.registry.RegistryStore;
import dev.larder.testkit.TestDefinitions;
import dev.larder.testkit.TestRuns;
import dev.larder.testkit.TestSnapshots;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL registry's own rules of {@link RegistryStore#restore} beyond the contract: a
 * failure part-way (a trigger that refuses the last rows) leaves nothing; a restore that commits
 * sends the change notice of its last revision and one that is refused or fails sends none; writes
 * of the project (an audit entry, a run) made while a restore is under way wait for it and land
 * after it, so that the restore's check of emptiness still holds when it commits. The project is
 * exported from one schema of the test's own and restored into a second; both are dropped after.
 */
class PostgresRestoreTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-03-01T11:30:00.123456789Z");

  private final String sourceSchema = TestPostgres.newSchema("restore_from");
  private final String targetSchema = TestPostgres.newSchema("restore_to");
  private final String project = TestPostgres.newProject("restore");
  private final List<RegistryStore> stores = new ArrayList<>();
  private RegistryExport export;

  @BeforeAll
  static void reachable() {
    TestPostgres.requireReachable();
  }

  /** Revisions 1 and 2, an interval, a run and two audit entries in the source schema. */
  @BeforeEach
  void exportAHistory() {
    RegistryStore source = store(sourceSchema);
    source.appendAudit(audit(T0.minusSeconds(60), "before the first apply"));
    source.commit(0, TestSnapshots.of(project, 1, TestDefinitions.classification(), T0));
    source.appendMaterialization(
        TestDefinitions.VIEW, 1, new MaterializationInterval(T0, T1, T1.plusSeconds(1)));
    source.commit(1, TestSnapshots.of(project, 2, TestDefinitions.classification(), T1));
    source.recordRun(TestRuns.run("r", T1));
    source.appendAudit(audit(T0.plusSeconds(7200), "revision 2"));
    export = source.export();
    assertThat(export.revisions()).hasSize(2);
    assertThat(export.current().lastCommit().orElseThrow().committedAt())
        .as("times to the nanosecond")
        .isEqualTo(T1);
  }

  @AfterEach
  void dropSchemas() {
    stores.forEach(RegistryStore::close);
    TestPostgres.dropSchema(sourceSchema);
    TestPostgres.dropSchema(targetSchema);
  }

  private PostgresRegistryStore store(String schema) {
    PostgresRegistryStore store =
        new PostgresRegistryStore(PostgresUrl.parse(TestPostgres.url(schema)), project);
    stores.add(store);
    return store;
  }

  /** An audit entry at {@code at} (audit times are to the millisecond). */
  private static AuditEntry audit(Instant at, String detail) {
    return new AuditEntry(at, "ana", List.of("admin"), "apply", List.of(), AuditOutcome.OK, detail);
  }

  /** Runs {@code sql} in the target schema. */
  private void inTarget(String sql) {
    TestPostgres.execute("SET search_path TO " + targetSchema + "; " + sql);
  }

  private long targetRows(String table) throws SQLException {
    try (Connection c = TestPostgres.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM " + targetSchema + "." + table + " WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void aFailureAtTheLastStepWritesNothingAndTheSameRestoreSucceedsOnceItIsGone()
      throws SQLException {
    RegistryStore target = store(targetSchema);
    assertThat(target.currentRevision()).isZero(); // creates the target's tables
    inTarget(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;"
            + " CREATE TRIGGER refuse BEFORE INSERT ON larder_audit"
            + " FOR EACH ROW EXECUTE FUNCTION refuse()");

    assertThatThrownBy(() -> target.restore(export))
        .isInstanceOf(BackendException.class)
        .hasMessageStartingWith(
            "cannot write the registry " + PostgresUrl.parse(TestPostgres.url(targetSchema)))
        .hasMessageContaining("injected failure");
    assertThat(target.export().isEmpty()).isTrue();
    for (String table :
        List.of(
            "larder_revisions",
            "larder_objects",
            "larder_view_versions",
            "larder_materializations",
            "larder_runs",
            "larder_audit")) {
      assertThat(targetRows(table)).as(table).isZero();
    }

    inTarget("DROP TRIGGER refuse ON larder_audit");
    target.restore(export);
    assertThat(target.export()).isEqualTo(export);
    assertThat(store(targetSchema).export()).as("read by another store").isEqualTo(export);
  }

  @Test
  void aRestoreThatCommitsSendsTheNoticeOfItsLastRevisionAndOneThatDoesNotSendsNone()
      throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    store(targetSchema)
        .capability(RegistryChangeNotices.class)
        .orElseThrow()
        .subscribe(
            new RegistryChangeNotices.Listener() {
              @Override
              public void committed(long revision) {
                heard.add("committed " + revision);
              }

              @Override
              public void flowing() {
                heard.add("flowing");
              }

              @Override
              public void stopped() {
                heard.add("stopped");
              }
            });
    assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("flowing");

    RegistryStore target = store(targetSchema);
    assertThat(target.currentRevision()).isZero();
    inTarget(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;"
            + " CREATE TRIGGER refuse BEFORE INSERT ON larder_audit"
            + " FOR EACH ROW EXECUTE FUNCTION refuse()");
    assertThatThrownBy(() -> target.restore(export)).isInstanceOf(BackendException.class);
    inTarget("DROP TRIGGER refuse ON larder_audit");

    long started = System.nanoTime();
    target.restore(export);
    assertThat(heard.poll(1, TimeUnit.SECONDS))
        .as("the failed restore sent nothing; this one its last revision")
        .isEqualTo("committed 2");
    System.out.println(
        "a restore was heard "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms after it began");

    assertThatThrownBy(() -> target.restore(export)).isInstanceOf(RegistryNotEmptyException.class);
    target.commit(
        2, TestSnapshots.of(project, 3, TestDefinitions.classification(), T1.plusSeconds(60)));
    assertThat(heard.poll(1, TimeUnit.SECONDS))
        .as("the refused restore sent nothing")
        .isEqualTo("committed 3");
  }

  /**
   * The restore is held inside its transaction (a trigger on its runs waits for a table lock this
   * test holds); an audit entry and a run of the project written meanwhile wait for it (PostgreSQL
   * shows them blocked by the restore's backend), and once the test lets it go they land after it:
   * the audit entry after the restored ones, the run under a free id beside the restored one.
   */
  @Test
  void writesOfTheProjectDuringARestoreWaitForItAndLandAfterIt() throws Exception {
    RegistryStore target = store(targetSchema);
    assertThat(target.currentRevision()).isZero();
    inTarget(
        "CREATE TABLE gate (x int);"
            + " CREATE FUNCTION pass_gate() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM 1 FROM gate; RETURN NEW; END $$;"
            + " CREATE TRIGGER pass_gate BEFORE INSERT ON larder_runs"
            + " FOR EACH ROW EXECUTE FUNCTION pass_gate()");
    AuditEntry meanwhile = audit(T0.plusSeconds(7300), "written during the restore");
    try (Connection gate = TestPostgres.connect()) {
      gate.setAutoCommit(false);
      try (Statement s = gate.createStatement()) {
        s.execute("LOCK TABLE " + targetSchema + ".gate IN ACCESS EXCLUSIVE MODE");
      }
      int gatePid = gate.unwrap(org.postgresql.PGConnection.class).getBackendPID();
      CompletableFuture<Void> restore = CompletableFuture.runAsync(() -> target.restore(export));
      long restorePid = blockedBy(gatePid, 1).get(0);

      RegistryStore auditor = store(targetSchema);
      RegistryStore trainer = store(targetSchema);
      CompletableFuture<Void> append =
          CompletableFuture.runAsync(() -> auditor.appendAudit(meanwhile));
      CompletableFuture<RecordedRun> run =
          CompletableFuture.supplyAsync(() -> trainer.recordRun(TestRuns.run("r", T1)));
      assertThat(blockedBy(restorePid, 2)).as("both writes wait for the restore").hasSize(2);
      assertThat(append).isNotDone();
      assertThat(run).isNotDone();

      gate.commit();
      restore.get(10, TimeUnit.SECONDS);
      append.get(10, TimeUnit.SECONDS);
      assertThat(run.get(10, TimeUnit.SECONDS).id()).isEqualTo("r-2");
    }
    List<AuditEntry> expected = new ArrayList<>(export.audit());
    expected.add(meanwhile);
    assertThat(target.audit(null)).isEqualTo(expected);
    assertThat(target.runs()).extracting(RecordedRun::id).containsExactly("r", "r-2");
    assertThat(target.history()).isEqualTo(export.revisions());
  }

  /**
   * The backends that {@code pid} blocks, once there are {@code count} of them (within 10 s), in
   * the order of their pids.
   */
  private static List<Long> blockedBy(long pid, int count)
      throws SQLException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Long> found = new ArrayList<>();
    while (System.nanoTime() < until) {
      found.clear();
      try (Connection c = TestPostgres.connect();
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT pid FROM pg_stat_activity"
                      + " WHERE CAST(? AS integer) = ANY (pg_blocking_pids(pid)) ORDER BY pid")) {
        s.setLong(1, pid);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(r.getLong(1));
          }
        }
      }
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "backend " + pid + " blocks " + found.size() + " backends after 10 s, not " + count);
  }
}
