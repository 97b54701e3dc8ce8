package dev.larder.postgres;

import static dev.larder.postgres.PostgresAuditRows.time;

import dev.larder.core.registry.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * {@code larder_leases}: one row per held {@link Lease}, keyed by project and name, changed only in
 * short transactions of its own that never touch the snapshot or the revision. A claim holds the
 * lease's advisory lock ({@link PostgresRegistryStore#lockLease}) from its read to its write, so of
 * two claims at once one decides first and the other sees its result.
 */
final class PostgresLeaseRows {
  private PostgresLeaseRows() {}

  static Optional<Lease> read(Connection c, String project, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT token, holder, host, pid, since, expires FROM larder_leases"
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
                r.getObject(5, OffsetDateTime.class).toInstant(),
                r.getObject(6, OffsetDateTime.class).toInstant()));
      }
    }
  }

  /** Stores {@code lease}, replacing any lease of its name. */
  static void put(Connection c, String project, Lease lease) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_leases (project, name, token, holder, host, pid, since, expires)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project, name) DO UPDATE SET"
                + " token = EXCLUDED.token, holder = EXCLUDED.holder, host = EXCLUDED.host,"
                + " pid = EXCLUDED.pid, since = EXCLUDED.since, expires = EXCLUDED.expires")) {
      s.setString(1, project);
      s.setString(2, lease.name());
      s.setString(3, lease.token());
      s.setString(4, lease.holder());
      s.setString(5, lease.host());
      s.setLong(6, lease.pid());
      s.setObject(7, time(lease.since()));
      s.setObject(8, time(lease.expires()));
      s.executeUpdate();
    }
  }

  /** Moves the expiry of the lease held under {@code lease}'s token; whether it was held. */
  static boolean renew(Connection c, String project, Lease lease, Instant until)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE larder_leases SET expires = ? WHERE project = ? AND name = ? AND token = ?")) {
      s.setObject(1, time(until));
      s.setString(2, project);
      s.setString(3, lease.name());
      s.setString(4, lease.token());
      return s.executeUpdate() == 1;
    }
  }

  static void delete(Connection c, String project, Lease lease) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM larder_leases WHERE project = ? AND name = ? AND token = ?")) {
      s.setString(1, project);
      s.setString(2, lease.name());
      s.setString(3, lease.token());
      s.executeUpdate();
    }
  }
}
