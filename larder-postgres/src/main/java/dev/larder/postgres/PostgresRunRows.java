package dev.larder.postgres;

import dev.larder.core.Echo;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RecordedRunJson;
import dev.larder.core.time.IsoTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code larder_runs}: one row per recorded training run, appended, never replaced by a commit; the
 * run itself as its {@link RecordedRunJson} text. Ids are unique per project: an insert holds the
 * project's run lock (see {@link PostgresRegistryStore#recordRun}) while it picks the first free
 * id.
 */
final class PostgresRunRows {
  private PostgresRunRows() {}

  /** Appends {@code run} after the project's last, under its id or the first free {@code id-N}. */
  static RecordedRun insert(Connection c, String project, RecordedRun run) throws SQLException {
    Set<String> taken = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id FROM larder_runs WHERE project = ? AND (id = ? OR left(id, ?) = ?)")) {
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
    String id = run.id();
    for (int n = 2; taken.contains(id); n++) {
      id = run.id() + "-" + n;
    }
    RecordedRun stored = id.equals(run.id()) ? run : run.withId(id);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_runs (project, position, id, recorded_at, recorded_by, run,"
                + " report) SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ? FROM"
                + " larder_runs WHERE project = ?")) {
      s.setString(1, project);
      s.setString(2, stored.id());
      s.setString(3, IsoTimes.format(stored.recordedAt()));
      s.setString(4, stored.user());
      s.setString(5, RecordedRunJson.write(stored));
      s.setString(6, stored.report().orElse(null));
      s.setString(7, project);
      s.executeUpdate();
    }
    return stored;
  }

  /**
   * Inserts the runs of a restore into a project that has none, in their order (positions 1, 2, …)
   * and under their own ids, which are unique.
   */
  static void insertAll(Connection c, String project, List<RecordedRun> runs) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO larder_runs (project, position, id, recorded_at, recorded_by, run,"
                + " report) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      long position = 0;
      for (RecordedRun run : runs) {
        s.setString(1, project);
        s.setLong(2, ++position);
        s.setString(3, run.id());
        s.setString(4, IsoTimes.format(run.recordedAt()));
        s.setString(5, run.user());
        s.setString(6, RecordedRunJson.write(run));
        s.setString(7, run.report().orElse(null));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** How many runs the project has. */
  static long count(Connection c, String project) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COUNT(*) FROM larder_runs WHERE project = ?")) {
      s.setString(1, project);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The project's runs in the order they were recorded. */
  static List<RecordedRun> all(Connection c, String project) throws SQLException {
    List<RecordedRun> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, run, report FROM larder_runs WHERE project = ? ORDER BY position")) {
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
            "SELECT id, run, report FROM larder_runs WHERE project = ? AND id = ?")) {
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
