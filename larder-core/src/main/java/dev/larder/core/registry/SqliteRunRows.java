package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code training_runs} table of the SQLite registry: one row per recorded run, appended, never
 * replaced by a commit. It came after schema version 1 without changing it: every write of the
 * registry creates it if it is missing ({@code CREATE TABLE IF NOT EXISTS}), and a file without it
 * reads as having no runs, so older registries keep loading and older Larders ignore it.
 *
 * <pre>
 * training_runs (project, position, id, recorded_at, recorded_by, run)   -- run: RecordedRunJson
 * </pre>
 */
final class SqliteRunRows {
  static final String TABLE = "training_runs";

  static final String CREATE =
      "CREATE TABLE IF NOT EXISTS training_runs (project TEXT NOT NULL, position INTEGER NOT NULL,"
          + " id TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL,"
          + " run TEXT NOT NULL, report TEXT, PRIMARY KEY (project, id),"
          + " UNIQUE (project, position))";

  private SqliteRunRows() {}

  /** Creates the table if it is missing, and its {@code report} column if the table lacks it. */
  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
      if (!hasReportColumn(c)) {
        s.execute("ALTER TABLE training_runs ADD COLUMN report TEXT");
      }
    }
  }

  /** Whether the table has the {@code report} column (tables written before reports do not). */
  static boolean hasReportColumn(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = 'report'")) {
      s.setString(1, TABLE);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The columns a read selects: the report is NULL where the table has no such column. */
  private static String selected(Connection c) throws SQLException {
    return hasReportColumn(c) ? "id, run, report" : "id, run, NULL";
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

  /**
   * Appends {@code run} after the project's last, under its id or the first free {@code id-N}; the
   * caller holds the write lock, so the id stays free until the commit.
   */
  static RecordedRun insert(Connection c, String project, RecordedRun run) throws SQLException {
    Set<String> taken = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id FROM training_runs WHERE project = ? AND (id = ? OR substr(id, 1, ?) = ?)")) {
      s.setString(1, project);
      s.setString(2, run.id());
      s.setInt(3, run.id().length() + 1);
      s.setString(4, run.id() + "-");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          taken.add(r.getString(1));
        }
      }
    }
    long last;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT COALESCE(MAX(position), 0) FROM training_runs WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        last = r.next() ? r.getLong(1) : 0;
      }
    }
    String id = run.id();
    for (int n = 2; taken.contains(id); n++) {
      id = run.id() + "-" + n;
    }
    RecordedRun stored = id.equals(run.id()) ? run : run.withId(id);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO training_runs (project, position, id, recorded_at, recorded_by, run,"
                + " report) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, project);
      s.setLong(2, last + 1);
      s.setString(3, stored.id());
      s.setString(4, IsoTimes.format(stored.recordedAt()));
      s.setString(5, stored.user());
      s.setString(6, RecordedRunJson.write(stored));
      s.setString(7, stored.report().orElse(null));
      s.executeUpdate();
    }
    return stored;
  }

  /** How many runs the project has; 0 when the table does not exist. */
  static long count(Connection c, String project) throws SQLException {
    if (!exists(c)) {
      return 0;
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM training_runs WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /** The project's runs in the order they were recorded. */
  static List<RecordedRun> all(Connection c, String project) throws SQLException {
    List<RecordedRun> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + selected(c) + " FROM training_runs WHERE project = ? ORDER BY position")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(checked(r.getString(1), r.getString(2), r.getString(3)));
        }
      }
    }
    return out;
  }

  /** The project's run {@code id}. */
  static Optional<RecordedRun> one(Connection c, String project, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + selected(c) + " FROM training_runs WHERE project = ? AND id = ?")) {
      s.setString(1, project);
      s.setString(2, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(checked(r.getString(1), r.getString(2), r.getString(3)))
            : Optional.empty();
      }
    }
  }

  private static RecordedRun checked(String id, String json, String report) {
    RecordedRun run = RecordedRunJson.read(json);
    if (report != null) {
      run = run.withReport(report);
    }
    if (!run.id().equals(id)) {
      throw new IllegalStateException(
          "the row of run " + Echo.of(id) + " holds run " + Echo.of(run.id()));
    }
    return run;
  }
}
