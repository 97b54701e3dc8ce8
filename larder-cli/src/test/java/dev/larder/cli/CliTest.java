package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path work;

  @Test
  void loadAndTrainWithoutADatabaseNameThePathAndTheCommandThatCreatesIt() {
    for (String[] args : new String[][] {{"data", "load"}, {"train"}}) {
      CliRun run = CliRun.in(work, args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(run.firstErrorLine())
          .startsWith("error: ")
          .contains(work.resolve("data/database/sample_data.db").toString());
      assertThat(run.err()).contains("larder data generate");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void trainWithoutADatabaseTrainsFromAnAppliedRepositoryAndItsHintWorksAsPasted() {
    assertThat(CliRun.in(work, "init").exitCode()).isZero();
    CliRun notApplied = CliRun.in(work, "train", "--output", "run0");
    assertThat(notApplied.exitCode()).isEqualTo(1);
    assertThat(notApplied.err()).contains("larder apply");
    assertThat(CliRun.in(work.resolve("feature_repo"), "apply").exitCode()).isZero();

    CliRun train = CliRun.in(work, "train", "--output", "run1");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("Trained logistic-regression on 1000 rows × 20 features");
    assertThat(work.resolve("data")).doesNotExist(); // nothing exported: no database to export
    String hint =
        train.out().lines().filter(l -> l.startsWith("recorded in the registry")).findFirst().get();
    String command = hint.substring(hint.indexOf("(larder ") + 8, hint.length() - 1);
    assertThat(command).endsWith(" --repo feature_repo");
    CliRun lineage = CliRun.in(work, command.split(" "));
    assertThat(lineage.exitCode()).as(lineage.err()).isZero();
    CliRun runs = CliRun.in(work, "runs", "list", "--repo", "feature_repo");
    assertThat(runs.out()).contains(command.split(" ")[1]);
  }

  @Test
  void aTestSplitTooSmallForRocAucIsAWarningNotANaN() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "5").exitCode()).isZero();
    CliRun train = CliRun.in(work, "train", "--source", "direct", "--output", "tiny");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.err())
        .startsWith("warning: ROC AUC is undefined: the test split (1 row) holds only target ")
        .contains("train on more samples");
    assertThat(train.out()).containsPattern("roc_auc +n/a\n").doesNotContain("NaN");
    JsonNode metrics = new ObjectMapper().readTree(work.resolve("tiny/metrics.json").toFile());
    assertThat(metrics.get("roc_auc").isNull()).isTrue();
  }

  @Test
  void generateThenLoadReports1000RowsBy20Features() {
    CliRun generate = CliRun.in(work, "data", "generate");
    assertThat(generate.exitCode()).isZero();
    assertThat(Files.exists(work.resolve("data/database/sample_data.db"))).isTrue();
    CliRun load = CliRun.in(work, "data", "load");
    assertThat(load.exitCode()).isZero();
    assertThat(load.out()).contains("1000 rows × 20 features");
    assertThat(load.err()).isEmpty();
  }

  @Test
  void generateRefusesToReplaceADatabaseWithoutForce() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "50").exitCode()).isZero();
    Path db = work.resolve("data/database/sample_data.db");
    long size = Files.size(db);
    CliRun again = CliRun.in(work, "data", "generate");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.firstErrorLine()).startsWith("error: ").contains(db.toString());
    assertThat(again.err()).contains("--force");
    assertThat(Files.size(db)).isEqualTo(size);
    assertThat(CliRun.in(work, "data", "generate", "--force").exitCode()).isZero();
    assertThat(Files.size(db)).isGreaterThan(size);
  }

  @Test
  void badOptionsAreUsageErrors() {
    CliRun unknown = CliRun.in(work, "data", "generate", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.firstErrorLine()).startsWith("error: ").contains("--bogus");

    CliRun range = CliRun.in(work, "data", "generate", "--samples", "0");
    assertThat(range.exitCode()).isEqualTo(2);
    assertThat(range.firstErrorLine()).startsWith("error: ").contains("--samples");

    CliRun model = CliRun.in(work, "train", "--model", "svm");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.firstErrorLine())
        .isEqualTo(
            "error: --model must be one of logistic-regression, random-forest,"
                + " gradient-boosting, got 'svm'");

    CliRun asOf = CliRun.in(work, "train", "--source", "direct", "--as-of", "2025-11-01");
    assertThat(asOf.exitCode()).isEqualTo(2);
    assertThat(asOf.firstErrorLine()).contains("--as-of").contains("feature-store");

    CliRun samples = CliRun.in(work, "train", "--samples", "1,x");
    assertThat(samples.exitCode()).isEqualTo(2);

    CliRun time = CliRun.in(work, "train", "--as-of", "yesterday");
    assertThat(time.exitCode()).isEqualTo(2);
    assertThat(time.firstErrorLine()).contains("--as-of").contains("yesterday");
  }

  @Test
  void exportWithoutATableNamesIt() {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "20").exitCode()).isZero();
    CliRun run = CliRun.in(work, "data", "export", "--table", "nope");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("error: ").contains("nope");
  }

  @Test
  void trainWritesARunRecordWithMetricsAndProvenance() throws IOException {
    assertThat(CliRun.in(work, "data", "generate").exitCode()).isZero();
    CliRun train = CliRun.in(work, "train", "--output", "run1");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("accuracy").contains("roc_auc").contains("run record: run1");

    ObjectMapper json = new ObjectMapper();
    JsonNode metrics = json.readTree(work.resolve("run1/metrics.json").toFile());
    for (String key :
        new String[] {
          "accuracy",
          "precision",
          "recall",
          "f1",
          "roc_auc",
          "log_loss",
          "confusion_matrix",
          "rows_train",
          "rows_test"
        }) {
      assertThat(metrics.has(key)).as(key).isTrue();
    }
    assertThat(metrics.get("rows_train").asInt() + metrics.get("rows_test").asInt())
        .isEqualTo(1000);
    JsonNode cm = metrics.get("confusion_matrix");
    assertThat(
            cm.get(0).get(0).asInt()
                + cm.get(0).get(1).asInt()
                + cm.get(1).get(0).asInt()
                + cm.get(1).get(1).asInt())
        .isEqualTo(metrics.get("rows_test").asInt());
    assertThat(metrics.get("accuracy").asDouble()).isBetween(0.8, 1.0);

    JsonNode provenance = json.readTree(work.resolve("run1/provenance.json").toFile());
    assertThat(provenance.at("/data/table").asText()).isEqualTo("classification_data");
    assertThat(provenance.at("/data/rows").asInt()).isEqualTo(1000);
    assertThat(provenance.at("/data/sha256").asText()).hasSize(64);
    assertThat(provenance.at("/specs/model/algorithm").asText()).isEqualTo("logistic-regression");
    assertThat(provenance.at("/seed").asLong()).isEqualTo(42);
    assertThat(provenance.get("test_sample_indices")).hasSize(metrics.get("rows_test").asInt());
    assertThat(provenance.at("/libraries/tribuo").asText()).isNotBlank();
    assertThat(Files.exists(work.resolve("run1/model/model.json"))).isTrue();

    CliRun again = CliRun.in(work, "train", "--output", "run1");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.firstErrorLine()).contains("run1").contains("not empty");
    assertThat(again.err()).contains("--force");
    assertThat(CliRun.in(work, "train", "--output", "run1", "--force").exitCode()).isZero();
  }

  @Test
  void sameDataAndSpecGiveTheSameDataHashAndMetrics() throws IOException {
    assertThat(CliRun.in(work, "data", "generate").exitCode()).isZero();
    assertThat(CliRun.in(work, "train", "--output", "a").exitCode()).isZero();
    assertThat(CliRun.in(work, "train", "--output", "b").exitCode()).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(work.resolve("a/metrics.json").toFile()))
        .isEqualTo(json.readTree(work.resolve("b/metrics.json").toFile()));
    assertThat(json.readTree(work.resolve("a/provenance.json").toFile()).at("/data/sha256"))
        .isEqualTo(json.readTree(work.resolve("b/provenance.json").toFile()).at("/data/sha256"));
  }

  @Test
  void defaultRunDirectoriesAreUniqueUnderRuns() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "100").exitCode()).isZero();
    assertThat(CliRun.in(work, "train").exitCode()).isZero();
    assertThat(CliRun.in(work, "train").exitCode()).isZero();
    try (var runs = Files.list(work.resolve("runs"))) {
      assertThat(runs.map(p -> p.getFileName().toString()).toList())
          .hasSize(2)
          .allMatch(name -> name.matches("\\d{8}-\\d{6}-\\d{3}(-\\d+)?"));
    }
  }

  @Test
  void specFileIsReadAndFlagsOverrideIt() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "200").exitCode()).isZero();
    Files.writeString(
        work.resolve("spec.yaml"),
        "model: {algorithm: random-forest, hyperparameters: {n_estimators: 5}, seed: 3}\n");
    CliRun run =
        CliRun.in(
            work, "train", "--spec", "spec.yaml", "--model", "gradient-boosting", "--output", "o");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode model =
        new ObjectMapper().readTree(work.resolve("o/provenance.json").toFile()).at("/specs/model");
    assertThat(model.get("algorithm").asText()).isEqualTo("gradient-boosting");
    assertThat(model.at("/hyperparameters/n_estimators").asInt()).isEqualTo(5);
    assertThat(model.get("seed").asInt()).isEqualTo(3);

    Files.writeString(work.resolve("bad.yaml"), "model: {tset_fraction: 0.3}\n");
    CliRun bad = CliRun.in(work, "train", "--spec", "bad.yaml");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.firstErrorLine()).contains("bad.yaml").contains("model.tset_fraction");
  }

  @Test
  void repoOptionIsAcceptedBeforeOrAfterTheSubcommand() throws IOException {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "100").exitCode()).isZero();
    CliRun before = CliRun.in(work, "--repo", "repo_a", "train", "--output", "a");
    CliRun after = CliRun.in(work, "train", "--output", "b", "-r", "repo_b");
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(after.exitCode()).as(after.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(
            json.readTree(work.resolve("a/provenance.json").toFile())
                .at("/specs/feature_store/repo_path")
                .asText())
        .isEqualTo("repo_a");
    assertThat(
            json.readTree(work.resolve("b/provenance.json").toFile())
                .at("/specs/feature_store/repo_path")
                .asText())
        .isEqualTo("repo_b");
  }

  @Test
  void featureStoreAndDirectPrintIdenticalMetricsAndAsOfAndSamplesChangeTheData()
      throws IOException {
    assertThat(CliRun.in(work, "data", "generate").exitCode()).isZero();
    CliRun direct = CliRun.in(work, "train", "--source", "direct", "--output", "d");
    CliRun store = CliRun.in(work, "train", "--source", "feature-store", "--output", "f");
    assertThat(direct.exitCode()).as(direct.err()).isZero();
    assertThat(store.exitCode()).as(store.err()).isZero();
    assertThat(metricLines(store.out())).isEqualTo(metricLines(direct.out())).hasSize(7);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(work.resolve("f/provenance.json").toFile()).at("/data/sha256"))
        .isEqualTo(json.readTree(work.resolve("d/provenance.json").toFile()).at("/data/sha256"));

    CliRun asOf = CliRun.in(work, "train", "--as-of", "2025-11-01", "--output", "a");
    assertThat(asOf.exitCode()).as(asOf.err()).isZero();
    int rows = json.readTree(work.resolve("a/provenance.json").toFile()).at("/data/rows").asInt();
    assertThat(rows).isBetween(780, 890);
    assertThat(asOf.err()).startsWith("warning: dropped " + (1000 - rows) + " of 1000 samples");

    CliRun samples =
        CliRun.in(
            work,
            "train",
            "--samples",
            "0,10,20,30,40,50,60,70,80,90",
            "--output",
            "s",
            "--model",
            "random-forest");
    assertThat(samples.exitCode()).as(samples.err()).isZero();
    assertThat(json.readTree(work.resolve("s/provenance.json").toFile()).at("/data/rows").asInt())
        .isEqualTo(10);

    CliRun none = CliRun.in(work, "train", "--as-of", "2020-01-01");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.firstErrorLine()).startsWith("error: No matching entities found");
  }

  private static java.util.List<String> metricLines(String out) {
    return out.lines()
        .filter(l -> l.matches("^(accuracy|precision|recall|f1|roc_auc|log_loss|confusion).*"))
        .toList();
  }
}
