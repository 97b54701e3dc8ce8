package dev.larder.postgres;

import dev.larder.core.Echo;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.FieldChanges;
import dev.larder.core.registry.ObjectMetadata;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.registry.RevisionInfo;
import dev.larder.core.registry.VersionOrigin;
import dev.larder.core.registry.VersionedDefinition;
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

/**
 * A {@link RegistrySnapshot} as rows of {@code larder_revisions}, {@code larder_objects} and {@code
 * larder_view_versions} (see {@link PostgresSchema}). A commit appends its revision, whose primary
 * key {@code (project, revision)} admits each revision once, and replaces the project's rows in the
 * other two; the current revision is the greatest in {@code larder_revisions}.
 */
final class PostgresSnapshotRows {
  private static final String INSERT_REVISION =
      "INSERT INTO larder_revisions (project, revision, committed_at, committed_by, summary)"
          + " VALUES (?, ?, ?, ?, ?)";

  private PostgresSnapshotRows() {}

  /** The project's current revision: 0 when it has none. One index lookup. */
  static long currentRevision(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COALESCE(MAX(revision), 0) FROM larder_revisions WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The project's revisions, oldest first. */
  static List<RevisionInfo> history(Connection c, String project) throws SQLException {
    List<RevisionInfo> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT revision, committed_at, committed_by, summary FROM larder_revisions"
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

  /**
   * The project's current snapshot, or empty when it has no revision; the caller reads in one
   * repeatable-read transaction, so that every row is of the same commit.
   */
  static Optional<RegistrySnapshot> read(Connection c, String project) throws SQLException {
    RevisionInfo last;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT revision, committed_at, committed_by, summary FROM larder_revisions"
                + " WHERE project = ? ORDER BY revision DESC LIMIT 1")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        last =
            new RevisionInfo(
                r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4));
      }
    }
    RegistrySnapshot.Builder b = RegistrySnapshot.builder(project).lastCommit(last);
    RepoDefinitions.Builder definitions = RepoDefinitions.builder();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT kind, name, definition, created, last_updated FROM larder_objects"
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
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT view, version, definition, sha256, applied_at, applied_by, revision, origin,"
                + " changes FROM larder_view_versions WHERE project = ? ORDER BY view, version")) {
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
    PostgresMaterializationRows.read(c, project, b);
    return Optional.of(b.freeze());
  }

  /**
   * Appends the revision of {@code next}: the first write of a commit, so that of two commits of
   * the same revision the second waits here for the first and then fails on the primary key (SQL
   * state 23505), before it touched anything else.
   */
  static void appendRevision(Connection c, RegistrySnapshot next) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_REVISION)) {
      bindRevision(s, next.project(), next.lastCommit().orElseThrow());
      s.executeUpdate();
    }
  }

  /** Inserts the revisions of a restore, in one batch. */
  static void insertRevisions(Connection c, String project, List<RevisionInfo> revisions)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_REVISION)) {
      for (RevisionInfo revision : revisions) {
        bindRevision(s, project, revision);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void bindRevision(PreparedStatement s, String project, RevisionInfo revision)
      throws SQLException {
    s.setString(1, project);
    s.setLong(2, revision.revision());
    s.setString(3, IsoTimes.format(revision.committedAt()));
    s.setString(4, revision.committedBy());
    s.setString(5, revision.summary());
  }

  /** Replaces the project's objects and view versions with those of {@code next}. */
  static void write(Connection c, RegistrySnapshot next) throws SQLException {
    String project = next.project();
    for (String table : List.of("larder_objects", "larder_view_versions")) {
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM " + table + " WHERE project = ?")) {
        s.setString(1, project);
        s.executeUpdate();
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_objects (project, position, kind, name, definition, created,"
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
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_view_versions (project, view, version, definition, sha256,"
                + " applied_at, applied_by, revision, origin, changes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (FeatureViewVersion v : next.allVersions()) {
        s.setString(1, project);
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
