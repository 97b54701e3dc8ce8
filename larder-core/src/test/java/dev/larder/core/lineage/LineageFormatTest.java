package dev.larder.core.lineage;

import static dev.larder.core.lineage.LineageFixture.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each format of the lineage of a trained model's view: JSON parsed and checked field by field, DOT
 * and Mermaid checked statement by statement, text for what a person looks for.
 */
class LineageFormatTest {
  private static final Pattern DOT_NODE =
      Pattern.compile(
          "  (\"(?:[^\"\\\\]|\\\\.)*\") \\[label=\"(?:[^\"\\\\]|\\\\.)*\", shape=\\w+(, style=bold, penwidth=2)?\\];");
  private static final Pattern DOT_EDGE =
      Pattern.compile("  (\"(?:[^\"\\\\]|\\\\.)*\") -> (\"(?:[^\"\\\\]|\\\\.)*\");");
  private static final Pattern MERMAID_NODE =
      Pattern.compile(
          "  (n\\d+)(\\[\\(\"[^\"]*\"\\)\\]|\\[\"[^\"]*\"\\]|\\{\\{\"[^\"]*\"\\}\\}|\\(\\[\"[^\"]*\"\\]\\)|\\[\\[\"[^\"]*\"\\]\\])");
  private static final Pattern MERMAID_EDGE = Pattern.compile("  (n\\d+) --> (n\\d+)");

  @TempDir Path dir;
  private LineageGraph graph;

  @BeforeEach
  void setUp() {
    graph = new LineageFixture(dir).lineage().graph(VIEW, null);
  }

  @Test
  void jsonHoldsEveryNodeWithItsRoleAndDetailsAndEveryEdge() throws Exception {
    JsonNode root = new ObjectMapper().readTree(LineageFormat.JSON.render(graph));

    assertThat(root.path("format").asText()).isEqualTo("larder-lineage");
    assertThat(root.path("format_version").asInt()).isEqualTo(1);
    assertThat(root.path("project").asText()).isEqualTo("classification");
    assertThat(root.at("/focus/kind").asText()).isEqualTo("feature_view");
    assertThat(root.at("/focus/name").asText()).isEqualTo(VIEW);
    assertThat(root.at("/focus/nodes"))
        .extracting(JsonNode::asText)
        .containsExactly("view:classification_features@v1", "view:classification_features@v2");

    JsonNode nodes = root.path("nodes");
    assertThat(nodes).hasSize(graph.nodes().size());
    JsonNode source = nodes.get(0);
    assertThat(source.path("id").asText()).isEqualTo("source:classification_source");
    assertThat(source.path("kind").asText()).isEqualTo("data_source");
    assertThat(source.path("role").asText()).isEqualTo("upstream");
    assertThat(source.path("type").asText()).isEqualTo("file");
    assertThat(source.path("path").asText()).isEqualTo("data/classification_data.parquet");
    assertThat(source.path("current").asBoolean()).isTrue();

    JsonNode v2 = nodes.get(2);
    assertThat(v2.path("id").asText()).isEqualTo("view:classification_features@v2");
    assertThat(v2.path("label").asText()).isEqualTo("classification_features v2");
    assertThat(v2.path("role").asText()).isEqualTo("focus");
    assertThat(v2.path("version").asInt()).isEqualTo(2);
    assertThat(v2.path("current").asBoolean()).isTrue();
    assertThat(v2.path("applied_by").asText()).isEqualTo("ana");
    assertThat(v2.path("applied_at").asText()).isEqualTo("2026-03-01T11:00:00Z");
    assertThat(v2.path("sha256").asText()).hasSize(64);
    assertThat(v2.path("features")).hasSize(6);
    assertThat(nodes.get(1).path("current").asBoolean()).isFalse();

    JsonNode service = nodes.get(3);
    assertThat(service.path("kind").asText()).isEqualTo("feature_service");
    assertThat(service.at("/projections/0/feature_view").asText()).isEqualTo(VIEW);
    assertThat(service.at("/projections/0/version").isNull()).isTrue();

    JsonNode run = nodes.get(4);
    assertThat(run.path("id").asText()).isEqualTo("run:r1");
    assertThat(run.path("kind").asText()).isEqualTo("training_run");
    assertThat(run.path("role").asText()).isEqualTo("downstream");
    assertThat(run.at("/run/features"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "classification_features@v1:feature_0", "classification_features@v1:target");
    assertThat(run.at("/run/metrics/accuracy").asDouble()).isEqualTo(0.93);
    assertThat(run.at("/run/metrics/log_loss").isNull()).as("NaN").isTrue();
    assertThat(run.at("/run/entity_rows/count").asLong()).isEqualTo(1000);
    assertThat(run.at("/run/as_of").asText()).isEqualTo("2025-11-01T00:00:00Z");
    assertThat(nodes.get(5).at("/run/feature_service").asText()).isEqualTo("classifier_inputs");

    JsonNode model = nodes.get(7);
    assertThat(model.path("kind").asText()).isEqualTo("model");
    assertThat(model.path("path").asText()).isEqualTo("/work/runs/r1");
    assertThat(model.path("run").asText()).isEqualTo("r1");

    Set<String> ids = new HashSet<>();
    nodes.forEach(n -> ids.add(n.path("id").asText()));
    assertThat(root.path("edges")).hasSize(graph.edges().size());
    root.path("edges")
        .forEach(e -> assertThat(ids).contains(e.path("from").asText(), e.path("to").asText()));
  }

  @Test
  void dotIsADigraphOfQuotedNodesAndEdgesBetweenThem() {
    String dot = LineageFormat.DOT.render(graph);
    List<String> lines = dot.lines().toList();

    assertThat(lines.get(0)).isEqualTo("digraph lineage {");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("}");
    assertThat(lines).contains("  rankdir=LR;");
    Set<String> declared = new HashSet<>();
    List<String[]> edges = new ArrayList<>();
    for (String line : lines.subList(1, lines.size() - 1)) {
      assertThat(line).as("every statement ends with ';'").endsWith(";");
      Matcher node = DOT_NODE.matcher(line);
      Matcher edge = DOT_EDGE.matcher(line);
      if (edge.matches()) {
        edges.add(new String[] {edge.group(1), edge.group(2)});
      } else if (node.matches()) {
        assertThat(declared.add(node.group(1))).as("declared once: " + line).isTrue();
      } else {
        assertThat(line).matches("  (rankdir|label|node) ?[=\\[].*");
      }
    }
    assertThat(declared)
        .hasSize(graph.nodes().size())
        .contains("\"view:classification_features@v2\"");
    assertThat(edges).hasSize(graph.edges().size());
    edges.forEach(e -> assertThat(declared).contains(e[0], e[1]));
    assertThat(dot)
        .contains(
            "\"view:classification_features@v1\" [label=\"feature view\\nclassification_features"
                + " v1\", shape=box, style=bold, penwidth=2];")
        .contains("\"run:r1\" [label=\"training run\\nr1\\naccuracy 0.9300, roc_auc 0.9712\"")
        .contains("\"source:classification_source\" -> \"view:classification_features@v1\";");
  }

  @Test
  void dotEscapesQuotesAndBackslashes() {
    assertThat(LineageDot.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }

  @Test
  void mermaidIsAFlowchartOfPlainIdsWithQuotedLabels() {
    String mermaid = LineageFormat.MERMAID.render(graph);
    List<String> lines = mermaid.lines().toList();

    assertThat(lines.get(0)).isEqualTo("flowchart LR");
    Set<String> declared = new HashSet<>();
    int edges = 0;
    for (String line : lines.subList(1, lines.size())) {
      Matcher node = MERMAID_NODE.matcher(line);
      Matcher edge = MERMAID_EDGE.matcher(line);
      if (node.matches()) {
        assertThat(declared.add(node.group(1))).isTrue();
      } else if (edge.matches()) {
        assertThat(declared).as(line).contains(edge.group(1), edge.group(2));
        edges++;
      } else {
        assertThat(line).matches("  classDef focus .*|  class n\\d+(,n\\d+)* focus");
      }
    }
    assertThat(declared).hasSize(graph.nodes().size());
    assertThat(edges).isEqualTo(graph.edges().size());
    assertThat(mermaid)
        .contains("  n1[(\"data source<br/>classification_source\")]")
        .contains("  n3[\"feature view<br/>classification_features v2\"]")
        .contains("  n4{{\"feature service<br/>classifier_inputs\"}}")
        .contains("  n5([\"training run<br/>r1<br/>accuracy 0.9300, roc_auc 0.9712\"])")
        .contains("  n8[[\"model<br/>/work/runs/r1\"]]")
        .contains("  n1 --> n2")
        .contains("  class n2,n3 focus");
    assertThat(LineageMermaid.escape("a \"b\" <c>")).isEqualTo("a #quot;b#quot; #lt;c#gt;");
  }

  @Test
  void textShowsTheSourceTheVersionsAndEachRunWithItsMetrics() {
    String text = LineageFormat.TEXT.render(graph);

    assertThat(text)
        .startsWith(
            "Lineage of feature view 'classification_features' in project 'classification'\n\n"
                + "upstream\n"
                + "  data source     classification_source\n"
                + "                  file data/classification_data.parquet\n"
                + "\nfocus\n"
                + "  feature view    classification_features v1\n"
                + "                  not current; 4 features; ttl unlimited; applied"
                + " 2026-03-01T10:00:00Z by ana\n"
                + "                  ← data source classification_source\n")
        .contains(
            "  training run    r2\n"
                + "                  recorded 2026-03-01T11:00:00Z by ana; logistic-regression;"
                + " through feature service classifier_inputs\n"
                + "                  as of 2025-11-01T00:00:00Z; 1000 entity rows (sha256"
                + " eeeeeeeeeeee…); 998 training rows\n"
                + "                  accuracy 0.9300  roc_auc 0.9712  log_loss n/a\n"
                + "                  ← feature service classifier_inputs\n")
        .contains("  model           /work/runs/r3\n                  ← training run r3\n");
  }

  @Test
  void formatsParseByName() {
    assertThat(LineageFormat.parse("Mermaid")).isEqualTo(LineageFormat.MERMAID);
    assertThatThrownBy(() -> LineageFormat.parse("svg"))
        .hasMessage("lineage format 'svg' is not one of text, json, dot, mermaid");
  }
}
