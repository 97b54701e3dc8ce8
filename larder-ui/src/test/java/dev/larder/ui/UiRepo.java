package dev.larder.ui;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.Principal;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small repository (a CSV source of five rows) whose descriptions, tags and owners hold HTML,
 * applied, with the UI served alone on an ephemeral port ({@link UiServer}); a small HTTP client
 * that keeps no cookies of its own (tests pass them) and follows no redirects.
 */
final class UiRepo implements AutoCloseable {
  /** What every user-controlled text of the extra objects holds. */
  static final String EVIL = "<script>alert(1)</script>";

  static final String CONFIG =
      """
      project: uitest
      registry: data/registry.db
      provider: local
      online_store: {type: sqlite, path: data/online_store.db}
      offline_store: {type: duckdb}
      entity_key_serialization_version: 3
      auth: AUTH
      """;

  static final String DEFINITIONS =
      """
      entities:
        - name: sample
          join_keys: [sample_index]
          value_type: INT64
          description: One sample
          tags: {visibility: public}
        - name: driver
          join_keys: [driver_id]
          value_type: INT64
          description: "Drivers <script>alert(1)</script>"
          owner: "ops<script>alert(1)</script>@example.com"
          tags: {team: ops, note: "<script>alert(1)</script>"}
      sources:
        - name: rows
          type: file
          path: data/rows.csv
          timestamp_field: event_timestamp
          created_timestamp_column: created_timestamp
      feature_views:
        - name: public_stats
          entities: [sample]
          source: rows
          schema:
            - {name: feature_0, dtype: Float64}
          online: true
          description: "Public <script>alert(1)</script> stats"
          owner: ana@example.com
          tags: {visibility: public, note: "<script>alert(1)</script>"}
        - name: secret_stats
          entities: [sample]
          source: rows
          schema:
            - {name: feature_1, dtype: Float64}
          online: true
          description: "Secret risk scores"
          owner: risk@example.com
          tags: {visibility: secret}
      feature_services:
        - name: public_service
          features:
            - feature_view: public_stats
          description: "Service <script>alert(1)</script>"
          owner: bo@example.com
          tags: {visibility: public}
      """;

  /** Who may see what when auth is on: a reader sees only objects tagged visibility=public. */
  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
          description: "Admins <script>alert(1)</script>"
        - name: readers_basics
          types: [entity, data_source]
          actions: [describe]
          policy: {roles: [reader]}
        - name: readers_public
          types: [feature_view, feature_service]
          required_tags: {visibility: public}
          actions: [describe, read_online]
          policy: {roles: [reader]}
      """;

  final Path repo;
  final FeatureStore store;
  final UiServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  final Queue<String> bodies = new ConcurrentLinkedQueue<>();

  final String readerKey;
  final String adminKey;

  /**
   * The repository with {@code bulkViews} more views ({@code bulk_000}, … with owners {@code
   * owner0} … {@code owner4}), applied and materialized by an admin, with two recorded runs (one on
   * {@code public_stats}, one on {@code secret_stats}); with {@code auth}, API keys {@code reader}
   * (role reader) and {@code boss} (role admin) and {@link #PERMISSIONS}.
   */
  UiRepo(Path repo, boolean auth, int bulkViews) throws IOException {
    this.repo = repo;
    Files.createDirectories(repo.resolve("data"));
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        CONFIG.replace(
            "AUTH", auth ? "{type: api_key, keys_file: auth/keys.yaml}" : "{type: none}"));
    StringBuilder csv =
        new StringBuilder("sample_index,event_timestamp,created_timestamp,feature_0,feature_1\n");
    for (int i = 0; i < 5; i++) {
      csv.append(i)
          .append(",2025-01-0")
          .append(i + 1)
          .append("T00:00:00Z,2025-01-0")
          .append(i + 1)
          .append("T00:01:00Z,")
          .append(i * 0.5)
          .append(',')
          .append(i * 1.5)
          .append('\n');
    }
    Files.writeString(repo.resolve("data/rows.csv"), csv);
    StringBuilder bulk = new StringBuilder("feature_views:\n");
    for (int i = 0; i < bulkViews; i++) {
      bulk.append(
          String.format(
              java.util.Locale.ROOT,
              "  - {name: bulk_%03d, entities: [sample], source: rows, online: false,"
                  + " schema: [{name: feature_0, dtype: Float64}], owner: owner%d,"
                  + " description: \"bulk view %d\", tags: {visibility: public, batch: b%d}}\n",
              i,
              i % 5,
              i,
              i % 3));
    }
    Files.writeString(repo.resolve("features.yaml"), DEFINITIONS);
    if (bulkViews > 0) {
      Files.writeString(repo.resolve("bulk.yaml"), bulk);
    }
    if (auth) {
      Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
      ApiKeyFile keys = new ApiKeyFile(repo.resolve("auth/keys.yaml"));
      readerKey = keys.add("reader", List.of("reader"), Clock.systemUTC()).key();
      adminKey = keys.add("boss", List.of("admin"), Clock.systemUTC()).key();
    } else {
      readerKey = null;
      adminKey = null;
    }
    store = FeatureStore.open(repo, Principal.of("root", "admin"));
    store.apply();
    store.materialize(
        Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2025-02-01T00:00:00Z"),
        List.of("public_stats", "secret_stats"),
        MaterializeProgress.NONE);
    store.recordRun(run("run-public", "public_stats", "feature_0"));
    store.recordRun(run("run-secret", "secret_stats", "feature_1"));
    List<UiModule> modules = new java.util.ArrayList<>(WebUi.MODULES);
    modules.add(TEST_PAGES);
    server = UiServer.start(WebUi.create(store, modules, Clock.systemUTC()), 0);
  }

  /**
   * A page of the tests: {@code /ui/test-object/{kind}/{name}} answers {@code visible NAME} for an
   * object the principal may describe, as an object page starts ({@link UiRequest#requireVisible}).
   */
  static final UiModule TEST_PAGES =
      routes ->
          routes.get(
              "/ui/test-object/{kind}/{name}",
              r -> {
                String name = r.pathParam("name");
                r.requireVisible(DefinitionKind.parse(r.pathParam("kind")), name);
                return UiResponse.text(200, "text/plain; charset=utf-8", "visible " + name);
              });

  private static RecordedRun run(String id, String view, String feature) {
    return new RecordedRun(
        id,
        Instant.parse("2025-03-01T00:00:00Z"),
        "trainer",
        new TrainingInputs(
            List.of(new ResolvedFeature(view, 1, feature)),
            List.of("rows"),
            Optional.empty(),
            Instant.parse("2025-02-01T00:00:00Z"),
            "0".repeat(64),
            5),
        5,
        "1".repeat(64),
        "logistic-regression",
        "{\"algorithm\": \"logistic-regression\"}",
        Map.of("accuracy", 0.9, "roc_auc", 0.95),
        "runs/" + id);
  }

  /** One exchange. */
  record Answer(int status, String body, HttpResponse<String> response) {
    /** The header {@code name}'s first value, or empty. */
    String header(String name) {
      return response.headers().firstValue(name).orElse("");
    }

    List<String> setCookies() {
      return response.headers().allValues("Set-Cookie");
    }

    /** The value the response sets the cookie {@code name} to, if it sets it. */
    Optional<String> cookie(String name) {
      for (String c : setCookies()) {
        if (c.startsWith(name + "=")) {
          return Optional.of(c.substring(name.length() + 1, c.indexOf(';')));
        }
      }
      return Optional.empty();
    }

    /** The value of the hidden form field {@code name} in the page. */
    String hidden(String name) {
      Matcher m =
          Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(body);
      if (!m.find()) {
        throw new AssertionError("no hidden field " + name + " in " + body);
      }
      return m.group(1);
    }
  }

  Answer get(String path, String cookies) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (cookies != null && !cookies.isEmpty()) {
      b.header("Cookie", cookies);
    }
    return send(b.build());
  }

  Answer get(String path) {
    return get(path, null);
  }

  Answer post(String path, Map<String, String> form, String cookies) {
    return post(path, form, cookies, Map.of());
  }

  Answer post(String path, Map<String, String> form, String cookies, Map<String, String> headers) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookies != null && !cookies.isEmpty()) {
      b.header("Cookie", cookies);
    }
    headers.forEach(b::header);
    return send(b.build());
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      bodies.add(r.body());
      return new Answer(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port()).resolve(path);
  }

  private static UiRepo open;
  private static UiRepo secured;

  /**
   * The repository with auth off and 70 bulk views, shared by the test classes of this JVM (a
   * repository costs seconds of DuckDB's and SQLite's start), removed when the JVM ends.
   */
  static synchronized UiRepo open() {
    if (open == null) {
      open = shared(false, 70);
    }
    return open;
  }

  /** The repository with auth on ({@link #PERMISSIONS}, keys reader and boss), shared. */
  static synchronized UiRepo secured() {
    if (secured == null) {
      secured = shared(true, 0);
    }
    return secured;
  }

  private static UiRepo shared(boolean auth, int bulkViews) {
    try {
      Path dir = Files.createTempDirectory("larder-ui-test");
      UiRepo repo = new UiRepo(dir.resolve("repo"), auth, bulkViews);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    repo.close();
                    deleteTree(dir);
                  }));
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort at exit
                }
              });
    } catch (IOException e) {
      // best effort at exit
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
