package dev.larder.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
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
  void aHugeNameIsEchoedCutShortAndEscapedInEveryError() {
    String name = "v\\n\\u001b[2K" + "x".repeat(20_000);
    String[][] requests = {
      {"/get-online-features", read("\"" + name + ":feature_0\"", "\"sample_index\": [1]")},
      {
        "/get-online-features",
        read("\"classification_features:" + name + "\"", "\"sample_index\": [1]")
      },
      {"/get-online-features", read("\"" + name + "\"", "\"sample_index\": [1]")},
      {
        "/get-online-features",
        read("\"classification_features@" + name + ":feature_0\"", "\"sample_index\": [1]")
      },
      {
        "/get-online-features",
        read("\"classification_features:feature_0\"", "\"" + name + "\": [1]")
      },
      {
        "/get-online-features",
        "{\"feature_service\": \"" + name + "\", \"entities\": {\"sample_index\": [1]}}"
      },
      {"/push", "{\"push_source_name\": \"" + name + "\", \"df\": {\"a\": [1]}}"},
      {
        "/write-to-online-store",
        "{\"feature_view_name\": \"" + name + "\", \"df\": {\"sample_index\": [1]}}"
      },
      {
        "/write-to-online-store",
        "{\"feature_view_name\": \"classification_features\", \"df\": {\"" + name + "\": [1]}}"
      },
      {
        "/materialize",
        "{\"start_ts\": \"2025-01-01T00:00:00Z\", \"end_ts\": \"2025-02-01T00:00:00Z\","
            + " \"feature_views\": [\""
            + name
            + "\"]}"
      },
      {"/materialize-incremental", "{\"end_ts\": \"" + name + "\"}"},
    };
    SoftAssertions softly = new SoftAssertions();
    for (String[] r : requests) {
      ServedRepo.Answer a = served.post(r[0], r[1]);
      String message = error(a).get("message").asText();
      String shown = r[0] + " -> " + message.substring(0, Math.min(300, message.length()));
      softly.assertThat(a.status()).as(shown).isBetween(400, 499);
      softly.assertThat(message.length()).as(shown).isLessThan(1_200);
      if (message.contains("x".repeat(100))) {
        softly.assertThat(message).as(shown).contains("more characters)");
      }
      softly.assertThat(message).as(shown).doesNotContain("\n", "\u001b");
    }
    softly.assertAll();
  }

  @Test
  void healthAndMetrics() {
    ServedRepo.Answer health = served.get("/health");
    assertThat(health.status()).isEqualTo(200);
    served.post(
        "/get-online-features",
        read("\"classification_features:feature_0\"", "\"sample_index\": [1]"));
    // A request is counted once its reply has gone out, so the client may see the reply first.
    ServedRepo.Answer metrics = served.get("/metrics");
    for (int i = 0;
        i < 40
            && !metrics
                .body()
                .contains(
                    "larder_http_requests_total{endpoint=\"/get-online-features\",status=\"200\"}");
        i++) {
      sleep(50);
      metrics = served.get("/metrics");
    }
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

  @Test
  void limitsOfTheJsonParserAndOfKeyTypesAreToldInOurWords() {
    ServedRepo.Answer longName =
        served.post("/get-online-features", "{\"" + "n".repeat(60_000) + "\": 1}");
    assertThat(longName.status()).isEqualTo(400);
    assertThat(error(longName).get("message").asText())
        .contains("50000")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("getMax");

    ServedRepo.Answer hugeKey =
        served.post(
            "/get-online-features",
            read(
                "\"classification_features:feature_0\"",
                "\"sample_index\": [1" + "0".repeat(25) + "]"));
    assertThat(hugeKey.status()).isEqualTo(400);
    assertThat(error(hugeKey).get("message").asText())
        .contains("64-bit")
        .doesNotContain("BigInteger");
  }

  @Test
  void materializingTheEndsOfTimeIsARequestErrorNotACrash() {
    for (String[] range :
        new String[][] {
          {"-999999999-01-01T00:00:00Z", "2024-01-01T00:00:00Z"},
          {"2020-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"}
        }) {
      ServedRepo.Answer answer =
          served.post(
              "/materialize",
              "{\"start_ts\": \"" + range[0] + "\", \"end_ts\": \"" + range[1] + "\"}");
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(error(answer).get("message").asText()).contains("year");
    }
    ServedRepo.Answer incremental =
        served.post("/materialize-incremental", "{\"end_ts\": \"+999999999-12-31T23:59:59Z\"}");
    assertThat(incremental.status()).as(incremental.body()).isEqualTo(400);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static JsonNode error(ServedRepo.Answer a) {
    JsonNode error = a.json().get("error");
    assertThat(error).as(a.body()).isNotNull();
    assertThat(a.json().size()).isEqualTo(1);
    return error;
  }
}
