package dev.larder.postgres;

import dev.larder.testkit.TestRepos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Feature repositories whose registry is the test PostgreSQL (a schema of the test's own), with the
 * embedded SQLite online store and DuckDB over a Parquet file of their own folder.
 */
final class PostgresRepos {
  /** The driver views' Parquet rows: two drivers over two days. */
  static final String[] DRIVER_ROWS = {
    "(1, '2025-01-01 00:00:00+00', NULL, 0.5, 10, 'oslo')",
    "(2, '2025-01-01 00:00:00+00', NULL, 0.25, 3, 'rome')",
    "(1, '2025-01-02 00:00:00+00', NULL, 0.75, 12, 'oslo')"
  };

  private PostgresRepos() {}

  /**
   * Writes a repository of {@code project} at {@code repo}: {@code feature_store.yaml} naming the
   * registry {@code registryUrl} with {@code cache_ttl_seconds}, {@code features.yaml} holding
   * {@code definitions}, and {@code data/stats.parquet} with {@link TestRepos#STATS_COLUMNS}.
   */
  static Path write(
      Path repo, String project, String registryUrl, long cacheTtlSeconds, String definitions) {
    try {
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(
          repo.resolve("feature_store.yaml"),
          "project: "
              + project
              + "\nregistry:\n  registry_type: sql\n  path: \""
              + registryUrl
              + "\"\n  cache_ttl_seconds: "
              + cacheTtlSeconds
              + "\nprovider: local\n"
              + "online_store: {type: sqlite, path: data/online_store.db}\n"
              + "offline_store: {type: duckdb}\n");
      Files.writeString(repo.resolve("features.yaml"), definitions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestRepos.parquet(repo.resolve("data/stats.parquet"), TestRepos.STATS_COLUMNS, DRIVER_ROWS);
    return repo;
  }

  /** {@link TestRepos#DRIVERS} with the view named {@code view} and its features {@code schema}. */
  static String drivers(String view, String... features) {
    StringBuilder schema = new StringBuilder();
    for (String f : features) {
      String dtype =
          switch (f) {
            case "conv_rate" -> "Float64";
            case "trips" -> "Int64";
            default -> "String";
          };
      schema.append("      - {name: ").append(f).append(", dtype: ").append(dtype).append("}\n");
    }
    return """
        entities:
          - {name: driver, join_keys: [driver_id], value_type: INT64}
        sources:
          - {name: stats, type: file, path: data/stats.parquet, timestamp_field: event_timestamp,
             created_timestamp_column: created}
        feature_views:
          - name: %s
            entities: [driver]
            source: stats
            schema:
        %s"""
        .formatted(view, schema);
  }
}
