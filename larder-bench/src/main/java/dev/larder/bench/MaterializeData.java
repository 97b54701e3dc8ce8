package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the materialization benchmark, generated once by DuckDB SQL and cached in a scratch
 * directory outside the repository (DESIGN Targets: 10M entity rows into an empty online store).
 *
 * <ul>
 *   <li>{@code samples.parquet}: {@value #ROWS} rows, one per {@code sample_index} (BIGINT, 0 to
 *       {@value #ROWS} - 1, each once), in event-time order as data appended over a year would be,
 *       so keys come scrambled ({@code sample_index = i * }{@value #SCRAMBLE}{@code mod N}, a
 *       permutation). {@code event_timestamp} (TIMESTAMPTZ, whole seconds) rises through 2025;
 *       {@code created_timestamp} is 60 s later; 20 DOUBLE features {@code feature_0 … feature_19}
 *       in [-1, 1] with six decimals, hashed from the key; {@code target} INTEGER 0/1.
 *   <li>{@code repo/}: a feature repository (entity {@code sample}, online view {@code
 *       sample_features} over {@code ../samples.parquet}, ttl 0, all 21 columns as features).
 * </ul>
 *
 * The file is written under a temporary name and moved into place, so an interrupted generation is
 * redone; a changed shape uses a new directory ({@link #VERSION}).
 */
final class MaterializeData {
  static final int ROWS = 10_000_000;
  static final int FEATURES = 20;

  /** Coprime with {@value #ROWS}, so {@code i * SCRAMBLE mod ROWS} visits every key once. */
  static final long SCRAMBLE = 7_368_787L;

  /** Names the directory of this shape of data; change it when the generator changes. */
  static final String VERSION = "materialize-v1";

  static final String PROJECT = "materialize_bench";
  static final String VIEW = "sample_features";
  static final String JOIN_KEY = "sample_index";

  /** The interval materialized: all of 2025, both bounds inclusive. */
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  static final Instant END = Instant.parse("2025-12-31T23:59:59Z");

  private static final long BASE_SECONDS = 1_735_689_600L; // 2025-01-01T00:00:00Z
  private static final long YEAR_SECONDS = 365L * 86_400L;

  private final Path dir;

  private MaterializeData(Path dir) {
    this.dir = dir;
  }

  /** The data under {@code scratch}; nothing is generated yet. */
  static MaterializeData in(Path scratch) {
    return new MaterializeData(scratch.resolve(VERSION).toAbsolutePath());
  }

  Path dir() {
    return dir;
  }

  Path samples() {
    return dir.resolve("samples.parquet");
  }

  Path repo() {
    return dir.resolve("repo");
  }

  /** The online store's file, as the repository's feature_store.yaml names it. */
  Path onlineStore() {
    return repo().resolve("data/online_store.db");
  }

  /** The online store's table of the view. */
  static String table() {
    return "\"" + PROJECT + ":" + VIEW + "\"";
  }

  /** The features of the view, in order: {@code feature_0 … feature_19}, then {@code target}. */
  static List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      names.add("feature_" + f);
    }
    names.add("target");
    return names;
  }

  /**
   * Writes the Parquet file when missing, and the repository's files.
   *
   * @return whether the Parquet file was generated (false: cached)
   */
  boolean prepare() throws IOException, SQLException {
    Files.createDirectories(dir);
    boolean generated = false;
    if (!Files.isRegularFile(samples())) {
      GeneratedFile.copy("materialize", samplesQuery(), samples(), "FORMAT PARQUET");
      generated = true;
    }
    writeRepo();
    return generated;
  }

  /** Row {@code i}: key {@code i * SCRAMBLE mod ROWS}, at a time rising with {@code i}. */
  private static String samplesQuery() {
    List<String> select = new ArrayList<>();
    select.add("k AS " + JOIN_KEY);
    String event = "(" + BASE_SECONDS + " + i * " + YEAR_SECONDS + " // " + ROWS + ")";
    select.add("make_timestamptz(" + event + " * 1000000) AS event_timestamp");
    select.add("make_timestamptz((" + event + " + 60) * 1000000) AS created_timestamp");
    for (int f = 0; f < FEATURES; f++) {
      select.add("(hash(k, " + f + ") % 2000001)::DOUBLE / 1000000 - 1 AS feature_" + f);
    }
    select.add("(hash(k, 'target') % 2)::INTEGER AS target");
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT i, (i * "
        + SCRAMBLE
        + ") % "
        + ROWS
        + " AS k FROM range("
        + ROWS
        + ") t(i))";
  }

  private void writeRepo() throws IOException {
    Path repo = repo();
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: %s
        registry: data/registry.db
        provider: local
        online_store: {type: sqlite, path: data/online_store.db}
        offline_store: {type: duckdb}
        entity_key_serialization_version: 3
        auth: {type: none}
        """
            .formatted(PROJECT));
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        entities:
          - name: sample
            join_keys: [sample_index]
            value_type: INT64
        sources:
          - name: sample_source
            type: file
            path: ../samples.parquet
            timestamp_field: event_timestamp
            created_timestamp_column: created_timestamp
        feature_views:
          - name: sample_features
            entities: [sample]
            ttl: 0
            source: sample_source
            schema:
        """);
    for (int f = 0; f < FEATURES; f++) {
      yaml.append("      - {name: feature_").append(f).append(", dtype: Float64}\n");
    }
    yaml.append("      - {name: target, dtype: Int32}\n");
    yaml.append("    online: true\n");
    Files.writeString(repo.resolve("features.yaml"), yaml.toString());
  }
}
