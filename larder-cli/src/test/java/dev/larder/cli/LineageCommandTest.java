package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code larder lineage}, {@code runs list} and {@code runs describe} after real training runs
 * through the feature store (issue #5, acceptance: the lineage of {@code classification_features}
 * shows the source, the view's version and the run with its metrics; JSON is machine-readable).
 */
class LineageCommandTest {
  @TempDir static Path work;
  static String runId;
  static JsonNode metrics;

  @BeforeAll
  static void trainThroughTheFeatureStore() throws Exception {
    assertThat(CliRun.in(work, "data", "generate", "--samples", "300").exitCode()).isZero();
    CliRun train = CliRun.in(work, "train", "--as-of", "2025-11-01", "--output", "run1");
    assertThat(train.exitCode()).as(train.err()).isZero();
    String recorded =
        train
            .out()
            .lines()
            .filter(l -> l.startsWith("recorded in the registry as run "))
            .findFirst()
            .orElseThrow();
    runId = recorded.split(" ")[6];
    assertThat(recorded)
        .isEqualTo(
            "recorded in the registry as run "
                + runId
                + " (larder lineage "
                + runId
                + " --repo feature_repo)");
    // the printed command works as pasted, in the same folder
    String pasted = recorded.substring(recorded.indexOf("(larder ") + 8, recorded.length() - 1);
    CliRun lineage = CliRun.in(work, pasted.split(" "));
    assertThat(lineage.exitCode()).as(lineage.err()).isZero();
    assertThat(lineage.out()).contains("training run    " + runId);
    metrics = new ObjectMapper().readTree(work.resolve("run1/metrics.json").toFile());
  }

  private static CliRun larder(String... args) {
    List<String> all = new ArrayList<>(List.of("--repo", "feature_repo"));
    all.addAll(List.of(args));
    return CliRun.in(work, all.toArray(String[]::new));
  }

  private static String metric(String name) {
    return String.format(Locale.ROOT, "%.4f", metrics.get(name).asDouble());
  }

  @Test
  void lineageOfTheViewShowsTheSourceTheVersionAndTheRunWithItsMetrics() {
    CliRun run = larder("lineage", "classification_features");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith(
            "Lineage of feature view 'classification_features' in project 'classification'\n")
        .containsPattern("upstream\n  data source     classification_source\n")
        .containsPattern(
            "focus\n  feature view    classification_features v1\n                  current; 21 features")
        .contains("  training run    " + runId + "\n")
        .contains("as of 2025-11-01T00:00:00Z; 300 entity rows (sha256 ")
        .contains("accuracy " + metric("accuracy"))
        .contains("roc_auc " + metric("roc_auc"))
        .contains("  model           " + work.resolve("run1"));
  }

  @Test
  void everyJsonOutputHasOneStyle() throws Exception {
    List<String> outputs = new ArrayList<>();
    for (String[] args :
        new String[][] {
          {"lineage", "classification_features", "--format", "json"},
          {"runs", "describe", runId, "--format", "json"},
          {"audit", "--format", "json"},
          {"registry-dump"}
        }) {
      CliRun run = larder(args);
      assertThat(run.exitCode()).as(run.err()).isZero();
      outputs.add(run.out());
    }
    outputs.add(java.nio.file.Files.readString(work.resolve("run1/metrics.json")));
    outputs.add(java.nio.file.Files.readString(work.resolve("run1/provenance.json")));
    for (String json : outputs) {
      new ObjectMapper().readTree(json); // parses
      assertThat(json).endsWith("\n").doesNotEndWith("\n\n");
      for (String line : json.lines().toList()) {
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        assertThat(indent.length() % 2).as(line).isZero();
        assertThat(line)
            .as("two-space indent, \"key\": value, one element per line")
            .doesNotContain("\" : ")
            .doesNotContainPattern("\\[ *[^\\] ]")
            .doesNotContain("{ }")
            .doesNotContain("[ ]");
      }
    }
  }

  @Test
  void lineageAsJsonIsMachineReadable() throws Exception {
    CliRun run = larder("lineage", "classification_features", "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode root = new ObjectMapper().readTree(run.out());
    assertThat(root.path("format").asText()).isEqualTo("larder-lineage");
    assertThat(root.at("/focus/nodes/0").asText()).isEqualTo("view:classification_features@v1");
    JsonNode nodes = root.path("nodes");
    assertThat(nodes).hasSize(4);
    assertThat(nodes.get(0).path("id").asText()).isEqualTo("source:classification_source");
    assertThat(nodes.get(1).path("version").asInt()).isEqualTo(1);
    JsonNode recorded = nodes.get(2).path("run");
    assertThat(recorded.path("id").asText()).isEqualTo(runId);
    assertThat(recorded.at("/metrics/accuracy").asDouble())
        .isEqualTo(metrics.get("accuracy").asDouble());
    assertThat(recorded.at("/metrics/roc_auc").asDouble())
        .isEqualTo(metrics.get("roc_auc").asDouble());
    assertThat(recorded.path("run_path").asText()).isEqualTo(work.resolve("run1").toString());
    assertThat(nodes.get(3).path("path").asText()).isEqualTo(work.resolve("run1").toString());
    assertThat(root.path("edges"))
        .extracting(e -> e.path("from").asText() + " -> " + e.path("to").asText())
        .containsExactly(
            "source:classification_source -> view:classification_features@v1",
            "view:classification_features@v1 -> run:" + runId,
            "run:" + runId + " -> model:" + runId);
  }

  @Test
  void lineageOfTheRunAsDotAndMermaid() {
    CliRun dot = larder("lineage", runId, "--format", "dot");
    assertThat(dot.exitCode()).as(dot.err()).isZero();
    assertThat(dot.out())
        .startsWith("digraph lineage {\n")
        .endsWith("}\n")
        .contains("\"view:classification_features@v1\" -> \"run:" + runId + "\";");

    CliRun mermaid = larder("lineage", runId, "--kind", "run", "--format", "mermaid");
    assertThat(mermaid.exitCode()).as(mermaid.err()).isZero();
    assertThat(mermaid.out())
        .startsWith("flowchart LR\n")
        .contains("  n1 --> n2\n  n2 --> n3\n  n3 --> n4\n")
        .contains("  class n3 focus\n");
  }

  @Test
  void runsListAndDescribeShowWhatWasRecorded() throws Exception {
    CliRun list = larder("runs", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines.get(0))
        .matches("ID +TIME +USER +SOURCE/SERVICE +VIEWS +AS OF +ROWS +ACCURACY +ROC_AUC");
    assertThat(lines.get(1))
        .startsWith(runId + "  ")
        .containsPattern(
            " classification_source +classification_features@v1 +2025-11-01T00:00:00Z +\\d+/300 +"
                + metric("accuracy")
                + " +"
                + metric("roc_auc")
                + "$");

    CliRun describe = larder("runs", "describe", runId);
    assertThat(describe.exitCode()).as(describe.err()).isZero();
    JsonNode yaml = new YAMLMapper().readTree(describe.out());
    assertThat(yaml.path("id").asText()).isEqualTo(runId);
    assertThat(yaml.path("features")).hasSize(21);
    assertThat(yaml.at("/features/0").asText()).isEqualTo("classification_features@v1:feature_0");
    assertThat(yaml.path("as_of").asText()).isEqualTo("2025-11-01T00:00:00Z");
    assertThat(yaml.at("/entity_rows/count").asInt()).isEqualTo(300);
    assertThat(yaml.at("/entity_rows/sha256").asText()).hasSize(64);
    assertThat(yaml.at("/model_spec/algorithm").asText()).isEqualTo("logistic-regression");
    assertThat(yaml.at("/metrics/f1").asDouble()).isEqualTo(metrics.get("f1").asDouble());
    assertThat(yaml.path("run_path").asText()).isEqualTo(work.resolve("run1").toString());

    CliRun json = larder("runs", "describe", runId, "--format", "json");
    assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(yaml);
  }

  @Test
  void unknownNamesWrongKindsAndBadOptionsAreClearErrors() {
    CliRun typo = larder("lineage", "classification_featurs");
    assertThat(typo.exitCode()).isEqualTo(1);
    assertThat(typo.firstErrorLine())
        .startsWith("error: 'classification_featurs' is not a data source, feature view,")
        .endsWith("did you mean 'classification_features'?");

    CliRun kind = larder("lineage", "classification_features", "--kind", "service");
    assertThat(kind.exitCode()).isEqualTo(1);
    assertThat(kind.err()).contains("'classification_features' is a feature view: use --kind view");

    CliRun format = larder("lineage", "classification_features", "--format", "svg");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.firstErrorLine())
        .isEqualTo("error: lineage format 'svg' is not one of text, json, dot, mermaid");
    assertThat(larder("lineage", "x", "--kind", "model").exitCode()).isEqualTo(2);

    CliRun describe = larder("runs", "describe", "nope");
    assertThat(describe.exitCode()).isEqualTo(1);
    assertThat(describe.firstErrorLine())
        .isEqualTo("error: training run 'nope' is not in the registry.");
    assertThat(larder("runs").exitCode()).isEqualTo(2);
  }

  @Test
  void aDirectRunSaysItIsNotRecorded() {
    CliRun direct = CliRun.in(work, "train", "--source", "direct", "--output", "direct");
    assertThat(direct.exitCode()).as(direct.err()).isZero();
    assertThat(direct.out())
        .contains("not recorded in a registry: direct loading reads no feature view");
  }
}
