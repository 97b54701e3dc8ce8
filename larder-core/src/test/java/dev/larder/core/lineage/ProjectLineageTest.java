package dev.larder.core.lineage;

import static dev.larder.core.lineage.LineageFixture.SERVICE;
import static dev.larder.core.lineage.LineageFixture.SOURCE;
import static dev.larder.core.lineage.LineageFixture.VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage graph cut out around each kind of name, from a real registry with a history. */
class ProjectLineageTest {
  @TempDir Path dir;
  private LineageFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new LineageFixture(dir);
  }

  private static List<String> ids(LineageGraph graph, LineageRole role) {
    return graph.nodes(role).stream().map(LineageNode::id).toList();
  }

  private static List<String> edges(LineageGraph graph) {
    return graph.edges().stream().map(e -> e.from() + " -> " + e.to()).toList();
  }

  @Test
  void aViewShowsEveryVersionItsSourceAndEverythingMadeFromIt() {
    LineageGraph graph = fixture.lineage().graph(VIEW, null);

    assertThat(graph.focusKind()).isEqualTo(NodeKind.VIEW);
    assertThat(ids(graph, LineageRole.FOCUS))
        .containsExactly("view:" + VIEW + "@v1", "view:" + VIEW + "@v2");
    assertThat(ids(graph, LineageRole.UPSTREAM)).containsExactly("source:" + SOURCE);
    assertThat(ids(graph, LineageRole.DOWNSTREAM))
        .containsExactly(
            "service:" + SERVICE, "run:r1", "run:r2", "run:r3", "model:r1", "model:r2", "model:r3");
    assertThat(edges(graph))
        .containsExactlyInAnyOrder(
            "source:classification_source -> view:classification_features@v1",
            "source:classification_source -> view:classification_features@v2",
            "view:classification_features@v2 -> service:classifier_inputs",
            "view:classification_features@v1 -> run:r1",
            "service:classifier_inputs -> run:r2",
            "view:classification_features@v2 -> run:r3",
            "run:r1 -> model:r1",
            "run:r2 -> model:r2",
            "run:r3 -> model:r3");
    assertThat(graph.nodes(NodeKind.VIEW))
        .extracting(n -> ((LineageNode.View) n).current())
        .containsExactly(false, true);
    assertThat(graph.byId().get("model:r1").name()).isEqualTo("/work/runs/r1");
  }

  @Test
  void aRunShowsOnlyWhatItWasMadeFromAndItsModel() {
    LineageGraph graph = fixture.lineage().graph("r1", null);

    assertThat(graph.focusKind()).isEqualTo(NodeKind.RUN);
    assertThat(ids(graph, LineageRole.FOCUS)).containsExactly("run:r1");
    assertThat(ids(graph, LineageRole.UPSTREAM))
        .containsExactly("source:" + SOURCE, "view:" + VIEW + "@v1");
    assertThat(ids(graph, LineageRole.DOWNSTREAM)).containsExactly("model:r1");
    assertThat(edges(graph))
        .containsExactly(
            "source:classification_source -> view:classification_features@v1",
            "view:classification_features@v1 -> run:r1",
            "run:r1 -> model:r1");
  }

  @Test
  void aServiceShowsTheVersionItServesAndTheRunsThatReadThroughIt() {
    LineageGraph graph = fixture.lineage().graph(SERVICE, null);

    assertThat(ids(graph, LineageRole.UPSTREAM))
        .containsExactly("source:" + SOURCE, "view:" + VIEW + "@v2");
    assertThat(ids(graph, LineageRole.DOWNSTREAM)).containsExactly("run:r2", "model:r2");
  }

  @Test
  void aSourceShowsEverythingDownstreamAndAPushSourceItsBatchSource() {
    LineageGraph source = fixture.lineage().graph(SOURCE, NodeKind.SOURCE);
    assertThat(ids(source, LineageRole.UPSTREAM)).isEmpty();
    assertThat(ids(source, LineageRole.DOWNSTREAM)).hasSize(2 + 1 + 3 + 3);

    LineageGraph events = fixture.lineage().graph("event_stats", null);
    assertThat(ids(events, LineageRole.UPSTREAM))
        .containsExactly("source:events_file", "source:events_push");
    assertThat(edges(events))
        .containsExactly(
            "source:events_file -> source:events_push",
            "source:events_push -> view:event_stats@v1");
    assertThat(ids(fixture.lineage().graph("events_file", null), LineageRole.DOWNSTREAM))
        .containsExactly("source:events_push", "view:event_stats@v1");
  }

  @Test
  void aDeletedViewKeepsItsLineageAndItsSourcesAreMarkedNoLongerDefined() {
    fixture.deleteEvents();
    LineageGraph graph = fixture.lineage().graph("event_stats", NodeKind.VIEW);

    assertThat(graph.nodes())
        .extracting(LineageNode::id, n -> graph.role(n))
        .containsExactly(
            tuple("source:events_file", LineageRole.UPSTREAM),
            tuple("source:events_push", LineageRole.UPSTREAM),
            tuple("view:event_stats@v1", LineageRole.FOCUS));
    assertThat(graph.nodes())
        .allSatisfy(
            n ->
                assertThat(
                        n instanceof LineageNode.Source s
                            ? s.current()
                            : ((LineageNode.View) n).current())
                    .isFalse());
  }

  @Test
  void aNameOfTwoKindsAsksForTheKindAndTheKindChoosesIt() {
    fixture
        .registry(LineageFixture.T2)
        .recordRun(LineageFixture.run(SOURCE, LineageFixture.T2, null, 2));
    ProjectLineage lineage = fixture.lineage();

    assertThat(lineage.kindsOf(SOURCE)).containsExactly(NodeKind.SOURCE, NodeKind.RUN);
    assertThatThrownBy(() -> lineage.graph(SOURCE, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "'classification_source' names a data source and a training run; say which with"
                + " --kind source or --kind run");
    assertThat(lineage.graph(SOURCE, NodeKind.SOURCE).focusKind()).isEqualTo(NodeKind.SOURCE);
    assertThat(ids(lineage.graph(SOURCE, NodeKind.RUN), LineageRole.FOCUS))
        .containsExactly("run:" + SOURCE);
  }

  @Test
  void anUnknownNameIsNotFoundWithTheClosestNameAndAWrongKindSaysWhichIsRight() {
    ProjectLineage lineage = fixture.lineage();

    assertThatThrownBy(() -> lineage.graph("classification_featurs", null))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "'classification_featurs' is not a data source, feature view, feature service or"
                + " training run in the registry of project 'classification'; did you mean"
                + " 'classification_features'?");
    assertThatThrownBy(() -> lineage.graph(VIEW, NodeKind.SERVICE))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "feature service 'classification_features' is not in the registry of project"
                + " 'classification'.")
        .extracting(e -> ((LarderException) e).hint())
        .isEqualTo(
            "'classification_features' is a feature view: use --kind view, or leave --kind out");
    assertThatThrownBy(() -> lineage.graph("r1", NodeKind.MODEL))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void kindsParseAsTheOptionSpellsThem() {
    assertThat(NodeKind.parse("view")).isEqualTo(NodeKind.VIEW);
    assertThat(NodeKind.parse(" Source ")).isEqualTo(NodeKind.SOURCE);
    assertThat(NodeKind.parse("feature_service")).isEqualTo(NodeKind.SERVICE);
    assertThatThrownBy(() -> NodeKind.parse("model"))
        .hasMessage("lineage kind 'model' is not one of source, view, service, run");
  }
}
