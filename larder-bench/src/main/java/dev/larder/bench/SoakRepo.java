package dev.larder.bench;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.Principal;
import dev.larder.core.files.Directories;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.online.PushMode;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's repository: the one of {@code larder init} (1000 samples × 20 features), plus a push
 * source {@value #PUSH_SOURCE} over a directory of Parquet files (seeded with the sample's rows, so
 * that pushes {@code to: online_and_offline} add files to it) feeding the view {@value
 * #PUSHED_VIEW}, with API keys on: a reader's key (read online) and a writer's key (push online and
 * offline, materialize). Applied and materialized up to now, and checked once: an offline push and
 * a materialization of it succeed.
 *
 * @param path the repository
 * @param readerKey the key of role {@code reader}
 * @param writerKey the key of role {@code writer}
 */
record SoakRepo(Path path, String readerKey, String writerKey) {
  static final String PUSH_SOURCE = "soak_push";
  static final String PUSHED_VIEW = "pushed_features";

  /** The features of {@value #PUSHED_VIEW}, besides {@code target}. */
  static final int PUSHED_FEATURES = 5;

  /** Pushed keys are drawn from 0 … {@value}−1, so the online store stops growing. */
  static final int PUSHED_KEYS = 10_000;

  private static final String EXTRA =
      """
      sources:
        - name: soak_push
          type: push
          batch_source: {name: soak_push_files, type: file, path: data/pushed,
                         timestamp_field: event_timestamp, created_timestamp_column: created_timestamp}
      feature_views:
        - name: pushed_features
          entities: [sample]
          source: soak_push
          schema:
      %s      - {name: target, dtype: Int64}
          online: true
      """;

  private static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
        - name: readers
          types: [feature_view, feature_service]
          actions: [describe, read_online]
          policy: {roles: [reader]}
        - name: writers
          types: [feature_view]
          actions: [describe, read_offline, write_online, write_offline]
          policy: {roles: [writer]}
      """;

  static SoakRepo create() throws IOException, SQLException {
    Path dir = Files.createTempDirectory("larder-bench-soak");
    Path repo = dir.resolve("feature_repo");
    ClassificationRepoTemplate.init(repo, false);
    StringBuilder schema = new StringBuilder();
    for (int i = 0; i < PUSHED_FEATURES; i++) {
      schema.append("      - {name: feature_").append(i).append(", dtype: Float64}\n");
    }
    Files.writeString(repo.resolve("soak.yaml"), String.format(EXTRA, schema));
    Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
    seed(repo);
    Path config = repo.resolve(ClassificationRepoTemplate.CONFIG_FILE);
    String yaml = Files.readString(config);
    if (!yaml.contains("auth: {type: none}")) {
      throw new IllegalStateException("the template's feature_store.yaml changed:\n" + yaml);
    }
    Files.writeString(
        config,
        yaml.replace("auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
    ApiKeyFile keys = new ApiKeyFile(repo.resolve("auth/keys.yaml"));
    String reader = keys.add("soak-reader", List.of("reader"), Clock.systemUTC()).key();
    String writer = keys.add("soak-writer", List.of("writer"), Clock.systemUTC()).key();
    try (FeatureStore store = FeatureStore.open(repo, Principal.of("soak-admin", "admin"))) {
      store.apply();
      store.materializeIncremental(Instant.now(), null, MaterializeProgress.NONE);
      // the writer's work, once, before the clock starts: a push offline, then its materialization
      FeatureStore asWriter = store.as(Principal.of("soak-writer", "writer"));
      asWriter.push(PUSH_SOURCE, pushRows(List.of(0L), Instant.now()), PushMode.OFFLINE);
      asWriter.materializeIncremental(
          Instant.now(), List.of(PUSHED_VIEW), MaterializeProgress.NONE);
    }
    return new SoakRepo(repo, reader, writer);
  }

  /** The columns of a push of {@code keys}, stamped {@code time}. */
  static Map<String, List<?>> pushRows(List<Long> keys, Instant time) {
    Map<String, List<?>> df = new LinkedHashMap<>();
    df.put(ClassificationRepoTemplate.JOIN_KEY, keys);
    List<String> times = new ArrayList<>();
    List<Object> created = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      times.add(time.toString());
      created.add(null);
    }
    df.put("event_timestamp", times);
    df.put("created_timestamp", created);
    for (int f = 0; f < PUSHED_FEATURES; f++) {
      List<Double> values = new ArrayList<>();
      for (Long key : keys) {
        values.add(key * 0.001 + f);
      }
      df.put("feature_" + f, values);
    }
    df.put(ClassificationRepoTemplate.LABEL, keys.stream().map(k -> k % 2).toList());
    return df;
  }

  /** The push source's directory, seeded with the sample's rows in the push's columns. */
  private static void seed(Path repo) throws IOException, SQLException {
    Path pushed = Files.createDirectories(repo.resolve("data/pushed"));
    StringBuilder columns = new StringBuilder("sample_index, event_timestamp, created_timestamp");
    for (int i = 0; i < PUSHED_FEATURES; i++) {
      columns.append(", feature_").append(i);
    }
    columns.append(", target");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT "
              + columns
              + " FROM read_parquet('"
              + repo.resolve(ClassificationRepoTemplate.INIT_DATA_PATH)
              + "')) TO '"
              + pushed.resolve("0-seed.parquet")
              + "' (FORMAT parquet)");
    }
  }

  void delete() throws IOException {
    Directories.deleteTree(path.getParent());
  }
}
