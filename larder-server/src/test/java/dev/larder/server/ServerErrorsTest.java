package dev.larder.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests get a 4xx with a JSON error naming the problem, never a stack trace, and the server
 * keeps serving; {@code /health} and {@code /metrics}.
 */
class ServerErrorsTest {
  @TempDir static Path work;
  static ServedRepo served;

  @BeforeAll
  static void serve() throws IOException {
    served =
        new ServedRepo(work.resolve("repo"), ServerConfig.defaults().withMaxBodyBytes(64 * 1024));
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static String read(String features, String entities) {
    return FeatureServerTest.read(features, entities);
  }

  @Test
  void badRequestsGetAJsonErrorNamingTheProblem() {
    ServedRepo.Answer unknownFeature =
        served.post(
            "/get-online-features",
            read("\"classification_features:featur_3\"", "\"sample_index\": [1]"));
    assertThat(unknownFeature.status()).isEqualTo(404);
    assertThat(error(unknownFeature).get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(error(unknownFeature).get("message").asText()).contains("feature_3");

    ServedRepo.Answer malformed = served.post("/get-online-features", "{\"features\": [");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(error(malformed).get("code").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error(malformed).get("message").asText()).contains("malformed JSON");
    assertThat(malformed.body()).doesNotContain("at com.").doesNotContain("Exception");

    ServedRepo.Answer wrongKey =
        served.post(
            "/get-online-features",
            read("\"classification_features:feature_0\"", "\"driver_id\": [1]"));
    assertThat(wrongKey.status()).isEqualTo(400);
    assertThat(error(wrongKey).get("message").asText()).contains("sample_index");

    assertThat(served.post("/get-online-features", "[1, 2]").status()).isEqualTo(400);
    assertThat(served.post("/get-online-features", "").status()).isEqualTo(400);
    assertThat(
            served.post("/get-online-features", "{\"entities\": {\"sample_index\": [1]}}").status())
        .isEqualTo(400);
    assertThat(
            served
                .post(
                    "/get-online-features",
                    read("\"classification_features:feature_0\"", "\"sample_index\": [\"x\"]"))
                .status())
        .isEqualTo(400);

    ServedRepo.Answer noRoute = served.get("/nothing-here");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(error(noRoute).get("message").asText()).contains("/get-online-features");
    assertThat(served.get("/get-online-features").status()).isEqualTo(405);
  }

  @Test
  void anOversizedBodyGets413AndTheServerKeepsServing() {
    String padding = "x".repeat(100 * 1024);
    for (int i = 0; i < 3; i++) {
      ServedRepo.Answer big =
          served.post(
              "/get-online-features",
              "{\"pad\": \"" + padding + "\", \"features\": [], \"entities\": {}}");
      assertThat(big.status()).isEqualTo(413);
      assertThat(error(big).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }
    assertThat(
            served
                .post(
                    "/get-online-features",
                    read("\"classification_features:feature_0\"", "\"sample_index\": [1]"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void anOversizedChunkedBodyGets413AndTheServerKeepsServing() {
    byte[] padding = ("{\"pad\": \"" + "x".repeat(200 * 1024) + "\"}").getBytes(UTF_8);
    for (int i = 0; i < 3; i++) {
      ServedRepo.Answer big =
          served.send(
              HttpRequest.newBuilder(served.uri("/get-online-features"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(padding)))
                  .build());
      assertThat(big.status()).isEqualTo(413);
      assertThat(error(big).get("message").asText()).contains("--max-body-size");
    }
    assertThat(
            served
                .post(
                    "/get-online-features",
                    read("\"classification_features:feature_0\"", "\"sample_index\": [1]"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void healthAndMetrics() {
    ServedRepo.Answer health = served.get("/health");
    assertThat(health.status()).isEqualTo(200);
    served.post(
        "/get-online-features",
        read("\"classification_features:feature_0\"", "\"sample_index\": [1]"));
    ServedRepo.Answer metrics = served.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("larder_http_requests_total{endpoint=\"/get-online-features\",status=\"200\"}")
        .contains("larder_http_request_duration_seconds_bucket{endpoint=\"/get-online-features\"")
        .contains("larder_online_read_duration_seconds_count")
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("jvm_threads_current")
        .contains("process_resident_memory_bytes")
        .contains("process_open_fds");
  }

  @Test
  void requestsWithUnusualMethodsOrHeadersStillGetJson() {
    ServedRepo.Answer put =
        served.send(
            HttpRequest.newBuilder(served.uri("/push"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(put.status()).isEqualTo(405);
    assertThat(error(put).get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
  }

  private static JsonNode error(ServedRepo.Answer a) {
    JsonNode error = a.json().get("error");
    assertThat(error).as(a.body()).isNotNull();
    assertThat(a.json().size()).isEqualTo(1);
    return error;
  }
}
