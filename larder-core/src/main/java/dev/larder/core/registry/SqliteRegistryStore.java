package dev.larder.core.registry;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.FaultPoint;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The registry in a SQLite file (default {@code data/registry.db} in the repository), in WAL mode
 * so that readers never wait for a writer and never see part of a commit. Each commit is one {@code
 * BEGIN IMMEDIATE} transaction: it takes the write lock (waiting up to {@value
 * #BUSY_TIMEOUT_MILLIS} ms for another writer), checks the revision, replaces the snapshot rows and
 * appends the revision, or rolls back. The file holds the schema version in {@code larder_schema};
 * a file of a newer schema, or one that is not a Larder registry, is refused with a clear error.
 * Tables: see {@link SqliteSnapshotRows}; recorded training runs are appended to a table of their
 * own ({@link SqliteRunRows}) in a {@code BEGIN IMMEDIATE} transaction that touches no snapshot
 * row, so recording a run waits for a commit in progress but never conflicts with one. Tables: see
 * {@link SqliteSnapshotRows}, {@link SqliteMaterializationRows} for materialization intervals,
 * appended like runs, {@link SqliteAuditRows} for the audit log, and {@link SqliteLeaseRows} for
 * leases, which change in short {@code BEGIN IMMEDIATE} transactions of their own that never touch
 * the revision either. {@link #export()} reads every table of the project in one read transaction;
 * {@link #restore} writes them all in one {@code BEGIN IMMEDIATE} transaction that first checks the
 * project holds nothing.
 */
public final class SqliteRegistryStore implements RegistryStore {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** How long a commit waits for another process's commit to finish. */
  public static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private final Path path;
  private final String project;

  /**
   * The store of {@code project} in the SQLite file at {@code path}, created by the first commit.
   */
  public SqliteRegistryStore(Path path, String project) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    this.project = Objects.requireNonNull(project, "project");
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public Optional<RegistrySnapshot> load() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try (Connection c = connect(false)) {
      return read(c, "contents", () -> SqliteSnapshotRows.read(c, project), Optional.empty());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public List<RevisionInfo> history() {
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Connection c = connect(false)) {
      return read(c, "history", () -> SqliteSnapshotRows.history(c, project), List.of());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public long currentRevision() {
    if (!Files.exists(path)) {
      return 0;
    }
    try (Connection c = connect(false)) {
      return read(c, "revision", () -> SqliteSnapshotRows.currentRevision(c, project), 0L);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Checks the revision inside the {@code BEGIN IMMEDIATE} transaction that writes, so no other
   * commit can come between the check and the write; the primary key of {@code registry_revisions}
   * backs it up, and its violation is the same conflict.
   */
  @Override
  public void commit(long expectedRevision, RegistrySnapshot next) {
    if (!next.project().equals(project)) {
      throw new IllegalArgumentException(
          "a snapshot of project "
              + Echo.of(next.project())
              + " cannot go to the store of "
              + project);
    }
    if (next.revision() < 1) {
      throw new IllegalArgumentException("revision 0 is the empty registry; commit revision 1 on");
    }
    if (next.revision() != expectedRevision + 1) {
      throw new IllegalArgumentException(
          "revision " + next.revision() + " cannot be committed on revision " + expectedRevision);
    }
    createParent();
    try (Connection c = connect(true)) {
      schemaVersion(c); // refuses another database or a newer schema before changing anything
      useWal(c);
      write(
          c,
          () -> {
            ensureSchema(c);
            SqliteRunRows.create(c);
            SqliteAuditRows.create(c);
            SqliteMaterializationRows.create(c);
            long current = SqliteSnapshotRows.currentRevision(c, project);
            if (current > expectedRevision) {
              throw new RevisionConflictException(expectedRevision, current, location(), null);
            }
            if (current < expectedRevision) {
              throw new IllegalArgumentException(
                  "revision " + next.revision() + " does not follow revision " + current);
            }
            if (!SqliteSnapshotRows.appendRevision(c, next)) {
              throw new RevisionConflictException(
                  expectedRevision,
                  SqliteSnapshotRows.currentRevision(c, project),
                  location(),
                  null);
            }
            SqliteMaterializationRows.moveLegacyRows(c, project);
            SqliteSnapshotRows.write(c, next);
            SqliteMaterializationRows.dropUndefined(c, next);
            FaultPoint.REGISTRY_BEFORE_COMMIT.reach();
            return null;
          });
    } catch (SQLException e) {
      throw failure("write", e);
    }
    FaultPoint.REGISTRY_AFTER_COMMIT.reach();
  }

  /**
   * Appends in a transaction of its own that touches only {@code audit_log}: it waits for a commit
   * in progress (as commits wait for each other) but never changes the revision a commit checks.
   * Before the first commit it creates the file with the (empty) schema, so a key change in a new
   * repository is logged too.
   */
  @Override
  public void appendAudit(AuditEntry entry) {
    createParent();
    try (Connection c = connect(true)) {
      schemaVersion(c);
      useWal(c);
      write(
          c,
          () -> {
            ensureSchema(c);
            SqliteAuditRows.create(c);
            SqliteAuditRows.append(c, project, entry);
            return null;
          });
    } catch (SQLException e) {
      throw failure("write the audit log of", e);
    }
  }

  @Override
  public List<AuditEntry> audit(Instant since) {
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Connection c = connect(false)) {
      return read(
          c,
          "audit log",
          () ->
              SqliteAuditRows.exists(c)
                  ? SqliteAuditRows.read(c, project, since)
                  : List.<AuditEntry>of(),
          List.of());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public RecordedRun recordRun(RecordedRun run) {
    if (!Files.exists(path)) {
      throw noRegistry();
    }
    try (Connection c = connect(false)) {
      if (schemaVersion(c) == 0) {
        throw noRegistry();
      }
      return write(
          c,
          () -> {
            if (SqliteSnapshotRows.currentRevision(c, project) == 0) {
              throw noRegistry();
            }
            SqliteRunRows.create(c);
            return SqliteRunRows.insert(c, project, run);
          });
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /**
   * Appends in a transaction of its own that touches only {@code materialization_log}, as {@link
   * #recordRun} does: it waits for a commit in progress but never changes the revision.
   */
  @Override
  public void appendMaterialization(
      String view, int viewVersion, MaterializationInterval interval) {
    if (!Files.exists(path)) {
      throw noRegistry("a materialization");
    }
    try (Connection c = connect(false)) {
      if (schemaVersion(c) == 0) {
        throw noRegistry("a materialization");
      }
      write(
          c,
          () -> {
            if (SqliteSnapshotRows.currentRevision(c, project) == 0) {
              throw noRegistry("a materialization");
            }
            SqliteMaterializationRows.create(c);
            SqliteMaterializationRows.append(c, project, view, viewVersion, interval);
            return null;
          });
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  @Override
  public void clearMaterializations() {
    if (!Files.exists(path)) {
      return;
    }
    try (Connection c = connect(false)) {
      if (schemaVersion(c) == 0) {
        return;
      }
      write(
          c,
          () -> {
            SqliteMaterializationRows.clear(c, project);
            return null;
          });
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  @Override
  public List<RecordedRun> runs() {
    if (!Files.exists(path)) {
      return List.of();
    }
    try (Connection c = connect(false)) {
      return read(
          c,
          "training runs",
          () -> SqliteRunRows.exists(c) ? SqliteRunRows.all(c, project) : List.of(),
          List.of());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public Optional<RecordedRun> run(String id) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try (Connection c = connect(false)) {
      return read(
          c,
          "training runs",
          () -> SqliteRunRows.exists(c) ? SqliteRunRows.one(c, project, id) : Optional.empty(),
          Optional.empty());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  @Override
  public Lease claimLease(Lease claim, Predicate<Lease> abandoned) {
    createParent();
    try (Connection c = connect(true)) {
      schemaVersion(c);
      useWal(c);
      return write(
          c,
          () -> {
            ensureSchema(c);
            SqliteLeaseRows.create(c);
            Optional<Lease> held = SqliteLeaseRows.read(c, project, claim.name());
            if (held.isPresent()
                && !held.get().token().equals(claim.token())
                && !held.get().expiredAt(claim.since())
                && !abandoned.test(held.get())) {
              return held.get();
            }
            SqliteLeaseRows.put(c, project, claim);
            return claim;
          });
    } catch (SQLException e) {
      throw failure("claim a lease in", e);
    }
  }

  @Override
  public boolean renewLease(Lease lease, Instant until) {
    return changeLease(lease, c -> SqliteLeaseRows.renew(c, project, lease, until), "renew");
  }

  @Override
  public void releaseLease(Lease lease) {
    changeLease(
        lease,
        c -> {
          SqliteLeaseRows.delete(c, project, lease);
          return true;
        },
        "release");
  }

  /** {@code change} in a write transaction; false when there is no lease table (nothing held). */
  private boolean changeLease(Lease lease, LeaseChange change, String action) {
    if (!Files.exists(path)) {
      return false;
    }
    try (Connection c = connect(false)) {
      return write(c, () -> SqliteLeaseRows.exists(c) && change.apply(c));
    } catch (SQLException e) {
      throw failure(action + " lease " + Echo.of(lease.name()) + " in", e);
    }
  }

  /**
   * Reads every part in one read transaction, which in WAL mode sees one moment of the file: no
   * commit or append that comes during the export shows in part.
   */
  @Override
  public RegistryExport export() {
    RegistryExport empty =
        new RegistryExport(
            project, List.of(), RegistrySnapshot.empty(project), List.of(), List.of(), List.of());
    if (!Files.exists(path)) {
      return empty;
    }
    try (Connection c = connect(false)) {
      return read(
          c,
          "contents",
          () ->
              new RegistryExport(
                  project,
                  SqliteSnapshotRows.history(c, project),
                  SqliteSnapshotRows.read(c, project)
                      .orElseGet(() -> RegistrySnapshot.empty(project)),
                  SqliteMaterializationRows.all(c, project),
                  SqliteRunRows.exists(c) ? SqliteRunRows.all(c, project) : List.of(),
                  SqliteAuditRows.exists(c)
                      ? SqliteAuditRows.read(c, project, null)
                      : List.<AuditEntry>of()),
          empty);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * One {@code BEGIN IMMEDIATE} transaction, as a commit: it checks that the project holds nothing,
   * then writes the revisions, the snapshot rows, the intervals, the runs and the audit entries;
   * any refusal or failure rolls all of it back.
   */
  @Override
  public void restore(RegistryExport export) {
    if (!export.project().equals(project)) {
      throw new IllegalArgumentException(
          "an export of project "
              + Echo.of(export.project())
              + " cannot go to the store of "
              + project);
    }
    createParent();
    try (Connection c = connect(true)) {
      schemaVersion(c); // refuses another database or a newer schema before changing anything
      useWal(c);
      write(
          c,
          () -> {
            ensureSchema(c);
            SqliteRunRows.create(c);
            SqliteAuditRows.create(c);
            SqliteMaterializationRows.create(c);
            long revision = SqliteSnapshotRows.currentRevision(c, project);
            long runs = SqliteRunRows.count(c, project);
            long entries = SqliteAuditRows.count(c, project);
            if (revision > 0 || runs > 0 || entries > 0) {
              throw new RegistryNotEmptyException(location(), project, revision, runs, entries);
            }
            for (RevisionInfo r : export.revisions()) {
              SqliteSnapshotRows.insertRevision(c, project, r);
            }
            if (export.current().revision() > 0) {
              SqliteSnapshotRows.write(c, export.current());
            }
            for (RegistryExport.Materialization m : export.materializations()) {
              SqliteMaterializationRows.append(c, project, m.view(), m.viewVersion(), m.interval());
            }
            for (RecordedRun run : export.runs()) {
              SqliteRunRows.insert(c, project, run); // ids are unique and the project was empty
            }
            for (AuditEntry entry : export.audit()) {
              SqliteAuditRows.append(c, project, entry);
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  @FunctionalInterface
  private interface LeaseChange {
    boolean apply(Connection c) throws SQLException;
  }

  private NotFoundException noRegistry() {
    return noRegistry("a training run");
  }

  private NotFoundException noRegistry(String what) {
    return new NotFoundException(
        "registry not found: " + path + "; " + what + " is recorded in an applied registry",
        "Run 'larder apply' in the feature repository first");
  }

  @Override
  public void close() {
    // Each operation opens and closes its own connection; nothing stays open.
  }

  /**
   * {@code body} in one {@code BEGIN IMMEDIATE} transaction (waiting up to the busy timeout for
   * another writer), committed if it returns, rolled back if it throws.
   */
  private <T> T write(Connection c, SqlRead<T> body) throws SQLException {
    execute(c, "BEGIN IMMEDIATE");
    boolean committed = false;
    try {
      T result = body.read();
      execute(c, "COMMIT");
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rollback(c);
      }
    }
  }

  /** A read in one transaction, so that it sees one commit whole. */
  private <T> T read(Connection c, String what, SqlRead<T> body, T whenEmpty) throws SQLException {
    execute(c, "BEGIN");
    try {
      if (schemaVersion(c) == 0) {
        return whenEmpty;
      }
      try {
        return body.read();
      } catch (RuntimeException e) {
        throw damaged("its " + what + " cannot be read: " + e.getMessage(), e);
      }
    } finally {
      rollback(c);
    }
  }

  /** The stored schema version; 0 for an empty file. Refuses other databases and newer schemas. */
  private int schemaVersion(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (r.next()) {
        tables.add(r.getString(1));
      }
    }
    if (tables.isEmpty()) {
      return 0;
    }
    if (!tables.contains("larder_schema") && FeastRegistryProbe.isFeastSqlRegistry(tables)) {
      throw feastRegistry("Feast's SQL registry in SQLite", null);
    }
    if (!tables.contains("larder_schema")) {
      throw new BackendException(
          path + " is a SQLite database but not a Larder registry (its tables: " + tables + ")",
          "Point registry: in feature_store.yaml at another file, or move this one away and run"
              + " 'larder apply'");
    }
    int version;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version FROM larder_schema")) {
      version = r.next() ? r.getInt(1) : -1;
    }
    if (version > SCHEMA_VERSION) {
      throw new BackendException(
          "the registry "
              + path
              + " has schema version "
              + version
              + ", newer than this Larder reads (up to "
              + SCHEMA_VERSION
              + ")",
          "It was written by a newer Larder; upgrade Larder to use it");
    }
    if (version < 1) {
      throw damaged("its larder_schema table holds no valid version", null);
    }
    return version;
  }

  /**
   * Switches the file to WAL (a persistent setting). Switching needs the file to itself, which
   * SQLite does not wait for: when another process is committing, it already made the switch, so a
   * busy or locked answer is left to {@code BEGIN IMMEDIATE}, which does wait.
   */
  private static void useWal(Connection c) throws SQLException {
    try {
      execute(c, "PRAGMA journal_mode = WAL");
    } catch (SQLException e) {
      int code = e.getErrorCode() & 0xff;
      if (code != SQLiteErrorCode.SQLITE_BUSY.code && code != SQLiteErrorCode.SQLITE_LOCKED.code) {
        throw e;
      }
    }
  }

  private void ensureSchema(Connection c) throws SQLException {
    if (schemaVersion(c) == 0) {
      execute(c, "CREATE TABLE larder_schema (version INTEGER NOT NULL)");
      execute(c, "INSERT INTO larder_schema (version) VALUES (" + SCHEMA_VERSION + ")");
      for (String table : SqliteSnapshotRows.TABLES) {
        execute(c, table);
      }
    }
  }

  private Connection connect(boolean create) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    // SQLite's driver itself, not DriverManager, which would first load and initialise every
    // JDBC driver in the jar (DuckDB's starts a JFR memory monitor): start-up time.
    return config.createConnection("jdbc:sqlite:" + path);
  }

  private void createParent() {
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new BackendException(
          "cannot create the registry's folder " + path.getParent() + ": " + e.getMessage(),
          null,
          e);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Ends the open transaction without writing; a failure here leaves it to the close. */
  private static void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // Closing the connection, which follows, ends the transaction as well.
    }
  }

  /** The error for a registry path that holds Feast's registry ({@code what}) instead. */
  private InvalidDefinitionException feastRegistry(String what, Throwable cause) {
    return new InvalidDefinitionException(
        "the registry " + path + " is a Feast registry (" + what + "), not a Larder registry",
        "Larder keeps its own registry. Write a Larder repository from Feast's with 'larder"
            + " import feast "
            + path
            + " --out DIR', then run 'larder apply' in DIR",
        cause);
  }

  private BackendException damaged(String detail, Throwable cause) {
    return new BackendException(
        "the registry " + path + " is damaged: " + detail,
        "Restore it from a backup, or move it away and run 'larder apply' to start a new one"
            + " (the version history is lost)",
        cause);
  }

  private LarderException failure(String action, SQLException e) {
    if (e instanceof SQLiteException s) {
      SQLiteErrorCode code = s.getResultCode();
      if (code == SQLiteErrorCode.SQLITE_NOTADB && FeastRegistryProbe.isFeastRegistry(path)) {
        return feastRegistry("a serialized feast.core.Registry", e);
      }
      if (code == SQLiteErrorCode.SQLITE_NOTADB) {
        return new BackendException(
            "the registry " + path + " is not a SQLite database",
            "Point registry: in feature_store.yaml at the right file, or move this one away and"
                + " run 'larder apply'",
            e);
      }
      if (code == SQLiteErrorCode.SQLITE_CORRUPT) {
        return damaged(e.getMessage(), e);
      }
      if (code == SQLiteErrorCode.SQLITE_BUSY) {
        return new BackendException(
            "the registry "
                + path
                + " stayed locked by another process for over "
                + BUSY_TIMEOUT_MILLIS / 1000
                + " seconds",
            "Wait for the other 'larder' command to finish, then try again",
            e);
      }
    }
    return new BackendException(
        "cannot " + action + " the registry " + path + ": " + e.getMessage(), null, e);
  }

  /** Work on the database that may fail with a SQL error. */
  @FunctionalInterface
  private interface SqlRead<T> {
    T read() throws SQLException;
  }
}
