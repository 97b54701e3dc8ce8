package dev.larder.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of {@code materialize-redis}, generated once by DuckDB SQL and cached in a scratch
 * directory ({@code materialize-redis-v1-<keys>/}): {@code samples.parquet} with one row per key
 * {@code sample_index} 0 … keys - 1 (BIGINT), in event-time order through 2025 so that keys come
 * scrambled (a permutation, as {@link MaterializeData}'s), {@code event_timestamp} (whole seconds),
 * {@code created_timestamp} 60 s later and 20 DOUBLE features {@code feature_0 … feature_19} in
 * [-1, 1] with six decimals, hashed from the key; and {@code repo/}, a repository of project
 * {@value #PROJECT} whose online store is the benchmarks' Redis ({@link BenchRedis}), its one view
 * {@value #VIEW} holding the 20 features (ttl 0).
 */
final class MaterializeRedisData {
  static final int FEATURES = 20;
  static final String VERSION = "materialize-redis-v1";
  static final String PROJECT = "larder_bench_mat";
  static final String VIEW = "sample_features";
  static final String JOIN_KEY = "sample_index";

  /** The interval materialized: all of 2025, both bounds inclusive. */
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  static final Instant END = Instant.parse("2025-12-31T23:59:59Z");

  private static final long BASE_SECONDS = 1_735_689_600L; // 2025-01-01T00:00:00Z
  private static final long YEAR_SECONDS = 365L * 86_400L;

  private final Path dir;
  private final int keys;

  MaterializeRedisData(Path scratch, int keys) {
    this.dir = scratch.resolve(VERSION + "-" + keys).toAbsolutePath();
    this.keys = keys;
  }

  Path dir() {
    return dir;
  }

  int keys() {
    return keys;
  }

  Path samples() {
    return dir.resolve("samples.parquet");
  }

  Path repo() {
    return dir.resolve("repo");
  }

  /** {@code feature_0 … feature_19}. */
  static List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      names.add("feature_" + f);
    }
    return names;
  }

  /**
   * Writes the Parquet file when missing, and the repository's files for {@code redis}.
   *
   * @return whether the Parquet file was generated (false: cached)
   */
  boolean prepare(BenchRedis redis) throws IOException, SQLException {
    Files.createDirectories(dir);
    boolean generated = false;
    if (!Files.isRegularFile(samples())) {
      GeneratedFile.copy("materialize-redis", samplesQuery(), samples(), "FORMAT PARQUET");
      generated = true;
    }
    writeRepo(redis);
    return generated;
  }

  /** A multiplier coprime with the number of keys, so that {@code i * m mod keys} permutes them. */
  private long scramble() {
    long m = 7_368_787L % keys;
    while (!BigInteger.valueOf(m).gcd(BigInteger.valueOf(keys)).equals(BigInteger.ONE)) {
      m++;
    }
    return m;
  }

  private String samplesQuery() {
    List<String> select = new ArrayList<>();
    select.add("k AS " + JOIN_KEY);
    String event = "(" + BASE_SECONDS + " + i * " + YEAR_SECONDS + " // " + keys + ")";
    select.add("make_timestamptz(" + event + " * 1000000) AS event_timestamp");
    select.add("make_timestamptz((" + event + " + 60) * 1000000) AS created_timestamp");
    for (int f = 0; f < FEATURES; f++) {
      select.add("(hash(k, " + f + ") % 2000001)::DOUBLE / 1000000 - 1 AS feature_" + f);
    }
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT i, (i * "
        + scramble()
        + ") % "
        + keys
        + " AS k FROM range("
        + keys
        + ") t(i))";
  }

  private void writeRepo(BenchRedis redis) throws IOException {
    Path repo = repo();
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: %s
        registry: data/registry.db
        provider: local
        online_store: %s
        offline_store: {type: duckdb}
        entity_key_serialization_version: 3
        auth: {type: none}
        """
            .formatted(PROJECT, redis.onlineStoreYaml()));
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
    yaml.append("    online: true\n");
    Files.writeString(repo.resolve("features.yaml"), yaml.toString());
  }
}
