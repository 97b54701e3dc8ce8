package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The tables of schema version 1 of the SQLite registry and the mapping of a {@link
 * RegistrySnapshot} to their rows. Materialization intervals are not among them any more: see
 * {@link SqliteMaterializationRows} (the table {@code materialization_intervals} stays in the
 * schema, read for registries written before). Definitions are stored as their {@code
 * DefinitionJson} text, times as ISO-8601 UTC text. Each commit replaces the project's rows in the
 * snapshot tables and appends one row to {@code registry_revisions}, whose primary key {@code
 * (project, revision)} admits each revision once; the current revision is the greatest there.
 */
final class SqliteSnapshotRows {
  /** The tables, created together in the transaction of the first commit. */
  static final List<String> TABLES =
      List.of(
          "CREATE TABLE registry_revisions (project TEXT NOT NULL, revision INTEGER NOT NULL,"
              + " committed_at TEXT NOT NULL, committed_by TEXT NOT NULL, summary TEXT NOT NULL,"
              + " PRIMARY KEY (project, revision))",
          "CREATE TABLE registry_objects (project TEXT NOT NULL, position INTEGER NOT NULL,"
              + " kind TEXT NOT NULL, name TEXT NOT NULL, definition TEXT NOT NULL,"
              + " created TEXT NOT NULL, last_updated TEXT NOT NULL,"
              + " PRIMARY KEY (project, kind, name))",
          "CREATE TABLE feature_view_versions (project TEXT NOT NULL, view TEXT NOT NULL,"
              + " version INTEGER NOT NULL, definition TEXT NOT NULL, sha256 TEXT NOT NULL,"
              + " applied_at TEXT NOT NULL, applied_by TEXT NOT NULL, revision INTEGER NOT NULL,"
              + " origin TEXT NOT NULL, changes TEXT NOT NULL, PRIMARY KEY (project, view, version))",
          "CREATE TABLE materialization_intervals (project TEXT NOT NULL, view TEXT NOT NULL,"
              + " position INTEGER NOT NULL, start_ts TEXT NOT NULL, end_ts TEXT NOT NULL,"
              + " recorded_at TEXT NOT NULL, PRIMARY KEY (project, view, position))");

  private static final List<String> SNAPSHOT_TABLES =
      List.of("registry_objects", "feature_view_versions");

  private SqliteSnapshotRows() {}

  /** The project's current revision: 0 when it has none. */
  static long currentRevision(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT MAX(revision) FROM registry_revisions WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /** The project's revisions, oldest first. */
  static List<RevisionInfo> history(Connection c, String project) throws SQLException {
    List<RevisionInfo> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT revision, committed_at, committed_by, summary FROM registry_revisions"
                + " WHERE project = ? ORDER BY revision")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new RevisionInfo(
                  r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4)));
        }
      }
    }
    return out;
  }

  /** The project's current snapshot, or empty when it has no revision. */
  static Optional<RegistrySnapshot> read(Connection c, String project) throws SQLException {
    List<RevisionInfo> revisions = history(c, project);
    if (revisions.isEmpty()) {
      return Optional.empty();
    }
    RegistrySnapshot.Builder b =
        RegistrySnapshot.builder(project).lastCommit(revisions.get(revisions.size() - 1));
    RepoDefinitions.Builder definitions = RepoDefinitions.builder();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT kind, name, definition, created, last_updated FROM registry_objects"
                + " WHERE project = ? ORDER BY position")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Definition d = DefinitionJson.read(r.getString(3));
          if (!d.kind().name().toLowerCase(Locale.ROOT).equals(r.getString(1))
              || !d.name().equals(r.getString(2))) {
            throw new IllegalStateException(
                "the row of "
                    + r.getString(1)
                    + " "
                    + Echo.of(r.getString(2))
                    + " holds "
                    + d.label());
          }
          definitions.add(d);
          b.metadata(
              d.kind(),
              d.name(),
              new ObjectMetadata(Instant.parse(r.getString(4)), Instant.parse(r.getString(5))));
        }
      }
    }
    b.definitions(definitions.freeze());
    readVersions(c, project, b);
    SqliteMaterializationRows.read(c, project, b);
    return Optional.of(b.freeze());
  }

  private static void readVersions(Connection c, String project, RegistrySnapshot.Builder b)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT view, version, definition, sha256, applied_at, applied_by, revision, origin,"
                + " changes FROM feature_view_versions WHERE project = ? ORDER BY view, version")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          b.version(
              new FeatureViewVersion(
                  r.getString(1),
                  r.getInt(2),
                  VersionedDefinition.parse(r.getString(3)),
                  r.getString(4),
                  Instant.parse(r.getString(5)),
                  r.getString(6),
                  r.getLong(7),
                  VersionOrigin.parse(r.getString(8)),
                  FieldChanges.fromJson(r.getString(9))));
        }
      }
    }
  }

  /**
   * Replaces the project's snapshot rows with {@code next}; {@link #appendRevision} records its
   * revision.
   */
  static void write(Connection c, RegistrySnapshot next) throws SQLException {
    String project = next.project();
    for (String table : SNAPSHOT_TABLES) {
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM " + table + " WHERE project = ?")) {
        s.setString(1, project);
        s.executeUpdate();
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO registry_objects (project, position, kind, name, definition, created,"
                + " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (Definition d : next.definitions().all()) {
        ObjectMetadata meta = next.metadata(d);
        s.setString(1, project);
        s.setInt(2, position++);
        s.setString(3, d.kind().name().toLowerCase(Locale.ROOT));
        s.setString(4, d.name());
        s.setString(5, DefinitionJson.write(d));
        s.setString(6, IsoTimes.format(meta.created()));
        s.setString(7, IsoTimes.format(meta.lastUpdated()));
        s.addBatch();
      }
      s.executeBatch();
    }
    writeVersions(c, next);
  }

  /**
   * Appends the revision of {@code next} to {@code registry_revisions}; false, writing nothing,
   * when the project already has that revision (its primary key refuses it: another commit came
   * first).
   */
  static boolean appendRevision(Connection c, RegistrySnapshot next) throws SQLException {
    try {
      insertRevision(c, next.project(), next.lastCommit().orElseThrow());
      return true;
    } catch (SQLiteException e) {
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
        return false;
      }
      throw e;
    }
  }

  /** Inserts one row of {@code registry_revisions} (a commit's, or a restored one). */
  static void insertRevision(Connection c, String project, RevisionInfo commit)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO registry_revisions (project, revision, committed_at, committed_by,"
                + " summary) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setLong(2, commit.revision());
      s.setString(3, IsoTimes.format(commit.committedAt()));
      s.setString(4, commit.committedBy());
      s.setString(5, commit.summary());
      s.executeUpdate();
    }
  }

  private static void writeVersions(Connection c, RegistrySnapshot next) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO feature_view_versions (project, view, version, definition, sha256,"
                + " applied_at, applied_by, revision, origin, changes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (FeatureViewVersion v : next.allVersions()) {
        s.setString(1, next.project());
        s.setString(2, v.view());
        s.setInt(3, v.number());
        s.setString(4, v.definition().json());
        s.setString(5, v.sha256());
        s.setString(6, IsoTimes.format(v.appliedAt()));
        s.setString(7, v.appliedBy());
        s.setLong(8, v.revision());
        s.setString(9, v.origin().spelling());
        s.setString(10, FieldChanges.json(v.changes()).toString());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
