package dev.larder.postgres;

import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * {@code larder_materializations}: one row per recorded materialization interval, appended beside
 * the snapshot (never rewritten by a commit), in the order of its identity column. Each row keeps
 * the view version its rows were read with; the snapshot's builder hides intervals that a later
 * breaking version made stale.
 */
final class PostgresMaterializationRows {
  private PostgresMaterializationRows() {}

  static void append(
      Connection c, String project, String view, int viewVersion, MaterializationInterval interval)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_materializations (project, view, view_version, start_ts, end_ts,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setString(2, view);
      s.setInt(3, viewVersion);
      s.setString(4, IsoTimes.format(interval.start()));
      s.setString(5, IsoTimes.format(interval.end()));
      s.setString(6, IsoTimes.format(interval.recordedAt()));
      s.executeUpdate();
    }
  }

  /** Adds the project's intervals to {@code b}, in the order they were appended. */
  static void read(Connection c, String project, RegistrySnapshot.Builder b) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT view, view_version, start_ts, end_ts, recorded_at"
                + " FROM larder_materializations WHERE project = ? ORDER BY position")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          b.materialization(
              r.getString(1),
              r.getInt(2),
              new MaterializationInterval(
                  Instant.parse(r.getString(3)),
                  Instant.parse(r.getString(4)),
                  Instant.parse(r.getString(5))));
        }
      }
    }
  }

  /** In a commit of {@code next}: drops the intervals of the views it does not define. */
  static void dropUndefined(Connection c, RegistrySnapshot next) throws SQLException {
    List<String> views = next.definitions().featureViews().stream().map(v -> v.name()).toList();
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM larder_materializations WHERE project = ? AND NOT (view = ANY (?))")) {
      s.setString(1, next.project());
      s.setArray(2, c.createArrayOf("text", views.toArray()));
      s.executeUpdate();
    }
  }

  /** Forgets every interval of the project. */
  static void clear(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM larder_materializations WHERE project = ?")) {
      s.setString(1, project);
      s.executeUpdate();
    }
  }
}
