package dev.larder.postgres;

import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code larder_audit}: one row per {@link AuditEntry}, appended in a short transaction of its own
 * that touches no snapshot row, so appends never make a commit conflict; read in the order of its
 * identity column. Times are {@code timestamptz} (entries are to the millisecond), roles and
 * objects {@code text[]}.
 */
final class PostgresAuditRows {
  private static final String INSERT =
      "INSERT INTO larder_audit (project, at, user_name, roles, action, objects, outcome, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private PostgresAuditRows() {}

  static void append(Connection c, String project, AuditEntry e) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      bind(c, s, project, e);
      s.executeUpdate();
    }
  }

  /** Appends the entries of a restore in their order, in one batch. */
  static void appendAll(Connection c, String project, List<AuditEntry> entries)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (AuditEntry e : entries) {
        bind(c, s, project, e);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void bind(Connection c, PreparedStatement s, String project, AuditEntry e)
      throws SQLException {
    s.setString(1, project);
    s.setObject(2, time(e.at()));
    s.setString(3, e.user());
    s.setArray(4, c.createArrayOf("text", e.roles().toArray()));
    s.setString(5, e.action());
    s.setArray(6, c.createArrayOf("text", e.objects().toArray()));
    s.setString(7, e.outcome().spelling());
    s.setString(8, e.detail());
  }

  /** How many entries the project's audit log has. */
  static long count(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM larder_audit WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The project's entries at or after {@code since} (all when {@code null}), oldest first. */
  static List<AuditEntry> read(Connection c, String project, Instant since) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT at, user_name, roles, action, objects, outcome, detail FROM larder_audit"
                + " WHERE project = ? AND (CAST(? AS timestamptz) IS NULL OR at >= ?)"
                + " ORDER BY seq")) {
      s.setString(1, project);
      OffsetDateTime from = since == null ? null : time(since);
      s.setObject(2, from);
      s.setObject(3, from);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new AuditEntry(
                  r.getObject(1, OffsetDateTime.class).toInstant(),
                  r.getString(2),
                  strings(r.getArray(3)),
                  r.getString(4),
                  strings(r.getArray(5)),
                  AuditOutcome.parse(r.getString(6)),
                  r.getString(7)));
        }
      }
    }
    return out;
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static List<String> strings(Array array) throws SQLException {
    try {
      return List.of((String[]) array.getArray());
    } finally {
      array.free();
    }
  }
}
