package dev.larder.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.FaultPoint;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.Lease;
import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistryNotEmptyException;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.RevisionConflictException;
import dev.larder.core.registry.RevisionInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * The registry in a PostgreSQL database (registry type {@code sql}, DESIGN B9), shared by every
 * process and host that names it; several projects share one database, each row keyed by project.
 * Tables and migrations: {@link PostgresSchema}, created by the first use.
 *
 * <p>A commit is one transaction that first appends its revision to {@code larder_revisions}: the
 * primary key {@code (project, revision)} makes a second commit of the same revision wait for the
 * first and then fail (SQL state 23505), which is reported as a {@link RevisionConflictException};
 * then it replaces the project's snapshot rows and sends a notice ({@code pg_notify}, delivered
 * only if the transaction commits: {@link PostgresChangeNotices}). Reads run in one repeatable-read
 * transaction, so they see one commit whole. Runs, intervals, audit entries and leases are rows of
 * their own tables, written in their own short transactions that never touch {@code
 * larder_revisions}, so they never make a commit conflict; run ids and lease claims are decided
 * under transaction-scoped advisory locks.
 *
 * <p>A restore ({@link #restore}) writes every table of the project in one transaction that first
 * checks that the project holds nothing. So that no commit, run or audit entry lands between that
 * check and the restore's own commit, every write of a project's contents (commit, run, interval,
 * audit entry) holds the project's contents lock, an advisory lock, shared (writes never wait for
 * each other on it), and a restore holds it exclusively: a write already under way finishes before
 * the restore checks, and one that starts later waits for the restore to end and then finds what it
 * wrote. Leases do not take it (a restore neither writes nor considers them).
 *
 * <p>Connections come from a small pool ({@value #POOL_SIZE}, shared by the stores of one JVM on
 * the same database: {@link PostgresPools}) opened on first use, with a connect timeout of {@link
 * #CONNECT_TIMEOUT} and a statement timeout of {@link #STATEMENT_TIMEOUT}. When PostgreSQL cannot
 * be reached, the database does not exist or the user is refused, the error is a {@link
 * BackendException} naming the URL without its password and the fix.
 *
 * <p>When PostgreSQL goes away while the store is open (stopped, restarted, hung, cut off by the
 * network), every operation fails within a bounded time instead of waiting for the statement
 * timeout, and the same store works again once PostgreSQL is back: the pool checks a connection
 * that was idle for more than half a second before handing it out ({@link #VALIDATION_TIMEOUT}),
 * drops the broken ones and makes new ones. What an operation waits for:
 *
 * <ul>
 *   <li>a pooled connection: at most {@link #CONNECT_TIMEOUT}, and no longer than one {@link
 *       #PROBE_TIMEOUT} once the pool's last attempt to connect failed (PostgreSQL refused it or
 *       did not answer within the connect timeout) or an operation of this store got no connection;
 *       an operation that starts within a {@link #PROBE_TIMEOUT} of such a failure fails at once
 *       with it. So while PostgreSQL is known to be away each operation fails at once or within
 *       about a second, and once it is back the next operation that tries (a second after the last
 *       failure at most) gets a connection;
 *   <li>PostgreSQL's answers (the driver's network timeout, which ends a connection that fell
 *       silent: statements themselves are bounded by PostgreSQL's {@code statement_timeout}): the
 *       revision probe {@link #currentRevision()} {@link #PROBE_TIMEOUT} in all, for servers that
 *       ask it every second and must not hang on it; reads {@link #READ_TIMEOUT}, since they take
 *       no lock that a writer holds long; writes {@link #WRITE_TIMEOUT}, longer than the statement
 *       timeout, since a commit may rightly wait for a lock (a restore's) and PostgreSQL's own
 *       timeout then answers first.
 * </ul>
 */
public final class PostgresRegistryStore implements RegistryStore {
  /**
   * How long to wait for a new connection, TCP connect and login together (the driver's {@code
   * connectTimeout} and {@code loginTimeout}), and the longest an operation waits for a pooled
   * connection: long enough for two lost SYNs (retried after 1 s and 3 s) or a slow TLS login,
   * short enough that a command fails while its user still waits for it.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The revision probe's whole budget, for a pooled connection and for its answer; also one wait of
   * the pool ({@code connectionTimeout}) and the bound of its check of an idle connection. One
   * indexed row is read in well under a millisecond; a PostgreSQL that takes a second over it is
   * not fit to serve, and a server keeps its cached registry meanwhile. A health check every second
   * then says within two seconds that PostgreSQL is away.
   */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long a pooled connection that was idle may take to answer the pool's check ({@code
   * isValid}) before it is dropped as broken.
   */
  static final Duration VALIDATION_TIMEOUT = PROBE_TIMEOUT;

  /**
   * How long a read may wait for PostgreSQL to send anything: reads are a project's rows by key in
   * a read-only transaction, which waits for no writer's lock (only a migration's, once), so ten
   * silent seconds mean a hung server or a cut network, not a slow query.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** The longest one statement may run (PostgreSQL's {@code statement_timeout}). */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long a write may wait for PostgreSQL to send anything (the driver's {@code socketTimeout}):
   * past the statement timeout, whose error PostgreSQL sends at once, so that only a PostgreSQL
   * that fell silent ends here.
   */
  static final Duration WRITE_TIMEOUT = STATEMENT_TIMEOUT.plusSeconds(5);

  /** Connections per store: a server's concurrent registry reads are few and short. */
  static final int POOL_SIZE = 4;

  /** The notice channel of commits, one per database ({@link PostgresNotice}). */
  static final String CHANNEL = "larder_registry";

  private final PostgresUrl url;
  private final String project;
  private final PostgresFailures failures;
  private final PostgresChangeNotices notices;
  private final Object poolLock = new Object();
  private HikariDataSource pool;
  private volatile boolean migrated;

  /**
   * Set when an operation got no connection (PostgreSQL refused it, did not answer, or the pool
   * stayed busy) or its connection broke under it, cleared when one gets a connection again.
   * Meanwhile an operation waits for a connection only {@link #PROBE_TIMEOUT}, and one that starts
   * within {@link #PROBE_TIMEOUT} of a failure to get a connection fails at once with it (the audit
   * entry of a failed command, a burst of requests: none waits again for what just failed).
   */
  private volatile Unreachable unreachable;

  /**
   * @param failFast whether operations in the next {@link #PROBE_TIMEOUT} fail at once: when no
   *     connection came, not when one broke (PostgreSQL may well give the next at once)
   */
  private record Unreachable(long since, SQLException failure, boolean failFast) {}

  private boolean closed;

  /**
   * The store of {@code project} in the database {@code url} names; connects on first use.
   *
   * @param pollInterval how often a cache asks for the revision while notices are down ({@code
   *     cache_ttl_seconds})
   */
  PostgresRegistryStore(PostgresUrl url, String project, Duration pollInterval) {
    this.url = Objects.requireNonNull(url, "url");
    this.project = Objects.requireNonNull(project, "project");
    this.failures = new PostgresFailures(url);
    this.notices =
        new PostgresChangeNotices(
            url,
            project,
            () -> connectionProperties(PostgresChangeNotices.SILENCE_TIMEOUT),
            this::schema,
            pollInterval);
  }

  /** A store whose caches ask every {@link PostgresRegistryStoreFactory#DEFAULT_CACHE_TTL}. */
  PostgresRegistryStore(PostgresUrl url, String project) {
    this(url, project, PostgresRegistryStoreFactory.DEFAULT_CACHE_TTL);
  }

  @Override
  public String location() {
    return url + " (project " + project + ")";
  }

  /** Besides the default, {@link dev.larder.core.registry.RegistryChangeNotices}. */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (type.isInstance(this)) {
      return Optional.of(type.cast(this));
    }
    return type.isInstance(notices) ? Optional.of(type.cast(notices)) : Optional.empty();
  }

  @Override
  public Optional<RegistrySnapshot> load() {
    return reading("read", c -> PostgresSnapshotRows.read(c, project));
  }

  @Override
  public long currentRevision() {
    return work("read", Budget.PROBE, c -> PostgresSnapshotRows.currentRevision(c, project));
  }

  @Override
  public List<RevisionInfo> history() {
    return reading("read", c -> PostgresSnapshotRows.history(c, project));
  }

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
    writing(
        "commit to",
        c -> {
          lockContents(c, false);
          long current = PostgresSnapshotRows.currentRevision(c, project);
          if (current > expectedRevision) {
            throw new RevisionConflictException(expectedRevision, current, location(), null);
          }
          if (current < expectedRevision) {
            throw new IllegalArgumentException(
                "revision " + next.revision() + " does not follow revision " + current);
          }
          try {
            PostgresSnapshotRows.appendRevision(c, next);
          } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
              throw e;
            }
            c.rollback();
            throw new RevisionConflictException(
                expectedRevision, PostgresSnapshotRows.currentRevision(c, project), location(), e);
          }
          PostgresSnapshotRows.write(c, next);
          PostgresMaterializationRows.dropUndefined(c, next);
          notify(c, next.revision());
          FaultPoint.REGISTRY_BEFORE_COMMIT.reach();
          return null;
        });
    FaultPoint.REGISTRY_AFTER_COMMIT.reach();
  }

  /** Tells listeners of the commit, when (and only if) its transaction commits. */
  private void notify(Connection c, long revision) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_notify(?, json_build_object('schema', current_schema(),"
                + " 'project', CAST(? AS text), 'revision', CAST(? AS bigint))::text)")) {
      s.setString(1, CHANNEL);
      s.setString(2, project);
      s.setLong(3, revision);
      s.execute();
    }
  }

  @Override
  public RecordedRun recordRun(RecordedRun run) {
    return writing(
        "record a run in",
        c -> {
          lockContents(c, false);
          lock(c, "runs", "");
          if (PostgresSnapshotRows.currentRevision(c, project) == 0) {
            throw noRegistry("a training run");
          }
          return PostgresRunRows.insert(c, project, run);
        });
  }

  @Override
  public List<RecordedRun> runs() {
    return work("read", Budget.READ, c -> PostgresRunRows.all(c, project));
  }

  @Override
  public Optional<RecordedRun> run(String id) {
    return work("read", Budget.READ, c -> PostgresRunRows.one(c, project, id));
  }

  @Override
  public void appendMaterialization(
      String view, int viewVersion, MaterializationInterval interval) {
    writing(
        "record a materialization in",
        c -> {
          lockContents(c, false);
          if (PostgresSnapshotRows.currentRevision(c, project) == 0) {
            throw noRegistry("a materialization");
          }
          PostgresMaterializationRows.append(c, project, view, viewVersion, interval);
          return null;
        });
  }

  @Override
  public void clearMaterializations() {
    writing(
        "write",
        c -> {
          lockContents(c, false);
          PostgresMaterializationRows.clear(c, project);
          return null;
        });
  }

  @Override
  public void appendAudit(AuditEntry entry) {
    writing(
        "write the audit log of",
        c -> {
          lockContents(c, false);
          PostgresAuditRows.append(c, project, entry);
          return null;
        });
  }

  @Override
  public List<AuditEntry> audit(Instant since) {
    return work(
        "read the audit log of", Budget.READ, c -> PostgresAuditRows.read(c, project, since));
  }

  @Override
  public Lease claimLease(Lease claim, Predicate<Lease> abandoned) {
    return writing(
        "claim a lease in",
        c -> {
          lock(c, "lease", claim.name());
          Optional<Lease> held = PostgresLeaseRows.read(c, project, claim.name());
          if (held.isPresent()
              && !held.get().token().equals(claim.token())
              && !held.get().expiredAt(claim.since())
              && !abandoned.test(held.get())) {
            return held.get();
          }
          PostgresLeaseRows.put(c, project, claim);
          return claim;
        });
  }

  @Override
  public boolean renewLease(Lease lease, Instant until) {
    return work(
        "renew lease " + Echo.of(lease.name()) + " in",
        Budget.WRITE,
        c -> PostgresLeaseRows.renew(c, project, lease, until));
  }

  @Override
  public void releaseLease(Lease lease) {
    work(
        "release lease " + Echo.of(lease.name()) + " in",
        Budget.WRITE,
        c -> {
          PostgresLeaseRows.delete(c, project, lease);
          return null;
        });
  }

  /** Reads every table of the project in one repeatable-read transaction: one moment of it. */
  @Override
  public RegistryExport export() {
    return reading(
        "read",
        c ->
            new RegistryExport(
                project,
                PostgresSnapshotRows.history(c, project),
                PostgresSnapshotRows.read(c, project)
                    .orElseGet(() -> RegistrySnapshot.empty(project)),
                PostgresMaterializationRows.all(c, project),
                PostgresRunRows.all(c, project),
                PostgresAuditRows.read(c, project, null)));
  }

  /**
   * One transaction under the project's contents lock held exclusively (see the class comment): it
   * checks that the project holds no revision, run or audit entry, then writes the revisions, the
   * snapshot rows, the intervals, the runs and the audit entries, and sends the notice of the last
   * revision (delivered only if the transaction commits); any refusal or failure rolls all of it
   * back.
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
    writing(
        "write",
        c -> {
          lockContents(c, true);
          long revision = PostgresSnapshotRows.currentRevision(c, project);
          long runs = PostgresRunRows.count(c, project);
          long entries = PostgresAuditRows.count(c, project);
          if (revision > 0 || runs > 0 || entries > 0) {
            throw new RegistryNotEmptyException(location(), project, revision, runs, entries);
          }
          PostgresSnapshotRows.insertRevisions(c, project, export.revisions());
          if (export.current().revision() > 0) {
            PostgresSnapshotRows.write(c, export.current());
          }
          PostgresMaterializationRows.appendAll(c, project, export.materializations());
          PostgresRunRows.insertAll(c, project, export.runs());
          PostgresAuditRows.appendAll(c, project, export.audit());
          if (export.current().revision() > 0) {
            notify(c, export.current().revision());
          }
          return null;
        });
  }

  /**
   * Holds, until the transaction ends, the project's contents lock: shared by the writes of
   * commits, runs, intervals and audit entries, exclusive for a restore (see the class comment).
   */
  private void lockContents(Connection c, boolean exclusive) throws SQLException {
    lock(c, exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared", "contents", "");
  }

  /**
   * Holds, until the transaction ends, the advisory lock of {@code kind} ({@code runs}, {@code
   * lease}) and {@code name} in this schema and project.
   */
  private void lock(Connection c, String kind, String name) throws SQLException {
    lock(c, "pg_advisory_xact_lock", kind, name);
  }

  /** {@code function} (an advisory lock function) of the lock of {@code kind} and {@code name}. */
  private void lock(Connection c, String function, String kind, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + function
                + "(hashtextextended(concat_ws(chr(31), 'larder', current_schema(),"
                + " CAST(? AS text), CAST(? AS text), CAST(? AS text)), 0))")) {
      s.setString(1, project);
      s.setString(2, kind);
      s.setString(3, name);
      s.execute();
    }
  }

  private NotFoundException noRegistry(String what) {
    return new NotFoundException(
        "registry not found: "
            + location()
            + " has no revision of the project; "
            + what
            + " is recorded in an applied registry",
        "Run 'larder apply' in the feature repository first");
  }

  @Override
  public void close() {
    notices.close();
    synchronized (poolLock) {
      closed = true;
      if (pool != null) {
        PostgresPools.release(pool);
        pool = null;
      }
    }
  }

  // ---- connections and transactions -------------------------------------------------------

  /** Work on the database that may fail with a SQL error. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * How long an operation waits for a pooled connection and then for PostgreSQL's answers (see the
   * class comment).
   */
  private enum Budget {
    PROBE(PROBE_TIMEOUT, PROBE_TIMEOUT),
    READ(CONNECT_TIMEOUT, READ_TIMEOUT),
    WRITE(CONNECT_TIMEOUT, WRITE_TIMEOUT);

    final Duration connectionWait;
    final Duration answerWait;

    Budget(Duration connectionWait, Duration answerWait) {
      this.connectionWait = connectionWait;
      this.answerWait = answerWait;
    }
  }

  /** {@code work} in auto-commit: one statement, or several that need not see one commit. */
  private <T> T work(String action, Budget budget, SqlWork<T> work) {
    try (Connection c = connection(budget)) {
      return work.run(c);
    } catch (SQLException e) {
      if (unreachable == null && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        // The connection broke under the statement (PostgreSQL stopped, restarted, or the network
        // went): the next operations wait a short time for a new one, but do try.
        unreachable = new Unreachable(System.nanoTime(), e, false);
      }
      throw failures.of(action, e);
    }
  }

  /** {@code work} in one read-only repeatable-read transaction: it sees one commit whole. */
  private <T> T reading(String action, SqlWork<T> work) {
    return work(
        action,
        Budget.READ,
        c -> {
          c.setAutoCommit(false);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
          try {
            return damagedIfUnreadable(work, c);
          } finally {
            rollbackQuietly(c); // a read-only transaction: nothing to lose, and a failure
            // (the connection broke) must not hide the read's own error
          }
        });
  }

  /** {@code work} in one read-committed transaction, committed if it returns. */
  private <T> T writing(String action, SqlWork<T> work) {
    return work(
        action,
        Budget.WRITE,
        c -> {
          c.setAutoCommit(false);
          boolean committed = false;
          try {
            T result = work.run(c);
            c.commit();
            committed = true;
            return result;
          } finally {
            if (!committed) {
              rollbackQuietly(c);
            }
          }
        });
  }

  /** Rows that do not read back (JSON of another shape, say) are a damaged registry. */
  private <T> T damagedIfUnreadable(SqlWork<T> work, Connection c) throws SQLException {
    try {
      return work.run(c);
    } catch (LarderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendException(
          "the registry " + location() + " is damaged: its rows cannot be read: " + e.getMessage(),
          "Restore the database from a backup; the rows of other projects are not affected",
          e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The pool discards a connection whose rollback failed; the transaction ends with it.
    }
  }

  /**
   * A pooled connection to a schema at {@link PostgresSchema#VERSION}, within {@code budget}'s wait
   * for one, answering within its wait for answers (the pool restores the usual timeout when the
   * connection comes back).
   */
  private Connection connection(Budget budget) throws SQLException {
    Unreachable known = unreachable;
    if (known != null
        && known.failFast()
        && System.nanoTime() - known.since() < PROBE_TIMEOUT.toNanos()) {
      throw known.failure();
    }
    Connection c;
    try {
      c = borrow(pool(), known != null ? PROBE_TIMEOUT : budget.connectionWait);
    } catch (SQLException e) {
      unreachable = new Unreachable(System.nanoTime(), e, true);
      throw e;
    }
    unreachable = null;
    try {
      if (!migrated) {
        PostgresSchema.migrate(c, url.schema(), url.toString());
        migrated = true;
      }
      if (budget != Budget.WRITE) { // writes keep the connection's own socketTimeout
        c.setNetworkTimeout(Runnable::run, (int) budget.answerWait.toMillis());
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * A connection of {@code pool}, waiting at most {@code wait} in waits of the pool's own {@link
   * #PROBE_TIMEOUT}; after a wait that ended with the pool's last attempt to connect having failed
   * (PostgreSQL refused it, or did not answer within the connect timeout), it fails at once with
   * that attempt's error instead of waiting on.
   */
  private Connection borrow(HikariDataSource pool, Duration wait) throws SQLException {
    long began = System.nanoTime();
    while (true) {
      try {
        return pool.getConnection();
      } catch (SQLTransientConnectionException e) {
        long waited = System.nanoTime() - began;
        if (e.getCause() != null) {
          throw e;
        }
        if (waited + PROBE_TIMEOUT.toNanos() / 2 >= wait.toNanos()) {
          throw noConnection(pool, Duration.ofNanos(waited), e);
        }
      }
    }
  }

  /** Why no connection came within {@code waited}, when the pool has no failure to tell. */
  private SQLException noConnection(HikariDataSource pool, Duration waited, SQLException timeout) {
    var stats = pool.getHikariPoolMXBean();
    String seconds = String.format(java.util.Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0);
    if (stats != null && stats.getActiveConnections() >= POOL_SIZE) {
      return new SQLException(
          "all "
              + POOL_SIZE
              + " connections of this process to PostgreSQL stayed busy for "
              + seconds,
          null,
          timeout);
    }
    return new SQLException("no connection within " + seconds, "08001", timeout);
  }

  private HikariDataSource pool() throws SQLException {
    synchronized (poolLock) {
      if (closed) {
        throw new IllegalStateException("the registry store of " + location() + " is closed");
      }
      if (pool == null) {
        Properties properties = connectionProperties();
        pool = PostgresPools.acquire(url.jdbcUrl(), properties, () -> poolConfig(properties));
      }
      return pool;
    }
  }

  private HikariConfig poolConfig(Properties properties) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("larder-registry");
    config.setJdbcUrl(url.jdbcUrl());
    config.setDataSourceProperties(properties);
    config.setMaximumPoolSize(POOL_SIZE);
    // No connection kept idle for its own sake: the pool connects when an operation asks, and
    // keeps what it made for ten minutes (idleTimeout). So while PostgreSQL is away the pool tries
    // to connect only while an operation waits, its pause between attempts starts again at 10 ms
    // for each new wait (it grows to 5 s within one), and the first operation after PostgreSQL is
    // back connects at once; with a connection kept idle, the pool would go on trying every 5 s by
    // itself and make the first operations after the return wait for its next attempt.
    config.setMinimumIdle(0);
    // One wait of the pool; an operation waits several (borrow).
    config.setConnectionTimeout(PROBE_TIMEOUT.toMillis());
    config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    config.setConnectionInitSql(
        "SET statement_timeout = "
            + STATEMENT_TIMEOUT.toMillis()
            + "; SET idle_in_transaction_session_timeout = "
            + 2 * STATEMENT_TIMEOUT.toMillis());
    // PostgresPools has connected once already: the pool starts without trying (it would wait a
    // second after a failure).
    config.setInitializationFailTimeout(-1);
    return config;
  }

  /**
   * The driver's properties of every connection (the pool's and the notices'): user and secrets,
   * and timeouts unless the URL sets its own.
   */
  private Properties connectionProperties() {
    return connectionProperties(WRITE_TIMEOUT);
  }

  /**
   * The driver's properties with {@code socketTimeout} (how long the connection may wait for
   * PostgreSQL to send anything) {@code silence}. TCP keep-alive stays on for the firewalls that
   * drop idle connections; with the system's default times it would notice a dead peer only after
   * hours, so the timeouts here are what end a wait on one.
   */
  private Properties connectionProperties(Duration silence) {
    return url.properties(
        Map.of(
            "connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()),
            "loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()),
            "socketTimeout", Long.toString(silence.toSeconds()),
            "tcpKeepAlive", "true",
            "ApplicationName", "larder"));
  }

  /** The schema the search path names, made on first use if missing: the notices' filter. */
  private String schema() {
    return work(
        "read",
        Budget.READ,
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT current_schema()");
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
          }
        });
  }

  /** The backend pid of the notice connection, -1 while it is down: for tests. */
  long noticeBackendPid() {
    return notices.backendPid();
  }
}
