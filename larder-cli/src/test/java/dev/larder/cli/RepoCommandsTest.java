package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoCommandsTest {
  @TempDir Path work;
  Path repo;

  @BeforeEach
  void initRepo() {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
  }

  @Test
  void planApplyPlanThenNoChanges() {
    CliRun plan = CliRun.in(repo, "plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("+ create feature view classification_features (v1)  [compatible]");
    CliRun apply = CliRun.in(repo, "apply");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("Applied: registry at revision 1");
    CliRun again = CliRun.in(repo, "plan");
    assertThat(again.out()).isEqualTo("No changes.\n");
  }

  @Test
  void planChecksThatEveryConfiguredStoreTypeExists() throws IOException {
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    Path config = repo.resolve("feature_store.yaml");
    String original = Files.readString(config);
    String[][] cases = {
      {"type: sqlite, path: data/online_store.db", "type: nosuch_online", "online_store type"},
      {"offline_store: {type: duckdb}", "offline_store: {type: nosuch_offline}", "offline_store"},
      {
        "registry: data/registry.db",
        "registry: {registry_type: nosuch_registry, path: data/registry.db}",
        "registry type"
      }
    };
    for (String[] c : cases) {
      assertThat(original).contains(c[0]);
      Files.writeString(config, original.replace(c[0], c[1]));
      CliRun plan = CliRun.in(repo, "plan");
      String type = c[1].replaceAll(".*(nosuch_[a-z]+).*", "$1");
      assertThat(plan.exitCode()).as(plan.out()).isEqualTo(1);
      assertThat(plan.out()).doesNotContain("No changes.");
      assertThat(plan.firstErrorLine())
          .startsWith("error: ")
          .contains(c[2])
          .contains("'" + type + "' is not available; available: ");
    }
    Files.writeString(config, original);
    assertThat(CliRun.in(repo, "plan").out()).isEqualTo("No changes.\n");
  }

  @Test
  void repoOptionPointsAtTheRepositoryFromElsewhere() {
    assertThat(CliRun.in(work, "apply", "--repo", "demo").exitCode()).isZero();
    assertThat(CliRun.in(work, "-r", "demo", "plan").out()).isEqualTo("No changes.\n");
  }

  @Test
  void schemaChangeAddsVersionTwoAndVersionsListsBoth() throws IOException {
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    Path features = repo.resolve("features.yaml");
    Files.writeString(
        features,
        Files.readString(features)
            .replace(
                "      - {name: feature_19, dtype: Float64}\n",
                "      - {name: feature_19, dtype: Float32}\n"));
    CliRun plan = CliRun.in(repo, "plan");
    assertThat(plan.out())
        .contains("~ update feature view classification_features (v1 → v2)")
        .contains("feature_19");
    CliRun apply = CliRun.in(repo, "apply", "--allow-breaking");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("classification_features is now v2");
    CliRun versions = CliRun.in(repo, "feature-views", "versions", "classification_features");
    assertThat(versions.exitCode()).isZero();
    assertThat(versions.out().lines().toList())
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).startsWith("v1 ").contains("created"))
        .anySatisfy(l -> assertThat(l).startsWith("v2 ").contains("feature_19"));
    assertThat(versions.out()).containsPattern("v1\\s+\\d{4}-\\d{2}-\\d{2}T");
  }

  @Test
  void listDescribeAndDump() throws IOException {
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    assertThat(CliRun.in(repo, "entities", "list").out()).contains("sample").contains("INT64");
    assertThat(CliRun.in(repo, "data-sources", "list").out()).contains("classification_source");
    assertThat(CliRun.in(repo, "feature-views", "list").out())
        .contains("classification_features")
        .contains("v1");
    assertThat(CliRun.in(repo, "feature-services", "list").out().lines()).hasSize(1);
    CliRun describe = CliRun.in(repo, "feature-views", "describe", "classification_features");
    assertThat(describe.out()).contains("name: classification_features").contains("feature_19");
    CliRun unknown = CliRun.in(repo, "feature-views", "describe", "classification_feature");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.firstErrorLine())
        .startsWith("error: ")
        .contains("did you mean 'classification_features'");

    JsonNode dump = new ObjectMapper().readTree(CliRun.in(repo, "registry-dump").out());
    assertThat(dump.get("project").asText()).isEqualTo("classification");
    assertThat(dump.toString()).contains("classification_source").contains("sample_index");
  }

  @Test
  void readsBeforeTheFirstApplySayToRunApply() {
    CliRun run = CliRun.in(repo, "feature-views", "list");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine())
        .startsWith("error: registry not found")
        .contains(repo.resolve("data/registry.db").toString())
        .contains("larder apply");
  }

  @Test
  void outsideARepositoryTheErrorNamesFeatureStoreYamlAndInit() {
    CliRun run = CliRun.in(work, "plan");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("error: ").contains("feature_store.yaml");
    assertThat(run.err()).contains("larder init");
  }

  @Test
  void badDefinitionsExitOneNamingFileAndFix() throws IOException {
    Path features = repo.resolve("features.yaml");
    Files.writeString(features, Files.readString(features).replace("ttl: 0", "ttll: 0"));
    CliRun run = CliRun.in(repo, "apply");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine())
        .startsWith("error: ")
        .contains("features.yaml")
        .contains("did you mean 'ttl'");
  }

  @Test
  void teardownDeletesOnlineRowsForgetsIntervalsAndKeepsTheDefinitions() throws IOException {
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    String now = java.time.Instant.now().toString();
    assertThat(CliRun.in(repo, "materialize-incremental", now).out()).contains(": 1000 rows");
    assertThat(statusOfSample1()).isEqualTo("PRESENT");

    CliRun run = CliRun.in(repo, "teardown");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Deleted the online store data at")
        .contains("Forgot 1 materialization interval;");
    assertThat(statusOfSample1()).isEqualTo("NOT_FOUND");
    assertThat(CliRun.in(repo, "plan").out()).isEqualTo("No changes.\n");

    // The intervals are gone, so the next incremental run starts from the beginning again.
    assertThat(CliRun.in(repo, "materialize-incremental", now).out())
        .contains(": 1000 rows, event times the beginning of the data");
    assertThat(statusOfSample1()).isEqualTo("PRESENT");
    CliRun again = CliRun.in(repo, "teardown");
    assertThat(again.exitCode()).isZero();
    assertThat(CliRun.in(repo, "teardown").out()).doesNotContain("Forgot");
  }

  /** The online status of sample 1's feature_0. */
  private String statusOfSample1() throws IOException {
    CliRun read =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "sample_index=1");
    assertThat(read.exitCode()).as(read.err()).isZero();
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(read.out())
        .get("results")
        .get(1)
        .get("statuses")
        .get(0)
        .asText();
  }
}
