package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions from the command line, in a repo from {@code larder init} (issue 5's acceptance):
 * retyping a feature is planned as breaking, refused by {@code apply} without {@code
 * --allow-breaking} (nothing written), recorded as v2 with it (the online rows go, with a warning),
 * listed by {@code feature-views versions}, and {@code classification_features@v1:feature_0} (or a
 * service's {@code version: 1}) still retrieves the v1 data.
 */
class VersionsCommandsTest {
  static final String VIEW = "classification_features";
  static final String NOW = "2026-01-01T00:00:00Z";

  @TempDir Path work;
  Path repo;
  Path features;

  @BeforeEach
  void initApplyMaterialize() throws IOException {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    features = repo.resolve("features.yaml");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    assertThat(CliRun.in(repo, "materialize-incremental", NOW).exitCode()).isZero();
    Files.writeString(
        repo.resolve("E.csv"), "sample_index,event_timestamp\n1," + NOW + "\n2," + NOW + "\n");
  }

  /** Rewrites feature_0 as Int64 in features.yaml. */
  private void retypeFeature0() throws IOException {
    Files.writeString(
        features,
        Files.readString(features)
            .replace(
                "      - {name: feature_0, dtype: Float64}\n",
                "      - {name: feature_0, dtype: Int64}\n"));
  }

  /** The rows of {@code get-historical-features} for samples 1 and 2 as of {@link #NOW}. */
  private List<String> historical(String... selection) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("get-historical-features", "--entity-df", "E.csv", "--output", "out.csv"));
    args.addAll(List.of(selection));
    CliRun run = CliRun.in(repo, args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.readAllLines(repo.resolve("out.csv"));
  }

  private CliRun online(String reference) {
    return CliRun.in(
        repo, "get-online-features", "--features", reference, "--entity", "sample_index=1,2");
  }

  @Test
  void aRetypedFeatureIsBreakingRefusedThenRecordedAndV1StillRetrievesTheV1Data()
      throws IOException {
    List<String> before = historical("--features", VIEW + ":feature_0");
    String dump = CliRun.in(repo, "registry-dump").out();
    retypeFeature0();

    CliRun plan = CliRun.in(repo, "plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains(
            "~ update feature view classification_features (v1 → v2)\n"
                + "    schema.feature_0: Float64 → Int64  [breaking: retyped feature]\n")
        .contains("0 to create, 1 to update, 0 to delete, 2 unchanged; 1 breaking change.\n")
        .endsWith(
            "Breaking changes need 'larder apply --allow-breaking'; it deletes the online rows"
                + " of feature view 'classification_features' (materialize again afterwards).\n");

    CliRun refused = CliRun.in(repo, "apply");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err().lines().toList())
        .startsWith(
            "error: apply refused: 1 breaking change without --allow-breaking:",
            "  feature view 'classification_features': schema.feature_0: Float64 → Int64"
                + " (retyped feature)");
    assertThat(refused.err())
        .contains("larder apply --allow-breaking")
        .contains("'classification_features@v1:feature'");
    assertThat(CliRun.in(repo, "registry-dump").out()).isEqualTo(dump);
    assertThat(online(VIEW + ":feature_0").out()).contains("\"PRESENT\",\"PRESENT\"");

    CliRun applied = CliRun.in(repo, "apply", "--allow-breaking");
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("Applied: registry at revision 2")
        .contains(
            "feature view classification_features is now v2 (schema.feature_0: Float64 → Int64"
                + " (breaking))");
    assertThat(applied.err())
        .isEqualTo(
            "warning: deleted the online rows of feature view 'classification_features'"
                + " (breaking change); run 'larder materialize-incremental END' or 'larder"
                + " materialize START END' to fill them again\n");
    assertThat(online(VIEW + ":feature_0").out()).contains("\"NOT_FOUND\",\"NOT_FOUND\"");

    CliRun versions = CliRun.in(repo, "feature-views", "versions", VIEW);
    assertThat(versions.exitCode()).as(versions.err()).isZero();
    List<String> lines = versions.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("VERSION +APPLIED AT +BY +IMPACT +SHA-256 +CHANGES");
    assertThat(lines.get(1))
        .matches("v1 +\\d{4}-\\d\\d-\\d\\dT\\S+Z +\\S+ +created +[0-9a-f]{12} +created");
    assertThat(lines.get(2))
        .matches(
            "v2 +\\S+Z +\\S+ +breaking +[0-9a-f]{12} +schema.feature_0: Float64 → Int64 \\(breaking\\)");

    assertThat(historical("--features", VIEW + "@v1:feature_0")).isEqualTo(before);
    List<String> latest = historical("--features", VIEW + ":feature_0");
    assertThat(latest.get(0)).isEqualTo("sample_index,event_timestamp,feature_0");
    assertThat(latest.get(1)).matches("1," + NOW + ",-?\\d+");
    assertThat(before.get(1)).matches("1," + NOW + ",-?\\d+\\.\\d+(E-?\\d+)?");
  }

  @Test
  void aServicePinReadsItsVersionAndUnknownOrOfflinePinsNameTheFix() throws IOException {
    List<String> before = historical("--features", VIEW + ":feature_0," + VIEW + ":feature_1");
    retypeFeature0();
    Files.writeString(
        features,
        Files.readString(features)
            + "feature_services:\n"
            + "  - name: model_inputs\n"
            + "    features:\n"
            + "      - {feature_view: classification_features, features: [feature_0, feature_1],"
            + " version: 1}\n");
    assertThat(CliRun.in(repo, "apply", "--allow-breaking").exitCode()).isZero();

    assertThat(historical("--feature-service", "model_inputs")).isEqualTo(before);

    CliRun unknown =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            VIEW + "@v9:feature_0",
            "--output",
            "o.csv");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.firstErrorLine())
        .startsWith("error: feature view 'classification_features' has no version 9")
        .contains("its versions are v1, v2 (latest: v2)");

    CliRun pinnedOnline = online(VIEW + "@v1:feature_0");
    assertThat(pinnedOnline.exitCode()).isEqualTo(1);
    assertThat(pinnedOnline.firstErrorLine())
        .startsWith("error: feature view 'classification_features@v1' is pinned to version 1")
        .contains("v2 was a breaking change");
    assertThat(pinnedOnline.err()).contains("get-historical-features");
  }

  /** Issue 11's acceptance: a ttl change applies without --allow-breaking and keeps online rows. */
  @Test
  void aTtlChangeAppliesWithoutAllowBreakingAndKeepsTheOnlineRows() throws IOException {
    Files.writeString(features, Files.readString(features).replace("ttl: 0\n", "ttl: 36500d\n"));

    CliRun plan = CliRun.in(repo, "plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains(
            "~ update feature view classification_features (v1 → v2)\n"
                + "    ttl: 0 (unlimited) → 36500d  [compatible: ttl applies at read time]\n")
        .doesNotContain("--allow-breaking");

    CliRun applied = CliRun.in(repo, "apply");
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.err()).isEmpty();
    assertThat(applied.out()).contains("feature view classification_features is now v2");
    assertThat(online(VIEW + ":feature_0").out()).contains("\"PRESENT\",\"PRESENT\"");
    CliRun versions = CliRun.in(repo, "feature-views", "versions", VIEW);
    assertThat(versions.out().lines().toList().get(2))
        .matches("v2 +\\S+Z +\\S+ +compatible +[0-9a-f]{12} +ttl: 0 \\(unlimited\\) → 36500d");
  }
}
