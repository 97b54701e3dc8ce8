package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.testkit.TcpProxy;
import dev.larder.testkit.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL registry going away under {@code larder serve} and coming back (issue #9 item 5),
 * made with a {@link TcpProxy} between the server and the shared test PostgreSQL, which is never
 * stopped; the online store is the embedded SQLite one. The repository is {@code larder init}'s
 * with {@code cache_ttl_seconds: 2}.
 *
 * <p>While the proxy is cut, as a stopped PostgreSQL ({@code REFUSE}) and as one that accepts and
 * never answers ({@code HANG}):
 *
 * <ul>
 *   <li>{@code /health} answers 503 with the JSON error naming the registry and its URL without the
 *       password within {@link #HEALTH_DOWN} (a check every second, whose revision probe gives up
 *       after a second);
 *   <li>online reads go on being served, 200 with the values read before the cut, for more than
 *       twice {@code cache_ttl_seconds}, each within a few milliseconds but the one that finds the
 *       failure (about a second; two at most are let through): the decision taken here. The
 *       server's cached snapshot keeps the last revision it read when its check of the registry
 *       fails ({@code CachedSnapshot}), since a read needs only the online store; without that, the
 *       first read that found the snapshot older than {@code cache_ttl_seconds} failed with 503
 *       (this test then fails at its first read of the cut), and reads on other threads at that
 *       moment were served the old snapshot;
 *   <li>what needs the registry itself ({@code /materialize}, {@code /materialize-incremental}:
 *       they read the definitions and record intervals and an audit entry) answers 503 with the
 *       JSON error, never 500 or a stack trace; every reply comes within {@link #REPLY};
 *   <li>({@code HANG}) {@code larder apply} exits 3 within {@link #CLI_BOUND}, its first line
 *       naming the URL without the password, then the fix.
 * </ul>
 *
 * Restored, {@code /health} is 200 and {@code /materialize} works again within {@link #RECOVERY},
 * with no restart, and an {@code apply} made afterwards is served. Measured times are printed.
 */
class RegistryOutageIT {
  static final Duration HEALTH_DOWN = Duration.ofSeconds(3);
  static final Duration REPLY = Duration.ofSeconds(6);
  static final Duration RECOVERY = Duration.ofSeconds(5);
  static final Duration CLI_BOUND = Duration.ofSeconds(8);

  private static final String PASSWORD = "larder-outage-password";
  private static final String READ =
      "{\"features\": [\"classification_features:feature_0\"],"
          + " \"entities\": {\"sample_index\": [1, 2]}}";
  private static final String MATERIALIZE =
      "{\"start_ts\": \"2024-01-01T00:00:00Z\", \"end_ts\": \"2027-01-01T00:00:00Z\"}";
  private static final String LATER_VIEW =
      """
      feature_views:
        - name: later_features
          entities: [sample]
          source: classification_source
          schema:
            - {name: feature_3, dtype: Float64}
          online: true
      """;

  @TempDir Path work;

  @Test
  void whileTheRegistryIsAwayReadsAreServedTheRestIs503AndEverythingRecoversWithoutARestart()
      throws Exception {
    TestServices.requirePostgres();
    String project = TestServices.uniqueName("outage");
    TestServices.createSchema(project);
    try (TcpProxy proxy =
        TcpProxy.start(TestServices.postgresHost(), TestServices.postgresPort())) {
      String url = TestServices.postgresUrlThrough(proxy.host(), proxy.port(), PASSWORD, project);
      String shown = url.replace(":" + PASSWORD + "@", "@");
      Path repo = repo(project, url);
      assertOk(CliRun.in(repo, "apply"));
      assertOk(CliRun.in(repo, "materialize", "2024-01-01", "2027-01-01"));

      try (ServeProcess server = ServeProcess.start(repo, work.resolve("serve.err"))) {
        assertThat(server.get("/health").status()).isEqualTo(200);
        JsonNode before = server.ok("/get-online-features", READ).get("results");

        for (TcpProxy.Cut how : List.of(TcpProxy.Cut.REFUSE, TcpProxy.Cut.HANG)) {
          proxy.cut(how);
          long cut = System.nanoTime();
          ServeProcess.Answer health = until(server, "/health", null, a -> a.status() == 503);
          Duration down = since(cut);
          System.out.println(how + ": /health answered 503 after " + down.toMillis() + " ms");
          assertThat(down).as(how + ": /health says the registry is down").isLessThan(HEALTH_DOWN);
          assertBackendError(health, shown);
          assertThat(health.json().get("error").get("message").asText())
              .startsWith("the registry is not readable: ");

          List<Long> reads = new ArrayList<>();
          List<Long> refused = new ArrayList<>();
          long outage = System.nanoTime();
          while (since(outage).compareTo(Duration.ofSeconds(5)) < 0) {
            long t = System.nanoTime();
            ServeProcess.Answer read = server.post("/get-online-features", READ, null);
            reads.add(since(t).toMillis());
            assertThat(read.status()).as(how + ": an online read: " + read.body()).isEqualTo(200);
            assertThat(read.json().get("results")).isEqualTo(before);
            for (String path : List.of("/materialize", "/materialize-incremental")) {
              t = System.nanoTime();
              ServeProcess.Answer answer =
                  server.post(
                      path,
                      path.equals("/materialize")
                          ? MATERIALIZE
                          : "{\"end_ts\": \"2027-01-01T00:00:00Z\"}",
                      null);
              refused.add(since(t).toMillis());
              assertThat(answer.status())
                  .as(how + " " + path + ": " + answer.body())
                  .isEqualTo(503);
              assertBackendError(answer, shown);
            }
            assertThat(server.get("/health").status()).isEqualTo(503);
            Thread.sleep(200);
          }
          System.out.println(
              how
                  + ": online reads while cut, 200 in (ms) "
                  + reads
                  + "; materialize, 503 in "
                  + refused);
          assertThat(reads).allSatisfy(ms -> assertThat(ms).isLessThan(REPLY.toMillis()));
          assertThat(reads.stream().filter(ms -> ms > 500).count())
              .as(how + ": reads that waited for the registry (the one that found it away)")
              .isLessThanOrEqualTo(2);
          assertThat(refused).allSatisfy(ms -> assertThat(ms).isLessThan(REPLY.toMillis()));

          if (how == TcpProxy.Cut.HANG) {
            long t = System.nanoTime();
            CliRun apply = CliRun.in(repo, "apply");
            Duration took = since(t);
            System.out.println(
                "HANG: larder apply exited "
                    + apply.exitCode()
                    + " after "
                    + took.toMillis()
                    + " ms: "
                    + apply.err().strip().replace('\n', '|'));
            assertThat(apply.exitCode()).as(apply.err()).isEqualTo(3);
            assertThat(took).isLessThan(CLI_BOUND);
            assertThat(apply.firstErrorLine())
                .startsWith("error: cannot reach PostgreSQL for the registry " + shown + ": ");
            assertThat(apply.err()).contains("Start PostgreSQL").doesNotContain(PASSWORD);
          }

          proxy.restore();
          long restored = System.nanoTime();
          until(server, "/health", null, a -> a.status() == 200);
          Duration healthy = since(restored);
          until(server, "/materialize", MATERIALIZE, a -> a.status() == 200);
          Duration materialized = since(restored);
          System.out.println(
              how
                  + ": after the restore /health was 200 after "
                  + healthy.toMillis()
                  + " ms, /materialize 200 after "
                  + materialized.toMillis()
                  + " ms");
          assertThat(materialized).isLessThan(RECOVERY);
          assertThat(server.ok("/get-online-features", READ).get("results")).isEqualTo(before);
        }

        Files.writeString(repo.resolve("later.yaml"), LATER_VIEW);
        assertOk(CliRun.in(repo, "apply"));
        long applied = System.nanoTime();
        String later =
            "{\"features\": [\"later_features:feature_3\"], \"entities\": {\"sample_index\": [1]}}";
        until(server, "/get-online-features", later, a -> a.status() == 200);
        System.out.println(
            "an apply after the outages was served after " + since(applied).toMillis() + " ms");
        assertThat(since(applied)).as("DESIGN B7: within 5 s").isLessThan(Duration.ofSeconds(5));
      } finally {
        System.out.println(Files.readString(work.resolve("serve.err")));
      }
    } finally {
      TestServices.dropSchema(project);
    }
  }

  /** {@code larder init}'s repository, as project {@code project} on the registry {@code url}. */
  private Path repo(String project, String url) throws IOException {
    Path repo = work.resolve(project);
    assertOk(CliRun.in(work, "init", repo.toString()));
    Path config = repo.resolve("feature_store.yaml");
    String text =
        Files.readString(config)
            .replace("project: classification", "project: " + project)
            .replace(
                "registry: data/registry.db",
                "registry:\n  registry_type: sql\n  path: \"" + url + "\"\n  cache_ttl_seconds: 2");
    assertThat(text).contains("registry_type: sql").contains("project: " + project);
    Files.writeString(config, text);
    return repo;
  }

  /** A 503 with the JSON error of an unavailable backend naming PostgreSQL and the URL. */
  private static void assertBackendError(ServeProcess.Answer answer, String shownUrl) {
    JsonNode error = answer.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("BACKEND_UNAVAILABLE");
    assertThat(error.get("message").asText())
        .contains("PostgreSQL")
        .contains(shownUrl)
        .doesNotContain(PASSWORD);
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * Asks {@code path} (GET when {@code body} is null) every 100 ms until {@code done}; each reply
   * within {@link #REPLY}, all within 10 s.
   */
  private static ServeProcess.Answer until(
      ServeProcess server, String path, String body, Predicate<ServeProcess.Answer> done)
      throws InterruptedException {
    long began = System.nanoTime();
    while (true) {
      long t = System.nanoTime();
      ServeProcess.Answer answer = body == null ? server.get(path) : server.post(path, body, null);
      assertThat(since(t)).as(path + " answered " + answer.body()).isLessThan(REPLY);
      assertThat(answer.status()).as(path + ": " + answer.body()).isNotEqualTo(500);
      if (done.test(answer)) {
        return answer;
      }
      assertThat(since(began))
          .as(path + " still answers " + answer.body())
          .isLessThan(Duration.ofSeconds(10));
      Thread.sleep(100);
    }
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  private static void assertOk(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
  }
}
