package dev.larder.postgres;

import dev.larder.core.BackendException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The registry's tables and their versioned migrations. Each migration is a list of statements run
 * in one transaction together with the row that records it in {@code larder_schema_migrations}
 * (PostgreSQL's DDL is transactional, so a migration is applied whole or not at all). The store
 * calls {@link #migrate} before its first statement: when the schema is current that is one read;
 * otherwise the missing migrations run under a transaction-scoped advisory lock, so that of several
 * processes starting at once one migrates and the others find it done. A schema newer than this
 * code is refused, naming both versions.
 *
 * <p>Every table is keyed by project, so several projects share one database (and one schema):
 *
 * <pre>
 * larder_schema_migrations (version, description, applied_at, applied_by)
 * larder_revisions        (project, revision, committed_at, committed_by, summary)   -- history
 * larder_objects          (project, position, kind, name, definition, created, last_updated)
 * larder_view_versions    (project, view, version, definition, sha256, applied_at, applied_by,
 *                          revision, origin, changes)
 * larder_materializations (position, project, view, view_version, start_ts, end_ts, recorded_at)
 * larder_runs             (project, position, id, recorded_at, recorded_by, run, report)
 * larder_audit            (seq, project, at, user_name, roles, action, objects, outcome, detail)
 * larder_leases           (project, name, token, holder, host, pid, since, expires)
 * </pre>
 *
 * Definitions and runs are stored in the same JSON text as in the SQLite registry ({@code
 * DefinitionJson}, {@code VersionedDefinition}, {@code RecordedRunJson}); instants of the snapshot
 * as ISO-8601 UTC text, so that they read back to the nanosecond; the audit log's and the leases'
 * times (milliseconds by contract) as {@code timestamptz}.
 */
final class PostgresSchema {
  /** A migration: the schema version it makes, what it does, its statements. */
  record Migration(int version, String description, List<String> statements) {}

  /** The migrations, in order; their versions are 1, 2, … without a gap. */
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "the registry's tables",
              List.of(
                  "CREATE TABLE larder_revisions (project TEXT NOT NULL,"
                      + " revision BIGINT NOT NULL CHECK (revision > 0),"
                      + " committed_at TEXT NOT NULL, committed_by TEXT NOT NULL,"
                      + " summary TEXT NOT NULL, PRIMARY KEY (project, revision))",
                  "CREATE TABLE larder_objects (project TEXT NOT NULL, position INTEGER NOT NULL,"
                      + " kind TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,"
                      + " created TEXT NOT NULL, last_updated TEXT NOT NULL,"
                      + " PRIMARY KEY (project, kind, name))",
                  "CREATE TABLE larder_view_versions (project TEXT NOT NULL, view TEXT NOT NULL,"
                      + " version INTEGER NOT NULL, definition TEXT NOT NULL,"
                      + " sha256 TEXT NOT NULL, applied_at TEXT NOT NULL,"
                      + " applied_by TEXT NOT NULL, revision BIGINT NOT NULL,"
                      + " origin TEXT NOT NULL, changes TEXT NOT NULL,"
                      + " PRIMARY KEY (project, view, version))",
                  "CREATE TABLE larder_materializations ("
                      + "position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                      + " project TEXT NOT NULL, view TEXT NOT NULL,"
                      + " view_version INTEGER NOT NULL, start_ts TEXT NOT NULL,"
                      + " end_ts TEXT NOT NULL, recorded_at TEXT NOT NULL)",
                  "CREATE INDEX larder_materializations_by_project"
                      + " ON larder_materializations (project, position)",
                  "CREATE TABLE larder_runs (project TEXT NOT NULL, position BIGINT NOT NULL,"
                      + " id TEXT NOT NULL, recorded_at TEXT NOT NULL,"
                      + " recorded_by TEXT NOT NULL, run TEXT NOT NULL,"
                      + " PRIMARY KEY (project, id), UNIQUE (project, position))",
                  "CREATE TABLE larder_audit (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                      + " project TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,"
                      + " user_name TEXT NOT NULL, roles TEXT[] NOT NULL, action TEXT NOT NULL,"
                      + " objects TEXT[] NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL)",
                  "CREATE INDEX larder_audit_by_time ON larder_audit (project, at)",
                  "CREATE TABLE larder_leases (project TEXT NOT NULL, name TEXT NOT NULL,"
                      + " token TEXT NOT NULL, holder TEXT NOT NULL, host TEXT NOT NULL,"
                      + " pid BIGINT NOT NULL, since TIMESTAMPTZ NOT NULL,"
                      + " expires TIMESTAMPTZ NOT NULL, PRIMARY KEY (project, name))")),
          new Migration(
              2,
              "training run reports",
              List.of("ALTER TABLE larder_runs ADD COLUMN report TEXT")));

  /** The schema version this code reads and writes: the last migration's. */
  static final int VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  /** The advisory lock that migrations hold, the same in every process and every schema. */
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

  private static final String LOCK_NAME = "larder registry schema migrations";

  private PostgresSchema() {}

  /**
   * Brings the schema that {@code c}'s search path names up to {@link #VERSION}: one read when it
   * is current; otherwise, under the advisory lock, the missing migrations. Creates {@code schema}
   * (the URL's {@code currentSchema}) first when it is named and missing. Leaves {@code c} in
   * auto-commit.
   *
   * @param location the registry's URL without secrets, for errors
   * @return the version the schema was at before, 0 for a new one
   * @throws BackendException when the schema is newer than this code
   */
  static int migrate(Connection c, String schema, String location) throws SQLException {
    int found = version(c);
    if (found == VERSION) {
      return found;
    }
    refuseNewer(found, location);
    c.setAutoCommit(false);
    try {
      try (PreparedStatement s = c.prepareStatement(LOCK)) {
        s.setString(1, LOCK_NAME);
        s.execute();
      }
      if (schema != null && !schemaExists(c, schema)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS larder_schema_migrations (version INTEGER PRIMARY KEY,"
                + " description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                + " applied_by TEXT NOT NULL DEFAULT current_user)");
      }
      int before = version(c); // another process may have migrated while this one waited
      refuseNewer(before, location);
      for (Migration m : MIGRATIONS) {
        if (m.version() > before) {
          apply(c, m);
        }
      }
      c.commit();
      return before;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void apply(Connection c, Migration m) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : m.statements()) {
        s.execute(sql);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_schema_migrations (version, description) VALUES (?, ?)")) {
      s.setInt(1, m.version());
      s.setString(2, m.description());
      s.executeUpdate();
    }
  }

  private static boolean schemaExists(Connection c, String schema) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The schema's version: the greatest recorded migration, 0 when there is no table. */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT to_regclass('larder_schema_migrations') IS NOT NULL")) {
      r.next();
      if (!r.getBoolean(1)) {
        return 0;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM larder_schema_migrations")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static void refuseNewer(int found, String location) {
    if (found > VERSION) {
      throw new BackendException(
          "the registry "
              + location
              + " has schema version "
              + found
              + ", newer than this Larder understands (up to version "
              + VERSION
              + ")",
          "A newer Larder migrated it; upgrade Larder to a version that reads schema version "
              + found
              + " (every process sharing the registry needs it)");
    }
  }

  /** {@code name} as a quoted SQL identifier. */
  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
