package dev.larder.postgres;

import dev.larder.core.registry.MaterializationInterval;
import dev.larder.core.registry.RegistryExport;
import dev.larder.core.registry.RegistrySnapshot;
import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code larder_materializations}: one row per recorded materialization interval, appended beside
 * the snapshot (never rewritten by a commit), in the order of its identity column. Each row keeps
 * the view version its rows were read with; the snapshot's builder hides intervals that a later
 * breaking version made stale.
 */
final class PostgresMaterializationRows {
  private static final String INSERT =
      "INSERT INTO larder_materializations (project, view, view_version, start_ts, end_ts,"
          + " recorded_at) VALUES (?, ?, ?, ?, ?, ?)";

  private PostgresMaterializationRows() {}

  static void append(
      Connection c, String project, String view, int viewVersion, MaterializationInterval interval)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      bind(s, project, new RegistryExport.Materialization(view, viewVersion, interval));
      s.executeUpdate();
    }
  }

  /** Appends the intervals of a restore in their order, in one batch. */
  static void appendAll(
      Connection c, String project, List<RegistryExport.Materialization> materializations)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (RegistryExport.Materialization m : materializations) {
        bind(s, project, m);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void bind(PreparedStatement s, String project, RegistryExport.Materialization m)
      throws SQLException {
    s.setString(1, project);
    s.setString(2, m.view());
    s.setInt(3, m.viewVersion());
    s.setString(4, IsoTimes.format(m.interval().start()));
    s.setString(5, IsoTimes.format(m.interval().end()));
    s.setString(6, IsoTimes.format(m.interval().recordedAt()));
  }

  /** Adds the project's intervals to {@code b}, in the order they were appended. */
  static void read(Connection c, String project, RegistrySnapshot.Builder b) throws SQLException {
    for (RegistryExport.Materialization m : all(c, project)) {
      b.materialization(m.view(), m.viewVersion(), m.interval());
    }
  }

  /**
   * The project's intervals in the order they were appended, each with the view version it was
   * recorded for (also those a later breaking version hides).
   */
  static List<RegistryExport.Materialization> all(Connection c, String project)
      throws SQLException {
    List<RegistryExport.Materialization> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT view, view_version, start_ts, end_ts, recorded_at"
                + " FROM larder_materializations WHERE project = ? ORDER BY position")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new RegistryExport.Materialization(
                  r.getString(1),
                  r.getInt(2),
                  new MaterializationInterval(
                      Instant.parse(r.getString(3)),
                      Instant.parse(r.getString(4)),
                      Instant.parse(r.getString(5)))));
        }
      }
    }
    return out;
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
