package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** materialize, materialize-incremental and get-online-features in a repo from larder init. */
class OnlineCommandsTest {
  @TempDir static Path work;
  static Path repo;
  static String now;

  @BeforeAll
  static void initApplyMaterialize() {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
    now = Instant.now().toString();
    CliRun run = CliRun.in(repo, "materialize-incremental", now);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .matches(
            "classification_features: 1000 rows, event times the beginning of the data to "
                + "\\S+Z \\(\\d+\\.\\d\\d s\\)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void onlineValuesAreTheHistoricalOnesAtTheMaterializedTime() throws IOException {
    CliRun online =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "sample_index=1,2,999999");
    assertThat(online.exitCode()).as(online.err()).isZero();
    assertThat(online.out()).endsWith("}\n").hasLineCount(1);
    JsonNode json = new ObjectMapper().readTree(online.out());
    assertThat(texts(json.get("metadata").get("feature_names")))
        .containsExactly("sample_index", "feature_0");
    assertThat(json.get("results").get(0).get("values").toString()).isEqualTo("[1,2,999999]");
    JsonNode feature0 = json.get("results").get(1);
    assertThat(texts(feature0.get("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");

    Files.writeString(
        repo.resolve("E.csv"),
        "sample_index,event_timestamp\n1," + now + "\n2," + now + "\n999999," + now + "\n");
    CliRun historical =
        CliRun.in(
            repo,
            "get-historical-features",
            "--entity-df",
            "E.csv",
            "--features",
            "classification_features:feature_0",
            "--output",
            "out.csv");
    assertThat(historical.exitCode()).as(historical.err()).isZero();
    List<String> lines = Files.readAllLines(repo.resolve("out.csv"));
    for (int i = 0; i < 2; i++) {
      String value = lines.get(i + 1).substring(lines.get(i + 1).lastIndexOf(',') + 1);
      assertThat(feature0.get("values").get(i).doubleValue()).isEqualTo(Double.parseDouble(value));
    }
    assertThat(lines.get(3)).endsWith(",");
    assertThat(feature0.get("values").get(2).isNull()).isTrue();
  }

  @Test
  void featureServiceAndFullNamesAndCompositeOrder() throws IOException {
    CliRun run =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:target,classification_features:feature_1",
            "--entity",
            "sample_index=3",
            "--full-feature-names");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(texts(json.get("metadata").get("feature_names")))
        .containsExactly(
            "sample_index",
            "classification_features__target",
            "classification_features__feature_1");
    assertThat(json.get("results").get(1).get("values").get(0).isIntegralNumber()).isTrue();
  }

  @Test
  void materializeReportsEachViewAndWarnsWhenNoRowsAreInTheInterval() {
    CliRun some = CliRun.in(repo, "materialize", "2025-01-01", "2025-03-01T00:00:00Z");
    assertThat(some.exitCode()).as(some.err()).isZero();
    assertThat(some.out())
        .startsWith("classification_features: ")
        .contains("event times 2025-01-01T00:00:00Z to 2025-03-01T00:00:00Z");
    CliRun none =
        CliRun.in(
            repo, "materialize", "2010-01-01", "2010-02-01", "--views", "classification_features");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).startsWith("classification_features: 0 rows");
    assertThat(none.err()).startsWith("warning: classification_features has no rows");
  }

  @Test
  void anIncrementalMaterializationWithNothingNewIsNoWarning() {
    CliRun again = CliRun.in(repo, "materialize-incremental", now);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .matches(
            "classification_features: nothing new, event times \\S+Z to \\S+Z \\(\\d+\\.\\d\\d"
                + " s\\)\n");
    assertThat(again.err()).isEmpty();
  }

  @Test
  void badInputGetsTheRightExitCodeAndAnErrorLine() {
    CliRun badTime = CliRun.in(repo, "materialize", "yesterday", "2025-01-01");
    assertThat(badTime.exitCode()).isEqualTo(2);
    assertThat(badTime.firstErrorLine()).startsWith("error: START is not an ISO-8601 time");

    CliRun unknownView =
        CliRun.in(
            repo, "materialize-incremental", "2025-01-01", "--views", "clasification_features");
    assertThat(unknownView.exitCode()).isEqualTo(1);
    assertThat(unknownView.firstErrorLine())
        .startsWith("error: ")
        .contains("classification_features");

    CliRun ahead = CliRun.in(repo, "materialize-incremental", "2020-01-01");
    assertThat(ahead.exitCode()).isEqualTo(1);
    assertThat(ahead.firstErrorLine()).contains("already materialized past");

    CliRun badEntity =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "sample_index");
    assertThat(badEntity.exitCode()).isEqualTo(2);
    assertThat(badEntity.firstErrorLine()).startsWith("error: --entity 'sample_index' is not");

    CliRun wrongKey =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "driver_id=1");
    assertThat(wrongKey.exitCode()).isEqualTo(1);
    assertThat(wrongKey.firstErrorLine()).startsWith("error: ").contains("sample_index");

    CliRun notAKey =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:feature_0",
            "--entity",
            "sample_index=abc");
    assertThat(notAKey.exitCode()).isEqualTo(1);
    assertThat(notAKey.firstErrorLine()).startsWith("error: ").contains("sample_index");

    CliRun unknownFeature =
        CliRun.in(
            repo,
            "get-online-features",
            "--features",
            "classification_features:featur_0",
            "--entity",
            "sample_index=1");
    assertThat(unknownFeature.exitCode()).isEqualTo(1);
    assertThat(unknownFeature.firstErrorLine()).contains("did you mean 'feature_0'");

    CliRun noSelection = CliRun.in(repo, "get-online-features", "--entity", "sample_index=1");
    assertThat(noSelection.exitCode()).isEqualTo(2);

    CliRun badPort = CliRun.in(repo, "serve", "--port", "70000");
    assertThat(badPort.exitCode()).isEqualTo(2);
    assertThat(badPort.firstErrorLine()).contains("--port 70000");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
