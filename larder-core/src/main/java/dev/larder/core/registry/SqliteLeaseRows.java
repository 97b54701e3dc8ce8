package dev.larder.core.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * The leases' table in the SQLite registry, {@code leases}: one row per held {@link Lease}, keyed
 * by project and name, changed only in short transactions of their own that never touch the
 * snapshot tables or the revision. Like the audit log, the table is outside schema version 1's
 * snapshot: created with {@code CREATE TABLE IF NOT EXISTS} by the first claim, so older registries
 * keep loading. Times are epoch milliseconds.
 */
final class SqliteLeaseRows {
  private static final String DDL =
      "CREATE TABLE IF NOT EXISTS leases (project TEXT NOT NULL, name TEXT NOT NULL,"
          + " token TEXT NOT NULL, holder TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL,"
          + " since INTEGER NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY (project, name))";

  private SqliteLeaseRows() {}

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(DDL);
    }
  }

  static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, "leases");
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  static Optional<Lease> read(Connection c, String project, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT token, holder, host, pid, since, expires FROM leases"
                + " WHERE project = ? AND name = ?")) {
      s.setString(1, project);
      s.setString(2, name);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Lease(
                name,
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getLong(4),
                Instant.ofEpochMilli(r.getLong(5)),
                Instant.ofEpochMilli(r.getLong(6))));
      }
    }
  }

  /** Stores {@code lease}, replacing any lease of its name. */
  static void put(Connection c, String project, Lease lease) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR REPLACE INTO leases (project, name, token, holder, host, pid, since,"
                + " expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setString(2, lease.name());
      s.setString(3, lease.token());
      s.setString(4, lease.holder());
      s.setString(5, lease.host());
      s.setLong(6, lease.pid());
      s.setLong(7, lease.since().toEpochMilli());
      s.setLong(8, lease.expires().toEpochMilli());
      s.executeUpdate();
    }
  }

  /** Moves the expiry of the lease held under {@code lease}'s token; whether it was held. */
  static boolean renew(Connection c, String project, Lease lease, Instant until)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE leases SET expires = ? WHERE project = ? AND name = ? AND token = ?")) {
      s.setLong(1, until.toEpochMilli());
      s.setString(2, project);
      s.setString(3, lease.name());
      s.setString(4, lease.token());
      return s.executeUpdate() == 1;
    }
  }

  static void delete(Connection c, String project, Lease lease) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM leases WHERE project = ? AND name = ? AND token = ?")) {
      s.setString(1, project);
      s.setString(2, lease.name());
      s.setString(3, lease.token());
      s.executeUpdate();
    }
  }
}
