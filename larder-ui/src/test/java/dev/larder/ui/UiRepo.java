package dev.larder.ui;

import dev.larder.core.FeatureStore;
import dev.larder.core.access.Principal;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
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
 * The repository of {@code larder init} plus objects whose descriptions, tags and owners hold HTML,
 * applied, with the UI served alone on an ephemeral port ({@link UiServer}); a small HTTP client
 * that keeps no cookies of its own (tests pass them) and follows no redirects.
 */
final class UiRepo implements AutoCloseable {
  /** What every user-controlled text of the extra objects holds. */
  static final String EVIL = "<script>alert(1)</script>";

  static final String EXTRA =
      """
      entities:
        - name: driver
          join_keys: [driver_id]
          value_type: INT64
          description: "Drivers <script>alert(1)</script>"
          owner: "ops<script>alert(1)</script>@example.com"
          tags: {team: ops, note: "<script>alert(1)</script>"}
      feature_views:
        - name: public_stats
          entities: [sample]
          source: classification_source
          schema:
            - {name: feature_0, dtype: Float64}
          online: true
          description: "Public <script>alert(1)</script> stats"
          owner: ana@example.com
          tags: {visibility: public, note: "<script>alert(1)</script>"}
        - name: secret_stats
          entities: [sample]
          source: classification_source
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

  final Path repo;
  final FeatureStore store;
  final UiServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  final Queue<String> bodies = new ConcurrentLinkedQueue<>();

  /** Changes the repository's files before it is applied. */
  @FunctionalInterface
  interface Setup {
    void prepare(Path repo) throws IOException;
  }

  UiRepo(Path repo, Principal admin, Setup setup) throws IOException {
    this.repo = repo;
    ClassificationRepoTemplate.init(repo, false);
    Files.writeString(repo.resolve("extra.yaml"), EXTRA);
    setup.prepare(repo);
    store = FeatureStore.open(repo, admin);
    store.apply();
    server = UiServer.start(store, 0);
  }

  /** One exchange. */
  record Answer(int status, String body, HttpResponse<String> response) {
    Optional<String> header(String name) {
      return response.headers().firstValue(name);
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

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
