package dev.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the point-in-time join benchmark, generated once by DuckDB SQL and cached in a
 * scratch directory outside the repository (DESIGN Targets: 1M entity rows × 10M feature rows × 20
 * features).
 *
 * <ul>
 *   <li>{@code features.parquet}: {@value #KEYS} keys ({@code item_id BIGINT}) × {@value
 *       #SNAPSHOTS} rows each, in snapshot order (as data is appended over time). Snapshot {@code
 *       s} of a key has its {@code event_timestamp} (TIMESTAMPTZ, whole seconds) at a hashed offset
 *       inside the {@code s}-th window of {@value #WINDOW_DAYS} days from 2025-01-01, so a key's
 *       times are distinct and increasing; {@code created_timestamp} is 60 s to 61 min later; 20
 *       DOUBLE features {@code f_0 … f_19} with six decimals.
 *   <li>{@code entities.parquet}: {@value #ENTITY_ROWS} rows of hashed keys (duplicates occur) at
 *       hashed times from {@value #LEAD_DAYS} days before the first window to {@value #LEAD_DAYS}
 *       days after the last, in no particular order; rows before their key's first event match
 *       nothing.
 *   <li>{@code repo/}: a feature repository (entity {@code item}, view {@code item_features} over
 *       {@code ../features.parquet}, ttl 0).
 *   <li>{@code features.csv}, {@code entities.csv}: the same rows for pandas, which reads no
 *       Parquet without pyarrow (not packaged by Debian 12); times as epoch microseconds. Written
 *       only when the pandas baseline runs.
 * </ul>
 *
 * Those are pit-join's sizes ({@link #STANDARD}); pit-join-large's ({@link #LARGE}) are the same
 * data scaled to more keys and entity rows, in a directory of its own.
 *
 * <p>Rows keep the order of {@code range()} (DuckDB preserves insertion order). Each file is
 * written under a temporary name and moved into place, so an interrupted generation is redone; a
 * changed shape uses a new directory ({@link #VERSION}).
 */
final class PitJoinData {
  static final int KEYS = 1_000_000;
  static final int SNAPSHOTS = 10;
  static final int ENTITY_ROWS = 1_000_000;
  static final int FEATURES = 20;
  static final int WINDOW_DAYS = 30;
  static final int LEAD_DAYS = 15;

  /** Names the directory of this shape of data; change it when the generator changes. */
  static final String VERSION = "pit-join-v1";

  /**
   * A size of the data: {@code keys} × {@code snapshots} feature rows, {@code entityRows} entity
   * rows, in the directory {@code version}.
   */
  record Shape(String version, int keys, int snapshots, int entityRows) {
    long featureRows() {
      return (long) keys * snapshots;
    }
  }

  /** pit-join's data (DESIGN Targets): 1M entity rows × 10M feature rows (1M keys × 10). */
  static final Shape STANDARD = new Shape(VERSION, KEYS, SNAPSHOTS, ENTITY_ROWS);

  /**
   * pit-join-large's data, pit-join's scaled five times: 5M keys × 10 snapshots = 50M feature rows
   * (about 9 GB of Parquet, 9 GB as doubles in memory) and 5M entity rows, so the entity table, the
   * picks and the output (5M × 22 columns) grow with the source instead of staying small beside it.
   */
  static final Shape LARGE = new Shape("pit-join-large-v1", 5_000_000, 10, 5_000_000);

  static final String VIEW = "item_features";
  static final String JOIN_KEY = "item_id";

  private static final long BASE_SECONDS = 1_735_689_600L; // 2025-01-01T00:00:00Z
  private static final long DAY = 86_400L;

  private final Path dir;
  private final Shape shape;

  private PitJoinData(Path dir, Shape shape) {
    this.dir = dir;
    this.shape = shape;
  }

  /** pit-join's data under {@code scratch} (created if needed); nothing is generated yet. */
  static PitJoinData in(Path scratch) {
    return in(scratch, STANDARD);
  }

  /** The data of {@code shape} under {@code scratch}; nothing is generated yet. */
  static PitJoinData in(Path scratch, Shape shape) {
    return new PitJoinData(scratch.resolve(shape.version()).toAbsolutePath(), shape);
  }

  Shape shape() {
    return shape;
  }

  Path dir() {
    return dir;
  }

  Path features() {
    return dir.resolve("features.parquet");
  }

  Path entities() {
    return dir.resolve("entities.parquet");
  }

  Path featuresCsv() {
    return dir.resolve("features.csv");
  }

  Path entitiesCsv() {
    return dir.resolve("entities.csv");
  }

  Path repo() {
    return dir.resolve("repo");
  }

  /** Every feature's name, {@code f_0 … f_19}. */
  static List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      names.add("f_" + f);
    }
    return names;
  }

  /** The {@code --features} argument: every feature of the view. */
  static String featureReferences() {
    List<String> refs = new ArrayList<>();
    featureNames().forEach(f -> refs.add(VIEW + ":" + f));
    return String.join(",", refs);
  }

  /**
   * Writes the Parquet files that are missing and the repository's files.
   *
   * @return whether any Parquet file was generated (false: all were cached)
   */
  boolean prepareParquet() throws IOException, SQLException {
    Files.createDirectories(dir);
    boolean generated = false;
    if (!Files.isRegularFile(features())) {
      copy(featuresQuery(shape), features(), "FORMAT PARQUET");
      generated = true;
    }
    if (!Files.isRegularFile(entities())) {
      copy(entitiesQuery(shape), entities(), "FORMAT PARQUET");
      generated = true;
    }
    writeRepo();
    return generated;
  }

  /** Writes the CSV copies for pandas when missing, from the Parquet files. */
  void prepareCsv() throws IOException, SQLException {
    if (!Files.isRegularFile(featuresCsv())) {
      List<String> columns = new ArrayList<>();
      columns.add(JOIN_KEY);
      columns.add("epoch_us(event_timestamp) AS event_us");
      columns.add("epoch_us(created_timestamp) AS created_us");
      columns.addAll(featureNames());
      copy(
          "SELECT "
              + String.join(", ", columns)
              + " FROM read_parquet("
              + literal(features())
              + ")",
          featuresCsv(),
          "FORMAT CSV, HEADER");
    }
    if (!Files.isRegularFile(entitiesCsv())) {
      copy(
          "SELECT "
              + JOIN_KEY
              + ", epoch_us(event_timestamp) AS event_us FROM read_parquet("
              + literal(entities())
              + ")",
          entitiesCsv(),
          "FORMAT CSV, HEADER");
    }
  }

  /** The feature rows: row {@code i} is snapshot {@code i / keys} of key {@code i % keys}. */
  private static String featuresQuery(Shape shape) {
    long window = WINDOW_DAYS * DAY;
    List<String> select = new ArrayList<>();
    select.add("k AS " + JOIN_KEY);
    String event =
        "(" + BASE_SECONDS + " + s * " + window + " + (hash(k, s) % " + window + ")::BIGINT)";
    select.add("make_timestamptz(" + event + " * 1000000) AS event_timestamp");
    select.add(
        "make_timestamptz(("
            + event
            + " + 60 + (hash(k, s, 'created') % 3600)::BIGINT) * 1000000) AS created_timestamp");
    for (int f = 0; f < FEATURES; f++) {
      select.add("(hash(i, " + f + ") % 1000000)::DOUBLE / 1000000 AS f_" + f);
    }
    return "SELECT "
        + String.join(", ", select)
        + " FROM (SELECT i, i % "
        + shape.keys()
        + " AS k, i // "
        + shape.keys()
        + " AS s FROM range("
        + shape.featureRows()
        + ") t(i))";
  }

  /** The entity rows: hashed keys at hashed times spanning the data and a margin either side. */
  private static String entitiesQuery(Shape shape) {
    long start = BASE_SECONDS - LEAD_DAYS * DAY;
    long span = ((long) shape.snapshots() * WINDOW_DAYS + 2L * LEAD_DAYS) * DAY;
    return "SELECT (hash(i, 'key') % "
        + shape.keys()
        + ")::BIGINT AS "
        + JOIN_KEY
        + ", make_timestamptz(("
        + start
        + " + (hash(i, 'time') % "
        + span
        + ")::BIGINT) * 1000000) AS event_timestamp FROM range("
        + shape.entityRows()
        + ") t(i)";
  }

  private void writeRepo() throws IOException {
    Path repo = repo();
    Files.createDirectories(repo);
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: pit_bench
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
          - name: item
            join_keys: [item_id]
            value_type: INT64
        sources:
          - name: item_source
            type: file
            path: ../features.parquet
            timestamp_field: event_timestamp
            created_timestamp_column: created_timestamp
        feature_views:
          - name: item_features
            entities: [item]
            ttl: 0
            source: item_source
            schema:
        """);
    for (String f : featureNames()) {
      yaml.append("      - {name: ").append(f).append(", dtype: Float64}\n");
    }
    yaml.append("    online: false\n");
    Files.writeString(repo.resolve("features.yaml"), yaml.toString());
  }

  private void copy(String query, Path target, String options) throws IOException, SQLException {
    String label =
        shape.equals(STANDARD)
            ? "pit-join"
            : shape.equals(LARGE) ? "pit-join-large" : shape.version();
    GeneratedFile.copy(label, query, target, options);
  }

  /** An in-memory DuckDB session in UTC. */
  static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** {@code path} as a SQL string literal. */
  static String literal(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }
}
