package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.BackendSetup.Online;
import dev.larder.testkit.BackendSetup.Registry;
import dev.larder.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet (issue #9 item 6): two {@code larder serve} processes on different ports over one
 * PostgreSQL registry and one Redis. An {@code apply} from the command line is served by both in
 * under a second (PostgreSQL's change notices, not the polling interval); a push through one is
 * read through the other; permissions (in the shared registry) and API keys (in the keys file the
 * servers share) answer the same on both, and a revoked key is refused by both.
 */
class FleetIT {
  static final Map<String, String> ADMIN = Map.of("LARDER_USER", "root", "LARDER_ROLES", "admin");

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
          actions: [describe, read_online]
          policy: {roles: [reader]}
        - name: pushers
          types: [feature_view]
          name_patterns: [pushed_features]
          actions: [write_online]
          policy: {roles: [writer]}
      """;

  static final String LATER_VIEW =
      """
      feature_views:
        - name: later_features
          entities: [sample]
          source: classification_source
          schema:
            - {name: feature_3, dtype: Float64}
          online: true
      """;

  static final String READ_LATER =
      "{\"features\": [\"later_features:feature_3\"], \"entities\": {\"sample_index\": [1]}}";

  @TempDir Path work;

  @Test
  void twoServersOverOneRegistryAndOneRedisServeTheSame() throws Exception {
    BackendSetup backends = BackendSetup.of(Registry.POSTGRES, Online.REDIS);
    backends.requireAvailable();
    String project = TestServices.uniqueName("fleet");
    backends.prepare(project);
    Path repo = BackendRepos.init(work, project, backends);
    try {
      Path config = repo.resolve("feature_store.yaml");
      Files.writeString(
          config,
          Files.readString(config)
              .replace("auth: {type: none}", "auth: {type: api_key, keys_file: auth/keys.yaml}"));
      Files.writeString(repo.resolve("permissions.yaml"), PERMISSIONS);
      Files.writeString(repo.resolve("push.yaml"), BackendMatrixIT.PUSH_DEFINITIONS);
      assertOk(CliRun.as(ADMIN, repo, "apply"));
      assertOk(
          CliRun.as(
              ADMIN, repo, "materialize-incremental", Instant.now().plusSeconds(60).toString()));
      String reader = newKey(repo, "dashboard", "reader");
      String writer = newKey(repo, "ingest", "writer");

      try (ServeProcess a = ServeProcess.start(repo, work.resolve("a.err"));
          ServeProcess b = ServeProcess.start(repo, work.resolve("b.err"))) {
        assertThat(a.uri().getPort()).isNotEqualTo(b.uri().getPort());
        List<ServeProcess> fleet = List.of(a, b);
        for (ServeProcess s : fleet) {
          assertThat(s.post("/get-online-features", READ_LATER, reader).status()).isEqualTo(404);
        }

        Files.writeString(repo.resolve("later.yaml"), LATER_VIEW);
        assertOk(CliRun.as(ADMIN, repo, "apply"));
        Instant applied = Instant.now();
        for (ServeProcess s : fleet) {
          Duration seen = untilOk(s, READ_LATER, reader, applied);
          assertThat(seen).as("apply seen by " + s.uri()).isLessThan(Duration.ofSeconds(1));
        }

        ServeProcess.Answer push = a.post("/push", BackendMatrixIT.PUSH, writer);
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        ServeProcess.Answer read =
            b.post(
                "/get-online-features",
                "{\"features\": [\"pushed_features:feature_0\"],"
                    + " \"entities\": {\"sample_index\": [777]}}",
                reader);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("results").get(1).get("values").get(0).asDouble())
            .isEqualTo(1.5);

        for (ServeProcess s : fleet) {
          assertThat(s.post("/push", BackendMatrixIT.PUSH, reader).status())
              .as("a reader pushing to " + s.uri())
              .isEqualTo(403);
          assertThat(s.post("/push", BackendMatrixIT.PUSH, null).status())
              .as("no key at " + s.uri())
              .isEqualTo(401);
        }

        assertOk(CliRun.as(ADMIN, repo, "auth", "revoke", "dashboard"));
        Instant revoked = Instant.now();
        for (ServeProcess s : fleet) {
          while (s.post("/get-online-features", READ_LATER, reader).status() != 401) {
            assertThat(Duration.between(revoked, Instant.now()))
                .as("revoked key still accepted by " + s.uri())
                .isLessThan(Duration.ofSeconds(5));
            Thread.sleep(50);
          }
        }
      }
    } finally {
      backends.cleanUp(repo, project);
    }
  }

  private static void assertOk(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static String newKey(Path repo, String name, String roles) {
    CliRun add = CliRun.as(ADMIN, repo, "auth", "add-key", name, "--roles", roles);
    assertOk(add);
    List<String> lines = add.out().lines().toList();
    return lines.get(lines.size() - 1).strip();
  }

  /** How long after {@code since} the server first answered {@code body} with 200 (≤ 5 s). */
  private static Duration untilOk(ServeProcess s, String body, String key, Instant since)
      throws InterruptedException {
    while (true) {
      ServeProcess.Answer answer = s.post("/get-online-features", body, key);
      Duration waited = Duration.between(since, Instant.now());
      if (answer.status() == 200) {
        return waited;
      }
      assertThat(waited)
          .as(s.uri() + " still answers " + answer.body())
          .isLessThan(Duration.ofSeconds(5));
      Thread.sleep(20);
    }
  }
}
