package dev.larder.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.access.ApiKeyFile;
import dev.larder.core.access.Principal;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature server with {@code auth: {type: api_key}} and permissions, over real HTTP on an
 * ephemeral port: no key → 401, a reader's key → 200 on reads and 403 on writes, a writer's key may
 * push, health and metrics stay open, a revoked key stops working, and requests are audited with
 * the key's user.
 */
class ServerAuthTest {
  static final String PERMISSIONS =
      """
      permissions:
        - name: admins
          types: [all]
          actions: [create, describe, update, delete, read_online, read_offline, write_online,
                    write_offline]
          policy: {roles: [admin]}
        - name: readers
          types: [feature_view, feature_service]
          name_patterns: ["classification_.*", "classifier"]
          actions: [describe, read_online]
          policy: {roles: [reader]}
        - name: pushers
          types: [feature_view]
          name_patterns: [pushed_features]
          actions: [write_online]
          policy: {roles: [writer]}
      """;

  static final String READ =
      "{\"features\": [\"classification_features:feature_0\"], \"entities\": {\"sample_index\":"
          + " [1, 2]}}";
  static final String PUSH =
      "{\"push_source_name\": \"classification_push\", \"to\": \"online\", \"df\": {"
          + "\"sample_index\": [777], \"event_timestamp\": [\"2030-01-01T00:00:00Z\"],"
          + " \"created_timestamp\": [null], \"feature_0\": [1.5], \"target\": [0]}}";

  @TempDir static Path work;
  static ServedRepo served;
  static ApiKeyFile keys;
  static String readerKey;
  static String writerKey;

  @BeforeAll
  static void serve() throws IOException {
    served =
        new ServedRepo(
            work.resolve("repo"),
            ServerConfig.defaults(),
            Principal.of("root", "admin"),
            repo -> {
              String config = Files.readString(repo.resolve("feature_store.yaml"));
              assertThat(config).contains("auth: {type: none}");
              Files.writeString(
                  repo.resolve("feature_store.yaml"),
                  config.replace(
                      "auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
              Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
              ApiKeyFile file = new ApiKeyFile(repo.resolve("auth/keys.yaml"));
              readerKey = file.add("dashboard", List.of("reader"), Clock.systemUTC()).key();
              writerKey = file.add("ingest", List.of("writer"), Clock.systemUTC()).key();
            });
    keys = ApiKeyFile.of(served.store.config());
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  private static ServedRepo.Answer post(String path, String body, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(served.uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return served.send(b.build());
  }

  @Test
  void noKeyIs401NamingTheActionAndResourceButNoKey() {
    ServedRepo.Answer a = post("/get-online-features", READ, null);
    assertThat(a.status()).as(a.body()).isEqualTo(401);
    JsonNode error = a.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(error.get("message").asText())
        .startsWith(
            "no API key: this request (POST /get-online-features: read_online on feature view"
                + " 'classification_features') needs the header 'Authorization: Bearer <key>'")
        .doesNotContain("dashboard")
        .doesNotContain("ingest");

    ServedRepo.Answer push = post("/push", PUSH, null);
    assertThat(push.status()).isEqualTo(401);
    assertThat(push.json().get("error").get("message").asText())
        .contains(
            "POST /push: write_online on the feature views fed by push source"
                + " 'classification_push'");

    ServedRepo.Answer wrong = post("/get-online-features", READ, "not-a-key-" + readerKey);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("error").get("message").asText())
        .contains("is not valid; it may have been revoked")
        .doesNotContain("dashboard");
    ServedRepo.Answer basic =
        served.send(
            HttpRequest.newBuilder(served.uri("/materialize-incremental"))
                .header("Authorization", "Basic " + readerKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"end_ts\": \"2025-01-01\"}"))
                .build());
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.json().get("error").get("message").asText())
        .contains("is not 'Bearer <key>'")
        .contains("write_online on every online feature view");
  }

  @Test
  void aReaderMayReadButNotPush() {
    ServedRepo.Answer read = post("/get-online-features", READ, readerKey);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().get("results").get(1).get("statuses").get(0).asText())
        .isEqualTo("PRESENT");
    ServedRepo.Answer service =
        post(
            "/get-online-features",
            "{\"feature_service\": \"classifier\", \"entities\": {\"sample_index\": [7]}}",
            readerKey);
    assertThat(service.status()).as(service.body()).isEqualTo(200);

    ServedRepo.Answer push = post("/push", PUSH, readerKey);
    assertThat(push.status()).as(push.body()).isEqualTo(403);
    JsonNode error = push.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(error.get("message").asText())
        .startsWith(
            "permission denied: user 'dashboard' (roles: reader) may not push: write_online on"
                + " feature view 'pushed_features'")
        .doesNotContain("admin", "pushers", "writer", "permission '");

    ServedRepo.Answer other =
        post(
            "/get-online-features",
            "{\"features\": [\"recent_features:feature_0\"], \"entities\": {\"sample_index\":"
                + " [1]}}",
            readerKey);
    assertThat(other.status()).isEqualTo(403);
    ServedRepo.Answer materialize =
        post("/materialize-incremental", "{\"end_ts\": \"2025-01-01\"}", readerKey);
    assertThat(materialize.status()).isEqualTo(403);
    // a 403 names the user, the action and the resource, never what would allow it
    for (ServedRepo.Answer denied : List.of(push, other, materialize)) {
      assertThat(denied.json().get("error").get("message").asText())
          .contains("user 'dashboard'")
          .doesNotContain("admin", "pushers", "writer", "permission '", "only to role");
    }
  }

  @Test
  void aWriterMayPushAndIsAudited() {
    ServedRepo.Answer push = post("/push", PUSH, writerKey);
    assertThat(push.status()).as(push.body()).isEqualTo(200);
    assertThat(post("/get-online-features", READ, writerKey).status()).isEqualTo(403);

    List<AuditEntry> log = served.store.audit(null);
    assertThat(log)
        .anySatisfy(
            e -> {
              assertThat(e.user()).isEqualTo("ingest");
              assertThat(e.action()).isEqualTo("push");
              assertThat(e.outcome()).isEqualTo(AuditOutcome.OK);
              assertThat(e.roles()).containsExactly("writer");
            })
        .anySatisfy(
            e -> {
              assertThat(e.user()).isEqualTo("ingest");
              assertThat(e.action()).isEqualTo("get-online-features");
              assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED);
            });
  }

  @Test
  void healthAndMetricsStayOpen() {
    assertThat(served.get("/health").status()).isEqualTo(200);
    ServedRepo.Answer metrics = served.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("larder_http_requests_total");
  }

  @Test
  void aRevokedKeyStopsWorkingWithinASecondAndANewOneStarts() throws InterruptedException {
    ApiKeyFile.NewKey temp = keys.add("temp", List.of("reader"), Clock.systemUTC());
    Thread.sleep(ServerAuth.RECHECK.toMillis() + 200);
    assertThat(post("/get-online-features", READ, temp.key()).status()).isEqualTo(200);
    keys.revoke("temp");
    Thread.sleep(ServerAuth.RECHECK.toMillis() + 200);
    assertThat(post("/get-online-features", READ, temp.key()).status()).isEqualTo(401);
  }

  @Test
  void theKeysFileHoldsNoKey() throws IOException {
    String text = Files.readString(keys.path());
    assertThat(text)
        .contains("name: dashboard", "name: ingest", "sha256: ", "salt: ")
        .doesNotContain(readerKey)
        .doesNotContain(writerKey);
    assertThat(readerKey).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
  }
}
