package dev.larder.core.offline;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A small repository on disk for engine tests: a driver entity and views over CSV data. */
public final class OfflineFixture {
  public static final String DEFINITIONS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats.csv, timestamp_field: event_timestamp,
           created_timestamp_column: created}
      feature_views:
        - name: driver_stats
          entities: [driver]
          source: stats
          schema:
            - {name: conv_rate, dtype: Float64}
            - {name: trips, dtype: Int64}
            - {name: city, dtype: String}
      """;
  public static final String STATS =
      """
      driver_id,event_timestamp,created,conv_rate,trips,city
      1,2024-01-01T00:00:00Z,2024-01-01T00:00:01Z,0.1,10,paris
      1,2024-01-02T00:00:00Z,2024-01-02T00:00:01Z,0.2,,lyon
      2,2024-01-01T00:00:00Z,,0.5,50,
      1,2024-01-03T00:00:00Z,2024-01-03T00:00:01Z,0.3,30,nice
      """;

  private OfflineFixture() {}

  /** Writes the fixture into {@code repo} and loads its definitions. */
  public static RepoDefinitions write(Path repo) throws IOException {
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    Files.writeString(repo.resolve("data/stats.csv"), STATS);
    return DefinitionLoader.load(repo);
  }

  /** Runs {@code sql} on a fresh in-memory DuckDB in UTC and returns the rows as text. */
  public static List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** Runs statements on a fresh in-memory DuckDB in UTC. */
  public static void execute(String... sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
