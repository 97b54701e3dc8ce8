package dev.larder.testkit;

import dev.larder.core.FeatureStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Feature repositories on disk for online tests: {@code feature_store.yaml} of project {@code shop}
 * with the default SQLite online store, a {@code features.yaml}, and Parquet data written by
 * DuckDB.
 */
public final class TestRepos {
  /** A driver entity, a Parquet source with a created column, an online view without ttl. */
  public static final String DRIVERS =
      """
      entities:
        - {name: driver, join_keys: [driver_id], value_type: INT64}
      sources:
        - {name: stats, type: file, path: data/stats.parquet, timestamp_field: event_timestamp,
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

  /** The columns of {@code data/stats.parquet}, for {@link #parquet}. */
  public static final String STATS_COLUMNS =
      "driver_id BIGINT, event_timestamp TIMESTAMPTZ, created TIMESTAMPTZ, conv_rate DOUBLE,"
          + " trips BIGINT, city VARCHAR";

  private TestRepos() {}

  /** Writes {@code feature_store.yaml} and {@code features.yaml} into {@code repo}. */
  public static Path write(Path repo, String definitions) {
    return write(repo, definitions, "shop", BackendSetup.embedded());
  }

  /**
   * Writes {@code feature_store.yaml} of project {@code project} on the backends of {@code
   * backends}, and {@code features.yaml}, into {@code repo}.
   */
  public static Path write(Path repo, String definitions, String project, BackendSetup backends) {
    try {
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(
          repo.resolve("feature_store.yaml"),
          "project: "
              + project
              + "\n"
              + backends.featureStoreYaml(project)
              + "provider: local\n"
              + "offline_store: "
              + backends.offlineStore()
              + "\n"
              + "entity_key_serialization_version: 3\n");
      Files.writeString(repo.resolve("features.yaml"), definitions);
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code rows} (SQL row tuples, e.g. {@code (1, '2024-01-01 00:00:00+00', NULL, …)}) into
   * the Parquet file {@code file} with columns {@code columns} (e.g. {@code id BIGINT, ts
   * TIMESTAMPTZ}), through DuckDB in UTC.
   */
  public static void parquet(Path file, String columns, String... rows) {
    StringBuilder values = new StringBuilder();
    for (String row : rows) {
      values.append(values.length() == 0 ? "" : ", ").append(row);
    }
    StringBuilder names = new StringBuilder();
    StringBuilder casts = new StringBuilder();
    for (String column : columns.split(",(?![^()]*\\))")) {
      String[] parts = column.strip().split("\\s+", 2);
      names.append(names.length() == 0 ? "" : ", ").append(parts[0]);
      casts
          .append(casts.length() == 0 ? "" : ", ")
          .append("CAST(")
          .append(parts[0])
          .append(" AS ")
          .append(parts[1])
          .append(") AS ")
          .append(parts[0]);
    }
    copy("SELECT " + casts + " FROM (VALUES " + values + ") AS t(" + names + ")", file);
  }

  /** Writes the rows of the DuckDB query {@code select} into the Parquet file {@code file}. */
  public static void copy(String select, Path file) {
    try {
      Files.createDirectories(file.getParent());
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The rows of the DuckDB query {@code select} (run in UTC), as text. */
  public static List<List<String>> query(String select) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(select)) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + select + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** Opens the repository and applies its definitions. */
  public static FeatureStore applied(Path repo) {
    FeatureStore store = FeatureStore.open(repo);
    try {
      store.apply();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }
}
