package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureStore;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} follows the registry and names it when it is down (the online store's side:
 * {@code BackendOutageIT}); stopping closes the port.
 */
class RegistryHealthTest {
  @TempDir Path repo;

  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void healthIs503UntilTheRegistryIsReadableAndAgainWhenItIsDamagedOrRemoved() throws Exception {
    Files.writeString(
        repo.resolve(ClassificationRepoTemplate.CONFIG_FILE),
        ClassificationRepoTemplate.configYaml());
    try (FeatureStore store = FeatureStore.open(repo);
        FeatureServer server = FeatureServer.start(store, ServerConfig.defaults().withPort(0))) {
      HttpResponse<String> before = health(server);
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(before.body()).get("error").get("message").asText())
          .contains("larder apply");

      store.apply();
      assertThat(waitFor(server, 200)).isEqualTo(200);
      assertThat(health(server).body()).isEqualTo("{\"status\":\"ok\"}");

      Path registry = repo.resolve("data/registry.db");
      Files.writeString(registry, "this is not a database, it was damaged on purpose");
      Files.deleteIfExists(Path.of(registry + "-wal"));
      Files.deleteIfExists(Path.of(registry + "-shm"));
      assertThat(waitFor(server, 503)).isEqualTo(503);

      Files.delete(registry);
      assertThat(waitFor(server, 503)).isEqualTo(503);
      assertThat(health(server).body()).contains("\"code\":\"BACKEND_UNAVAILABLE\"");
      // the reply names the backend that is down; the SQLite online store has nothing to reach
      JsonNode body = new ObjectMapper().readTree(health(server).body());
      assertThat(body.at("/error/message").asText()).startsWith("the registry is not readable: ");
      assertThat(body.at("/status").asText()).isEqualTo("unavailable");
      assertThat(body.at("/backends/registry/status").asText()).isEqualTo("unavailable");
      assertThat(body.at("/backends/registry/type").asText()).isEqualTo("sqlite");
      assertThat(body.at("/backends/registry/location").asText()).endsWith("registry.db");
      assertThat(body.at("/backends/registry/message").asText()).isNotBlank();
      assertThat(body.at("/backends/online_store/status").asText()).isEqualTo("ok");
      assertThat(body.at("/backends/online_store/type").asText()).isEqualTo("sqlite");
    }
  }

  @Test
  void stoppingClosesThePortAndMayBeRepeated() throws Exception {
    Files.writeString(
        repo.resolve(ClassificationRepoTemplate.CONFIG_FILE),
        ClassificationRepoTemplate.configYaml());
    try (FeatureStore store = FeatureStore.open(repo)) {
      FeatureServer server = FeatureServer.start(store, ServerConfig.defaults().withPort(0));
      assertThat(health(server).statusCode()).isEqualTo(503);
      long start = System.nanoTime();
      server.stop();
      // no request in flight: the stop waits at most for Jetty to close the idle keep-alive
      // connection (its shutdown idle timeout, 1 s), far below the 10 s for requests in flight
      assertThat((System.nanoTime() - start) / 1e9).as("seconds to stop").isLessThan(3.0);
      server.stop();
      assertThatThrownBy(() -> health(server)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aPortInUseIsABackendErrorNamingTheFix() throws Exception {
    Files.writeString(
        repo.resolve(ClassificationRepoTemplate.CONFIG_FILE),
        ClassificationRepoTemplate.configYaml());
    try (FeatureStore store = FeatureStore.open(repo);
        FeatureServer first = FeatureServer.start(store, ServerConfig.defaults().withPort(0))) {
      assertThatThrownBy(
              () -> FeatureServer.start(store, ServerConfig.defaults().withPort(first.port())))
          .isInstanceOf(dev.larder.core.BackendException.class)
          .hasMessageContaining(String.valueOf(first.port()))
          .hasCauseInstanceOf(IOException.class);
    }
  }

  private int waitFor(FeatureServer server, int status) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int last = 0;
    while (System.nanoTime() < deadline) {
      last = health(server).statusCode();
      if (last == status) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }

  private HttpResponse<String> health(FeatureServer server) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve("/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
