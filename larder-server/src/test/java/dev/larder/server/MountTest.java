package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler mounted under a prefix (the web UI under /ui): it answers everything under its prefix
 * and nothing else; the API's routes answer as before; its requests count in /metrics.
 */
class MountTest {
  @TempDir Path repo;

  /** Answers {@code mounted METHOD PATH}. */
  static final class Echo extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.setStatus(200);
      response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
      Content.Sink.write(
          response,
          true,
          "mounted " + request.getMethod() + " " + request.getHttpURI().getPath(),
          callback);
      return true;
    }
  }

  private FeatureStore store() throws Exception {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: mounts
        registry: data/registry.db
        provider: local
        online_store: {type: sqlite, path: data/online_store.db}
        offline_store: {type: duckdb}
        entity_key_serialization_version: 3
        auth: {type: none}
        """);
    return FeatureStore.open(repo);
  }

  @Test
  void theMountAnswersUnderItsPrefixAndTheApiEverywhereElse() throws Exception {
    try (FeatureStore store = store();
        FeatureServer server =
            FeatureServer.start(
                store, ServerConfig.defaults().withPort(0), new Mount("/ui", new Echo()))) {
      HttpClient client = HttpClient.newHttpClient();
      URI base = server.uri();
      assertThat(get(client, base, "/ui").body()).isEqualTo("mounted GET /ui");
      assertThat(get(client, base, "/ui/feature-views/x").body())
          .isEqualTo("mounted GET /ui/feature-views/x");
      HttpResponse<String> post =
          client.send(
              HttpRequest.newBuilder(base.resolve("/ui/login"))
                  .POST(HttpRequest.BodyPublishers.ofString("key=k"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.body()).isEqualTo("mounted POST /ui/login");

      HttpResponse<String> other = get(client, base, "/uix");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).startsWith("{\"error\":{\"code\":\"NOT_FOUND\"");
      HttpResponse<String> health = get(client, base, "/health");
      assertThat(health.body()).doesNotContain("mounted").startsWith("{");
      HttpResponse<String> read =
          client.send(
              HttpRequest.newBuilder(base.resolve("/get-online-features"))
                  .POST(HttpRequest.BodyPublishers.ofString("{"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(read.statusCode()).isEqualTo(400);
      assertThat(get(client, base, "/metrics").body())
          .contains("larder_http_requests_total{endpoint=\"/ui\",status=\"200\"} 3");
    }
  }

  @Test
  void aMountMayNotHideAnEndpoint() throws Exception {
    try (FeatureStore store = store()) {
      assertThatThrownBy(
              () ->
                  FeatureServer.start(
                      store, ServerConfig.defaults().withPort(0), new Mount("/health", new Echo())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("/health");
    }
    assertThatThrownBy(() -> new Mount("/ui/", new Echo()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mount("ui", new Echo()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static HttpResponse<String> get(HttpClient client, URI base, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
