package dev.larder.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.core.materialize.MaterializeProgress;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * The repository of {@code larder init} plus a push source, a view with a one-hour ttl and a
 * feature service, applied and materialized up to now, served on an ephemeral port.
 */
final class ServedRepo implements AutoCloseable {
  static final String EXTRA =
      """
      sources:
        - name: classification_push
          type: push
          batch_source: {name: push_files, type: file, path: data/classification_data.parquet,
                         timestamp_field: event_timestamp, created_timestamp_column: created_timestamp}
      feature_views:
        - name: recent_features
          entities: [sample]
          ttl: 1h
          source: classification_source
          schema:
            - {name: feature_0, dtype: Float64}
            - {name: feature_1, dtype: Float64}
          online: true
        - name: pushed_features
          entities: [sample]
          source: classification_push
          schema:
            - {name: feature_0, dtype: Float64}
            - {name: target, dtype: Int64}
          online: true
      feature_services:
        - name: classifier
          features:
            - feature_view: classification_features
              features: [feature_0, feature_1]
      """;

  static final ObjectMapper JSON = new ObjectMapper();

  final Path repo;
  final FeatureStore store;
  final FeatureServer server;
  final Instant materializedTo;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Java's names for things, which no reply may show (DESIGN B7: never a stack trace; the hardening
   * issue: no exception text in any body, ever).
   */
  static final Pattern JAVA_TEXT =
      Pattern.compile(
          "(java|javax|jdk|org\\.eclipse|com\\.fasterxml)\\.[A-Za-z]|Exception\\b|Error:");

  /** Every response body this client received, checked against {@link #JAVA_TEXT} on close. */
  final Queue<String> bodies = new ConcurrentLinkedQueue<>();

  ServedRepo(Path repo, ServerConfig config) throws IOException {
    this(repo, config, Principal.local(), dir -> {});
  }

  /** Changes the repository's files before it is applied. */
  @FunctionalInterface
  interface Setup {
    void prepare(Path repo) throws IOException;
  }

  /**
   * The repository, changed by {@code setup} before it is applied, applied and materialized by
   * {@code admin}; the server's own store acts as {@code admin}.
   */
  ServedRepo(Path repo, ServerConfig config, Principal admin, Setup setup) throws IOException {
    this(repo, config, admin, setup, List.of());
  }

  /** The repository served with {@code extra} routes besides the server's own. */
  ServedRepo(Path repo, ServerConfig config, Principal admin, Setup setup, List<Route> extra)
      throws IOException {
    this.repo = repo;
    ClassificationRepoTemplate.init(repo, false);
    Files.writeString(repo.resolve("extra.yaml"), EXTRA);
    setup.prepare(repo);
    store = FeatureStore.open(repo, admin);
    store.apply();
    materializedTo = Instant.now();
    store.materializeIncremental(materializedTo, null, MaterializeProgress.NONE);
    server = FeatureServer.start(store, config.withPort(0), extra);
  }

  /** One HTTP exchange. */
  record Answer(int status, String body, String contentType) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(body, e);
      }
    }
  }

  Answer post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      record(r.body());
      return new Answer(
          r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Keeps a response body for the check on close. */
  void record(String body) {
    bodies.add(body);
  }

  /** The recorded bodies that show Java's names for things. */
  List<String> javaTextInBodies() {
    return bodies.stream().filter(b -> JAVA_TEXT.matcher(b).find()).toList();
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
    List<String> leaks = javaTextInBodies();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " response bodies show Java's names for things, e.g.: "
              + leaks.get(0).substring(0, Math.min(500, leaks.get(0).length())));
    }
  }
}
