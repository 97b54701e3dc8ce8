package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.testkit.BackendSetup;
import dev.larder.testkit.BackendSetup.Online;
import dev.larder.testkit.BackendSetup.Registry;
import dev.larder.testkit.TestRedisCluster;
import dev.larder.testkit.TestRepos;
import dev.larder.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One end-to-end flow on every backend (DESIGN B9, issue #9 item 7): {@code init} → {@code apply} →
 * {@code materialize-incremental} → {@code serve} (its own JVM) → {@code /get-online-features} →
 * {@code /push} → read the pushed row → {@code lineage}, with the repository's registry and online
 * store on SQLite, PostgreSQL, Redis and a 3-master Redis Cluster that the class starts ({@link
 * TestRedisCluster}). The values read are checked against the Parquet source read by DuckDB, so
 * every backend gives the same values as the SQLite defaults.
 */
class BackendMatrixIT {
  static final String PUSH =
      "{\"push_source_name\": \"classification_push\", \"to\": \"online\", \"df\": {"
          + "\"sample_index\": [777], \"event_timestamp\": [\"2030-01-01T00:00:00Z\"],"
          + " \"created_timestamp\": [null], \"feature_0\": [1.5], \"target\": [1]}}";

  static final String PUSH_DEFINITIONS =
      """
      sources:
        - name: classification_push
          type: push
          batch_source: {name: push_files, type: file, path: data/classification_data.parquet,
                         timestamp_field: event_timestamp, created_timestamp_column: created_timestamp}
      feature_views:
        - name: pushed_features
          entities: [sample]
          source: classification_push
          schema:
            - {name: feature_0, dtype: Float64}
            - {name: target, dtype: Int64}
          online: true
      """;

  /** A 3-master Redis Cluster on 127.0.0.1, started by the first case that uses it. */
  @RegisterExtension static final TestRedisCluster.PerClass CLUSTER = TestRedisCluster.perClass(3);

  @TempDir Path work;

  static Stream<BackendSetup> backends() {
    return Stream.of(
        BackendSetup.embedded(),
        BackendSetup.of(Registry.SQLITE, Online.REDIS),
        BackendSetup.ofCluster(Registry.SQLITE, CLUSTER::seeds),
        BackendSetup.of(Registry.POSTGRES, Online.SQLITE),
        BackendSetup.of(Registry.POSTGRES, Online.REDIS),
        BackendSetup.ofCluster(Registry.POSTGRES, CLUSTER::seeds));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void initApplyMaterializeServeReadPushLineage(BackendSetup backends) throws Exception {
    backends.requireAvailable();
    String project = TestServices.uniqueName("e2e");
    backends.prepare(project);
    Path repo = BackendRepos.init(work, project, backends);
    try {
      Files.writeString(repo.resolve("push.yaml"), PUSH_DEFINITIONS);
      CliRun apply = CliRun.in(repo, "apply");
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      CliRun materialize =
          CliRun.in(repo, "materialize-incremental", Instant.now().plusSeconds(60).toString());
      assertThat(materialize.exitCode()).as(materialize.err()).isZero();

      try (ServeProcess server = ServeProcess.start(repo, work.resolve(project + ".err"))) {
        JsonNode read =
            server.ok(
                "/get-online-features",
                "{\"features\": [\"classification_features:feature_0\","
                    + " \"classification_features:feature_19\", \"classification_features:target\"],"
                    + " \"entities\": {\"sample_index\": [1, 2, 999999]}}");
        List<List<String>> expected =
            TestRepos.query(
                "SELECT feature_0, feature_19, target FROM '"
                    + repo.resolve("data/classification_data.parquet")
                    + "' WHERE sample_index IN (1, 2) ORDER BY sample_index");
        for (int column = 0; column < 3; column++) {
          JsonNode result = read.get("results").get(column + 1);
          for (int row = 0; row < 2; row++) {
            assertThat(result.get("statuses").get(row).asText()).isEqualTo("PRESENT");
            assertThat(result.get("values").get(row).asDouble())
                .as(backends + ": column " + column + " of sample " + (row + 1))
                .isEqualTo(Double.parseDouble(expected.get(row).get(column)));
          }
          assertThat(result.get("statuses").get(2).asText()).isEqualTo("NOT_FOUND");
        }

        server.ok("/push", PUSH);
        JsonNode pushed =
            server.ok(
                "/get-online-features",
                "{\"features\": [\"pushed_features:feature_0\", \"pushed_features:target\"],"
                    + " \"entities\": {\"sample_index\": [777]}}");
        assertThat(pushed.get("results").get(1).get("values").get(0).asDouble()).isEqualTo(1.5);
        assertThat(pushed.get("results").get(2).get("values").get(0).asLong()).isEqualTo(1);
        assertThat(pushed.get("results").get(2).get("statuses").get(0).asText())
            .isEqualTo("PRESENT");
      }

      CliRun lineage = CliRun.in(repo, "lineage", "classification_features");
      assertThat(lineage.exitCode()).as(lineage.err()).isZero();
      assertThat(lineage.out()).contains("classification_source");
      CliRun versions = CliRun.in(repo, "feature-views", "versions", "classification_features");
      assertThat(versions.exitCode()).as(versions.err()).isZero();
    } finally {
      backends.cleanUp(repo, project);
    }
  }
}
