package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's table in the SQLite registry, {@code audit_log}: one row per {@link AuditEntry},
 * appended in its own short transaction that never touches the snapshot tables or the revision, so
 * appends cannot make a registry commit conflict. The table is not part of schema version 1's
 * snapshot: it is created with {@code CREATE TABLE IF NOT EXISTS} by the first commit or append, so
 * registries written before it existed keep loading and gain it on their next write.
 *
 * <p>Times are stored as fixed-width ISO-8601 UTC text with milliseconds ({@code
 * 2026-03-01T10:00:00.000Z}), so text order is time order; roles and objects as JSON arrays.
 */
final class SqliteAuditRows {
  static final String TABLE = "audit_log";

  private static final List<String> DDL =
      List.of(
          "CREATE TABLE IF NOT EXISTS audit_log (seq INTEGER PRIMARY KEY, project TEXT NOT NULL,"
              + " at TEXT NOT NULL, user TEXT NOT NULL, roles TEXT NOT NULL, action TEXT NOT NULL,"
              + " objects TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL)",
          "CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (project, at)");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private SqliteAuditRows() {}

  /** Creates the table if it is missing. */
  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
    }
  }

  /** Whether the table exists (a registry written before it did has none). */
  static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, TABLE);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** How many entries the project has; 0 when the table does not exist. */
  static long count(Connection c, String project) throws SQLException {
    if (!exists(c)) {
      return 0;
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  static void append(Connection c, String project, AuditEntry e) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO audit_log (project, at, user, roles, action, objects, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setString(2, TIME.format(e.at()));
      s.setString(3, e.user());
      s.setString(4, json(e.roles()));
      s.setString(5, e.action());
      s.setString(6, json(e.objects()));
      s.setString(7, e.outcome().spelling());
      s.setString(8, e.detail());
      s.executeUpdate();
    }
  }

  /** The project's entries at or after {@code since} (all when {@code null}), oldest first. */
  static List<AuditEntry> read(Connection c, String project, Instant since) throws SQLException {
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT at, user, roles, action, objects, outcome, detail FROM audit_log"
                + " WHERE project = ? AND at >= ? ORDER BY seq")) {
      s.setString(1, project);
      s.setString(2, since == null ? "" : TIME.format(since));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new AuditEntry(
                  Instant.parse(r.getString(1)),
                  r.getString(2),
                  strings(r.getString(3)),
                  r.getString(4),
                  strings(r.getString(5)),
                  AuditOutcome.parse(r.getString(6)),
                  r.getString(7)));
        }
      }
    }
    return out;
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings could not be written as JSON", e);
    }
  }

  private static List<String> strings(String json) {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit row holds a list that is not JSON: " + json, e);
    }
  }
}
