package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.Principal;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi.json} and {@code GET /docs}: the document describes exactly the server's
 * routes, the server refuses to start with a document that differs, and real requests and replies
 * of every endpoint (successes and errors) validate against the document's JSON Schemas; with auth
 * on, the document declares the bearer scheme on the routes that need a key.
 */
class OpenApiTest {
  /** Every operation of DESIGN B7, plus the document and the docs page. */
  static final List<String> OPERATIONS =
      List.of(
          "POST /get-online-features",
          "POST /push",
          "POST /write-to-online-store",
          "POST /materialize",
          "POST /materialize-incremental",
          "GET /health",
          "GET /metrics",
          "GET /openapi.json",
          "GET /docs");

  static final String DOCUMENT_URI = "https://larder.test/openapi.json";

  @TempDir static Path work;
  static ServedRepo served;
  static JsonNode document;
  static SchemaRegistry schemas;

  @BeforeAll
  static void serve() throws IOException {
    served = new ServedRepo(work.resolve("repo"), ServerConfig.defaults());
    ServedRepo.Answer a = served.get("/openapi.json");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("application/json");
    document = a.json();
    schemas = registry(a.body());
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static SchemaRegistry registry(String documentText) {
    return SchemaRegistry.withDialect(
        Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOCUMENT_URI, documentText)));
  }

  static List<String> operations(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> ops = doc.get("paths").get(path).fieldNames(); ops.hasNext(); ) {
        out.add(ops.next().toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return out;
  }

  /** A JSON pointer's escaping of one key. */
  static String key(String k) {
    return k.replace("~", "~0").replace("/", "~1");
  }

  /**
   * The schema of the reply with {@code status} and {@code mediaType} of {@code method path}, as a
   * location in the document (through a shared reply's {@code $ref}).
   */
  static String replySchema(String method, String path, int status, String mediaType) {
    JsonNode responses =
        document.get("paths").get(path).get(method.toLowerCase(Locale.ROOT)).get("responses");
    JsonNode reply = responses.get(Integer.toString(status));
    assertThat(reply).as(method + " " + path + " documents status " + status).isNotNull();
    String pointer =
        "#/paths/" + key(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
    if (reply.has("$ref")) {
      pointer = reply.get("$ref").asText();
      String[] parts = pointer.substring(2).split("/");
      reply = document;
      for (String part : parts) {
        reply = reply.get(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    assertThat(reply.get("content").has(mediaType))
        .as(method + " " + path + " " + status + " is documented as " + mediaType)
        .isTrue();
    return DOCUMENT_URI + pointer + "/content/" + key(mediaType) + "/schema";
  }

  static String requestSchema(String path) {
    return DOCUMENT_URI
        + "#/paths/"
        + key(path)
        + "/post/requestBody/content/application~1json/schema";
  }

  static void assertValid(String schemaLocation, String json, String what) {
    Schema schema = schemas.getSchema(SchemaLocation.of(schemaLocation));
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    assertThat(errors).as(what + " against " + schemaLocation + ": " + json).isEmpty();
  }

  /** Posts {@code body} and checks both the request and the reply against the document. */
  static ServedRepo.Answer exchange(String path, String body, int expectedStatus) {
    ServedRepo.Answer a = served.post(path, body);
    assertThat(a.status()).as(path + " " + body + " → " + a.body()).isEqualTo(expectedStatus);
    if (expectedStatus == 200) {
      assertValid(requestSchema(path), body, "the request to " + path);
    }
    assertThat(a.contentType()).startsWith("application/json");
    assertValid(
        replySchema("POST", path, a.status(), "application/json"),
        a.body(),
        "the " + a.status() + " reply of " + path);
    return a;
  }

  @Test
  void theDocumentDescribesExactlyTheRouteTable() {
    assertThat(document.get("openapi").asText()).startsWith("3.1.");
    assertThat(operations(document)).containsExactlyInAnyOrderElementsOf(OPERATIONS);
    // Without auth, nothing asks for a key and no reply is 401.
    assertThat(document.get("components").has("securitySchemes")).isFalse();
    assertThat(document.toString()).doesNotContain("\"401\"").doesNotContain("\"security\"");
  }

  @Test
  void theServerDoesNotStartWithADocumentThatDiffersFromItsRoutes() {
    Route.Endpoint none = (store, body) -> Reply.json(new byte[0]);
    List<Route> routes = new ArrayList<>();
    for (String op : OPERATIONS) {
      String[] parts = op.split(" ");
      routes.add(
          parts[0].equals("GET")
              ? Route.open(parts[1], none)
              : Route.post(parts[1], none, body -> ""));
    }
    assertThat(ApiDocs.render(ApiDocs.load(), routes, false)).isNotEmpty();

    List<Route> extra = new ArrayList<>(routes);
    extra.add(Route.post("/retrieve-everything", none, body -> ""));
    assertThatThrownBy(() -> ApiDocs.render(ApiDocs.load(), extra, false))
        .hasMessageContaining("POST /retrieve-everything is not described");

    List<Route> missing = new ArrayList<>(routes);
    missing.removeIf(r -> r.path().equals("/push"));
    assertThatThrownBy(() -> ApiDocs.render(ApiDocs.load(), missing, false))
        .hasMessageContaining("/push is described but the server has no route for it");

    List<Route> wrongMethod = new ArrayList<>(routes);
    wrongMethod.removeIf(r -> r.path().equals("/metrics"));
    wrongMethod.add(Route.post("/metrics", none, body -> ""));
    assertThatThrownBy(() -> ApiDocs.render(ApiDocs.load(), wrongMethod, false))
        .hasMessageContaining("POST /metrics is not described");
  }

  @Test
  void onlineReadsAndTheirErrorsMatchTheirSchemas() {
    ServedRepo.Answer read =
        exchange(
            "/get-online-features",
            "{\"features\": [\"classification_features:feature_0\","
                + " \"classification_features:target\"], \"entities\": {\"sample_index\": [1, 2,"
                + " 999999]}}",
            200);
    assertThat(read.json().get("results")).hasSize(3);
    exchange(
        "/get-online-features",
        "{\"feature_service\": \"classifier\", \"entities\": {\"sample_index\": [3]},"
            + " \"full_feature_names\": true}",
        200);
    exchange(
        "/get-online-features",
        "{\"features\": [\"no_such_view:feature_0\"], \"entities\": {\"sample_index\": [1]}}",
        404);
    exchange("/get-online-features", "{\"features\": [\"classification_features:", 400);
    exchange(
        "/get-online-features",
        "{\"features\": [\"classification_features:feature_0\"], \"feature_service\":"
            + " \"classifier\", \"entities\": {\"sample_index\": [1]}}",
        400);
  }

  @Test
  void writesAndTheirErrorsMatchTheirSchemas() {
    exchange(
        "/push",
        "{\"push_source_name\": \"classification_push\", \"to\": \"online\", \"df\": {"
            + "\"sample_index\": [888], \"event_timestamp\": [\"2030-01-01T00:00:00Z\"],"
            + " \"created_timestamp\": [null], \"feature_0\": [1.5], \"target\": [1]}}",
        200);
    exchange(
        "/push",
        "{\"push_source_name\": \"no_such_source\", \"df\": {\"sample_index\": [1]}}",
        404);
    exchange(
        "/write-to-online-store",
        "{\"feature_view_name\": \"recent_features\", \"df\": {\"sample_index\": [889],"
            + " \"event_timestamp\": [\"2030-01-01T00:00:00Z\"], \"created_timestamp\": [null],"
            + " \"feature_0\": [0.5],"
            + " \"feature_1\": [0.25]}}",
        200);
    exchange("/write-to-online-store", "{\"df\": {}}", 400);
  }

  @Test
  void materializationsMatchTheirSchemas() {
    Instant end = served.materializedTo.plusSeconds(1);
    ServedRepo.Answer m =
        exchange(
            "/materialize",
            "{\"start_ts\": \"2020-01-01T00:00:00Z\", \"end_ts\": \""
                + end
                + "\", \"feature_views\": [\"recent_features\"]}",
            200);
    assertThat(m.json().get("feature_views")).hasSize(1);
    exchange(
        "/materialize-incremental",
        "{\"end_ts\": \"" + end.plusSeconds(1) + "\", \"feature_views\": null}",
        200);
    exchange("/materialize-incremental", "{\"end_ts\": \"yesterday-ish\"}", 400);
    exchange(
        "/materialize",
        "{\"start_ts\": \"2020-01-01\", \"end_ts\": \"2021-01-01\","
            + " \"feature_views\": [\"no_such_view\"]}",
        404);
  }

  @Test
  void healthAndMetricsMatchTheirSchemas() {
    ServedRepo.Answer health = served.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertValid(replySchema("GET", "/health", 200, "application/json"), health.body(), "health");
    ServedRepo.Answer metrics = served.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    replySchema("GET", "/metrics", 200, "text/plain");
    assertThat(metrics.body()).contains("larder_http_requests_total");
  }

  @Test
  void theSchemasRefuseRepliesOfAnotherShape() {
    String schema = replySchema("POST", "/get-online-features", 200, "application/json");
    assertThat(
            schemas
                .getSchema(SchemaLocation.of(schema))
                .validate(
                    "{\"metadata\": {\"feature_names\": [\"a\"]}, \"results\": [{\"values\":"
                        + " [1], \"statuses\": [\"FOUND\"], \"event_timestamps\": []}]}",
                    InputFormat.JSON))
        .as("an unknown status")
        .isNotEmpty();
    assertThat(
            schemas
                .getSchema(SchemaLocation.of(schema))
                .validate("{\"error\": {\"code\": \"NOT_FOUND\"}}", InputFormat.JSON))
        .isNotEmpty();
    assertThat(
            schemas
                .getSchema(SchemaLocation.of(requestSchema("/get-online-features")))
                .validate("{\"entities\": {\"sample_index\": [1]}}", InputFormat.JSON))
        .as("neither features nor a feature service")
        .isNotEmpty();
  }

  @Test
  void theUnavailableHealthReplyMatchesItsSchema() {
    // The 503 body as BackendHealth writes it, held to the document's schema.
    String down =
        "{\"error\":{\"code\":\"BACKEND_UNAVAILABLE\",\"message\":\"the online store is not"
            + " reachable: down\"},\"status\":\"unavailable\",\"backends\":{\"registry\":"
            + "{\"status\":\"ok\",\"type\":\"sqlite\",\"location\":\"/r.db\"},\"online_store\":"
            + "{\"status\":\"unavailable\",\"type\":\"redis\",\"location\":\"redis://h:1/0\","
            + "\"message\":\"down\"}}}";
    assertValid(replySchema("GET", "/health", 503, "application/json"), down, "health 503");
  }

  @Test
  void theDocsPageAndEveryAssetItLoadsAreServedFromTheJar() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(served.uri("/docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
    List<String> assets = new ArrayList<>();
    while (refs.find()) {
      assets.add(refs.group(1));
    }
    assertThat(assets)
        .contains("docs/swagger-ui.css", "docs/swagger-ui-bundle.js", "docs/init.js")
        .allSatisfy(ref -> assertThat(ref).doesNotContain("//"));
    for (String asset : assets) {
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(served.uri("/docs").resolve(asset)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.body()).as(asset).isNotEmpty();
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (asset.endsWith(".js")) {
        assertThat(type).startsWith("text/javascript");
      } else if (asset.endsWith(".css")) {
        assertThat(type).startsWith("text/css");
      } else {
        assertThat(type).startsWith("image/png");
      }
    }
    HttpResponse<String> init =
        client.send(
            HttpRequest.newBuilder(served.uri("/docs/init.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(init.body()).contains("url: \"openapi.json\"").contains("validatorUrl: null");
  }

  /** With auth on: the bearer scheme on every route that needs a key, and their 401 reply. */
  @Test
  void withAuthTheDocumentDeclaresTheBearerSchemeOnTheRoutesThatNeedAKey() throws IOException {
    try (ServedRepo secured =
        new ServedRepo(
            work.resolve("secured"),
            ServerConfig.defaults(),
            Principal.of("root", "admin"),
            repo -> {
              String config = Files.readString(repo.resolve("feature_store.yaml"));
              Files.writeString(
                  repo.resolve("feature_store.yaml"),
                  config.replace(
                      "auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
              new ApiKeyFile(repo.resolve("auth/keys.yaml"))
                  .add("dashboard", List.of("reader"), Clock.systemUTC());
            })) {
      ServedRepo.Answer a = secured.get("/openapi.json");
      assertThat(a.status()).as("open without a key").isEqualTo(200);
      assertThat(secured.get("/docs").status()).as("open without a key").isEqualTo(200);
      JsonNode doc = a.json();
      assertThat(operations(doc)).containsExactlyInAnyOrderElementsOf(OPERATIONS);
      JsonNode scheme = doc.get("components").get("securitySchemes").get(ApiDocs.SECURITY_SCHEME);
      assertThat(scheme.get("type").asText()).isEqualTo("http");
      assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
      for (String op : OPERATIONS) {
        String[] parts = op.split(" ");
        JsonNode operation = doc.get("paths").get(parts[1]).get(parts[0].toLowerCase(Locale.ROOT));
        if (parts[0].equals("POST")) {
          assertThat(operation.get("security").toString())
              .as(op)
              .isEqualTo("[{\"" + ApiDocs.SECURITY_SCHEME + "\":[]}]");
          assertThat(operation.get("responses").has("401")).as(op).isTrue();
        } else {
          assertThat(operation.has("security")).as(op + " stays open").isFalse();
        }
      }
      ServedRepo.Answer refused =
          secured.post(
              "/get-online-features",
              "{\"features\": [\"classification_features:feature_0\"], \"entities\":"
                  + " {\"sample_index\": [1]}}");
      assertThat(refused.status()).isEqualTo(401);
      SchemaRegistry securedSchemas = registry(a.body());
      List<Error> errors =
          securedSchemas
              .getSchema(
                  SchemaLocation.of(
                      DOCUMENT_URI
                          + "#/components/responses/Unauthorized/content/"
                          + "application~1json/schema"))
              .validate(refused.body(), InputFormat.JSON);
      assertThat(errors).as(refused.body()).isEmpty();
    }
  }

  @Test
  void theCommittedDocumentIsTheServedOneWithoutAuth() {
    ObjectNode committed = ApiDocs.load();
    ((ObjectNode) committed.get("components").get("responses")).remove("Unauthorized");
    assertThat(document).isEqualTo(committed);
  }
}
