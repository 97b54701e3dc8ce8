package dev.larder.core.registry;

import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code materialization_log} table of the SQLite registry: one row per recorded
 * materialization interval, appended beside the snapshot, never rewritten by a commit, so that
 * recording an interval makes no revision and several writers never fight over one. Each row keeps
 * the view version its rows were read with; the snapshot's builder hides the intervals that a later
 * breaking version made stale. Like {@code training_runs} it came after schema version 1 without
 * changing it ({@code CREATE TABLE IF NOT EXISTS} on every write).
 *
 * <p>Registries written before it hold their intervals in the snapshot table {@code
 * materialization_intervals}, rewritten by every commit then. They keep loading, as intervals of
 * the view's latest version (every commit of those Larders dropped the stale ones), and the first
 * commit of this code moves them here with that version.
 *
 * <pre>
 * materialization_log (project, position, view, view_version, start_ts, end_ts, recorded_at)
 * </pre>
 */
final class SqliteMaterializationRows {
  static final String TABLE = "materialization_log";

  static final String CREATE =
      "CREATE TABLE IF NOT EXISTS materialization_log (project TEXT NOT NULL,"
          + " position INTEGER NOT NULL, view TEXT NOT NULL, view_version INTEGER NOT NULL,"
          + " start_ts TEXT NOT NULL, end_ts TEXT NOT NULL, recorded_at TEXT NOT NULL,"
          + " PRIMARY KEY (project, position))";

  /** The latest version of a legacy row's view, the version its interval counts for. */
  private static final String LEGACY_VERSION =
      "(SELECT MAX(v.version) FROM feature_view_versions v"
          + " WHERE v.project = m.project AND v.view = m.view)";

  private SqliteMaterializationRows() {}

  /** Creates the table if it is missing. */
  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
    }
  }

  /** Whether the file has the table (older registries do not until their next write). */
  static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, TABLE);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Appends {@code interval} after the project's last; the caller holds the write lock. */
  static void append(
      Connection c, String project, String view, int viewVersion, MaterializationInterval interval)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO materialization_log (project, position, view, view_version, start_ts,"
                + " end_ts, recorded_at) SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ?"
                + " FROM materialization_log WHERE project = ?")) {
      s.setString(1, project);
      s.setString(2, view);
      s.setInt(3, viewVersion);
      s.setString(4, IsoTimes.format(interval.start()));
      s.setString(5, IsoTimes.format(interval.end()));
      s.setString(6, IsoTimes.format(interval.recordedAt()));
      s.setString(7, project);
      s.executeUpdate();
    }
  }

  /**
   * Adds the project's intervals to {@code b}: those of the snapshot table of older registries
   * first (they were recorded before any here), then the log's in order.
   */
  static void read(Connection c, String project, RegistrySnapshot.Builder b) throws SQLException {
    for (RegistryExport.Materialization m : all(c, project)) {
      b.materialization(m.view(), m.viewVersion(), m.interval());
    }
  }

  /**
   * Every interval of the project, as {@link #read} hands them to a snapshot: those of the snapshot
   * table of older registries first, then the log's in order.
   */
  static List<RegistryExport.Materialization> all(Connection c, String project)
      throws SQLException {
    List<RegistryExport.Materialization> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT m.view, "
                + LEGACY_VERSION
                + ", m.start_ts, m.end_ts, m.recorded_at FROM materialization_intervals m"
                + " WHERE m.project = ? ORDER BY m.view, m.position")) {
      add(s, project, out);
    }
    if (exists(c)) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT view, view_version, start_ts, end_ts, recorded_at FROM materialization_log"
                  + " WHERE project = ? ORDER BY position")) {
        add(s, project, out);
      }
    }
    return out;
  }

  private static void add(
      PreparedStatement s, String project, List<RegistryExport.Materialization> out)
      throws SQLException {
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

  /**
   * In a commit, before the snapshot rows are replaced: moves the intervals of an older registry's
   * snapshot table into the log, as intervals of their view's latest version so far, ahead of the
   * log's own rows.
   */
  static void moveLegacyRows(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO materialization_log (project, position, view, view_version, start_ts,"
                + " end_ts, recorded_at)"
                + " SELECT m.project, (SELECT COALESCE(MIN(l.position), 1) FROM"
                + " materialization_log l WHERE l.project = m.project)"
                + " - ROW_NUMBER() OVER (ORDER BY m.view DESC, m.position DESC), m.view, "
                + LEGACY_VERSION
                + ", m.start_ts, m.end_ts, m.recorded_at FROM materialization_intervals m"
                + " WHERE m.project = ?")) {
      s.setString(1, project);
      s.executeUpdate();
    }
    delete(c, "DELETE FROM materialization_intervals WHERE project = ?", project);
  }

  /** In a commit of {@code next}: drops the intervals of the views it does not define. */
  static void dropUndefined(Connection c, RegistrySnapshot next) throws SQLException {
    StringBuilder sql =
        new StringBuilder("DELETE FROM materialization_log WHERE project = ? AND view NOT IN (''");
    var views = next.definitions().featureViews();
    views.forEach(v -> sql.append(", ?"));
    try (PreparedStatement s = c.prepareStatement(sql.append(")").toString())) {
      s.setString(1, next.project());
      for (int i = 0; i < views.size(); i++) {
        s.setString(i + 2, views.get(i).name());
      }
      s.executeUpdate();
    }
  }

  /** Forgets every interval of the project. */
  static void clear(Connection c, String project) throws SQLException {
    delete(c, "DELETE FROM materialization_intervals WHERE project = ?", project);
    if (exists(c)) {
      delete(c, "DELETE FROM materialization_log WHERE project = ?", project);
    }
  }

  private static void delete(Connection c, String sql, String project) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, project);
      s.executeUpdate();
    }
  }
}
