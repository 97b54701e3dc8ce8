package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the many-views benchmark, Feast #3003's shape (a feature service of many wide views
 * over string keys), generated once by DuckDB SQL and cached beside {@link PitJoinData}'s:
 *
 * <ul>
 *   <li>{@code view_<v>.parquet}, {@value #VIEWS} of them: {@value #KEYS} string keys ({@code
 *       customer_id}, {@code C000123}) × {@value #SNAPSHOTS} daily snapshots, in snapshot order;
 *       snapshot {@code s} of a key at a hashed second of day {@code s} from 2025-01-01 (so a key's
 *       times are distinct and increasing), {@code created_timestamp} a minute later; {@value
 *       #FEATURES} DOUBLE features {@code v<v>_f0 …}.
 *   <li>{@code entities.parquet}: {@value #ENTITY_ROWS} rows, every key once in a shuffled order,
 *       at hashed times from a day before the first snapshot to a day after the last.
 *   <li>{@code repo/}: entity {@code customer} (STRING), a source and a view per file (ttl 0) and
 *       the feature service {@code all_views} of every view.
 *   <li>{@code view_<v>.csv}, {@code entities.csv}: copies for pandas (times as epoch
 *       microseconds), written only when the pandas baseline runs.
 * </ul>
 */
final class PitManyViewsData {
  static final int VIEWS = 10;
  static final int FEATURES = 100;
  static final int KEYS = 17_000;
  static final int SNAPSHOTS = 12;
  static final int ENTITY_ROWS = KEYS;

  /** Names the directory of this shape of data; change it when the generator changes. */
  static final String VERSION = "pit-many-views-v1";

  static final String JOIN_KEY = "customer_id";
  static final String SERVICE = "all_views";

  private static final long BASE_SECONDS = 1_735_689_600L; // 2025-01-01T00:00:00Z
  private static final long DAY = 86_400L;

  private final Path dir;

  private PitManyViewsData(Path dir) {
    this.dir = dir;
  }

  static PitManyViewsData in(Path scratch) {
    return new PitManyViewsData(scratch.resolve(VERSION).toAbsolutePath());
  }

  Path dir() {
    return dir;
  }

  Path view(int v) {
    return dir.resolve("view_" + v + ".parquet");
  }

  List<Path> views() {
    List<Path> out = new ArrayList<>();
    for (int v = 0; v < VIEWS; v++) {
      out.add(view(v));
    }
    return out;
  }

  Path entities() {
    return dir.resolve("entities.parquet");
  }

  Path repo() {
    return dir.resolve("repo");
  }

  /** The features of view {@code v}, {@code v<v>_f0 …}. */
  static List<String> featureNames(int v) {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      names.add("v" + v + "_f" + f);
    }
    return names;
  }

  static List<List<String>> allFeatureNames() {
    List<List<String>> out = new ArrayList<>();
    for (int v = 0; v < VIEWS; v++) {
      out.add(featureNames(v));
    }
    return out;
  }

  /**
   * Writes the Parquet files that are missing and the repository's files.
   *
   * @return whether any Parquet file was generated
   */
  boolean prepareParquet() throws IOException, SQLException {
    Files.createDirectories(dir);
    boolean generated = false;
    for (int v = 0; v < VIEWS; v++) {
      if (!Files.isRegularFile(view(v))) {
        copy(viewQuery(v), view(v), "FORMAT PARQUET");
        generated = true;
      }
    }
    if (!Files.isRegularFile(entities())) {
      copy(entitiesQuery(), entities(), "FORMAT PARQUET");
      generated = true;
    }
    writeRepo();
    return generated;
  }

  /** Writes the CSV copies for pandas when missing. */
  void prepareCsv() throws IOException, SQLException {
    for (int v = 0; v < VIEWS; v++) {
      Path csv = dir.resolve("view_" + v + ".csv");
      if (!Files.isRegularFile(csv)) {
        copy(
            "SELECT "
                + JOIN_KEY
                + ", epoch_us(event_timestamp) AS event_us, "
                + String.join(", ", featureNames(v))
                + " FROM read_parquet("
                + PitJoinData.literal(view(v))
                + ")",
            csv,
            "FORMAT CSV, HEADER");
      }
    }
    Path csv = dir.resolve("entities.csv");
    if (!Files.isRegularFile(csv)) {
      copy(
          "SELECT "
              + JOIN_KEY
              + ", epoch_us(event_timestamp) AS event_us FROM read_parquet("
              + PitJoinData.literal(entities())
              + ")",
          csv,
          "FORMAT CSV, HEADER");
    }
  }

  private static String key(String k) {
    return "'C' || lpad(CAST(" + k + " AS VARCHAR), 6, '0')";
  }

  /** Row {@code i} is snapshot {@code i / KEYS} of key {@code i % KEYS}. */
  private static String viewQuery(int v) {
    List<String> select = new ArrayList<>();
    select.add(key("k") + " AS " + JOIN_KEY);
    String event =
        "(" + BASE_SECONDS + " + s * " + DAY + " + (hash(k, s, " + v + ") % " + DAY + "))";
    select.add("make_timestamptz(" + event + "::BIGINT * 1000000) AS event_timestamp");
    select.add("make_timestamptz((" + event + "::BIGINT + 60) * 1000000) AS created_timestamp");
    for (int f = 0; f < FEATURES; f++) {
      select.add("(hash(i, " + v + ", " + f + ") % 1000000)::DOUBLE / 1000000 AS v" + v + "_f" + f);
    }
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT i, i % "
        + KEYS
        + " AS k, i // "
        + KEYS
        + " AS s FROM range("
        + (long) KEYS * SNAPSHOTS
        + ") t(i))";
  }

  /** Every key once, in the order of a multiplicative permutation, at hashed times. */
  private static String entitiesQuery() {
    long start = BASE_SECONDS - DAY;
    long span = (SNAPSHOTS + 2L) * DAY;
    return "SELECT "
        + key("(i * 7919) % " + KEYS)
        + " AS "
        + JOIN_KEY
        + ", make_timestamptz(("
        + start
        + " + (hash(i, 'time') % "
        + span
        + ")::BIGINT) * 1000000) AS event_timestamp FROM range("
        + ENTITY_ROWS
        + ") t(i)";
  }

  private void writeRepo() throws IOException {
    Path repo = repo();
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: pit_many_views
        registry: data/registry.db
        provider: local
        online_store: {type: sqlite, path: data/online_store.db}
        offline_store: {type: duckdb}
        entity_key_serialization_version: 3
        auth: {type: none}
        """);
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        entities:
          - name: customer
            join_keys: [customer_id]
            value_type: STRING
        sources:
        """);
    for (int v = 0; v < VIEWS; v++) {
      yaml.append("  - name: source_")
          .append(v)
          .append("\n    type: file\n    path: ../view_")
          .append(v)
          .append(".parquet\n    timestamp_field: event_timestamp\n")
          .append("    created_timestamp_column: created_timestamp\n");
    }
    yaml.append("feature_views:\n");
    for (int v = 0; v < VIEWS; v++) {
      yaml.append("  - name: view_")
          .append(v)
          .append("\n    entities: [customer]\n    ttl: 0\n    source: source_")
          .append(v)
          .append("\n    online: false\n    schema:\n");
      for (String f : featureNames(v)) {
        yaml.append("      - {name: ").append(f).append(", dtype: Float64}\n");
      }
    }
    yaml.append("feature_services:\n  - name: ").append(SERVICE).append("\n    features:\n");
    for (int v = 0; v < VIEWS; v++) {
      yaml.append("      - {feature_view: view_").append(v).append("}\n");
    }
    Files.writeString(repo.resolve("features.yaml"), yaml.toString());
  }

  private static void copy(String query, Path target, String options)
      throws IOException, SQLException {
    GeneratedFile.copy("pit-many-views", query, target, options);
  }
}
