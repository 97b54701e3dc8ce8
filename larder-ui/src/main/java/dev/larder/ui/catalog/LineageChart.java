package dev.larder.ui.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.NotFoundException;
import dev.larder.core.access.Visibility;
import dev.larder.core.lineage.LineageEdge;
import dev.larder.core.lineage.LineageGraph;
import dev.larder.core.lineage.LineageNode;
import dev.larder.core.lineage.LineageRole;
import dev.larder.core.lineage.NodeKind;
import dev.larder.core.lineage.ProjectLineage;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RecordedRun;
import dev.larder.ui.UiPaths;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's lineage ({@link ProjectLineage}) as the data of an ECharts {@code graph} series: one
 * node per source, view version, service, run and model the principal may see, laid out in columns
 * by kind (pipeline order, left to right), each with the address of its page; one link per edge
 * between two shown nodes. Nodes of objects the principal may not describe, and runs (with their
 * models) that read a view it may not describe, are left out, as are their edges.
 *
 * <pre>
 * {"categories": [{"name": "data source"}, …],
 *  "nodes": [{"id": "source:s", "name": "source:s", "title": "s", "category": 0,
 *             "x": 0, "y": 0, "url": "/ui/data-sources/s", "role": "focus", "symbolSize": 38}, …],
 *  "links": [{"source": "source:s", "target": "view:v@v1"}, …],
 *  "focus": {"kind": "data_source", "name": "s"}}
 * </pre>
 *
 * {@code name} is the node's unique id (ECharts links name their ends by it); {@code title} is what
 * people read; {@code role} and {@code focus} only when the chart is about one object.
 */
public final class LineageChart {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final int COLUMN_WIDTH = 260;
  static final int ROW_HEIGHT = 70;

  /** The symbol size of a focus node; others take the series' (lineage.js). */
  static final int FOCUS_SIZE = 38;

  private LineageChart() {}

  /** The whole project's lineage. */
  public static ObjectNode project(
      ProjectLineage lineage, RepoDefinitions definitions, Visibility visible) {
    return chart(lineage.nodes(), lineage.edges(), Map.of(), definitions, visible);
  }

  /**
   * The lineage of the {@code kind} called {@code name} (a run by its id): it, everything upstream
   * and downstream. An object the principal may not see is not found, as one that does not exist;
   * the suggestion of a close name comes only from what it may see.
   *
   * @throws NotFoundException when no shown node is of that kind and name
   */
  public static ObjectNode focused(
      ProjectLineage lineage,
      NodeKind kind,
      String name,
      RepoDefinitions definitions,
      Visibility visible) {
    Set<String> shown = new LinkedHashSet<>();
    boolean found = false;
    for (LineageNode n : lineage.nodes()) {
      if (n.kind() == kind && isVisible(n, visible)) {
        shown.add(n.name());
        found |= n.name().equals(name);
      }
    }
    if (!found) {
      throw new NotFoundException(
          kind.label()
              + " "
              + Echo.of(name)
              + " is not in the lineage of project "
              + Echo.of(lineage.project())
              + DidYouMean.sentenceEnd(name, shown),
          "Open the whole project's lineage to see what it holds");
    }
    LineageGraph graph = lineage.graph(name, kind);
    ObjectNode chart = chart(graph.nodes(), graph.edges(), graph.roles(), definitions, visible);
    chart.putObject("focus").put("kind", kind.jsonName()).put("name", name);
    return chart;
  }

  private static ObjectNode chart(
      List<LineageNode> nodes,
      List<LineageEdge> edges,
      Map<String, LineageRole> roles,
      RepoDefinitions definitions,
      Visibility visible) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode categories = root.putArray("categories");
    for (NodeKind kind : NodeKind.values()) {
      categories.addObject().put("name", kind.label());
    }
    ArrayNode out = root.putArray("nodes");
    Set<String> ids = new LinkedHashSet<>();
    Map<NodeKind, Integer> rows = new HashMap<>();
    for (LineageNode n : nodes) {
      if (!isVisible(n, visible)) {
        continue;
      }
      ids.add(n.id());
      int row = rows.merge(n.kind(), 1, Integer::sum) - 1;
      ObjectNode o =
          out.addObject()
              .put("id", n.id())
              .put("name", n.id())
              .put("title", title(n))
              .put("category", n.kind().ordinal())
              .put("x", n.kind().ordinal() * COLUMN_WIDTH)
              .put("y", row * ROW_HEIGHT);
      String url = url(n, definitions);
      if (url != null) {
        o.put("url", url);
      }
      LineageRole role = roles.get(n.id());
      if (role != null) {
        o.put("role", role.id());
      }
      if (role == LineageRole.FOCUS) {
        o.put("symbolSize", FOCUS_SIZE);
      }
      if (!current(n)) {
        o.put("current", false);
        o.putObject("itemStyle").put("opacity", 0.45);
      }
    }
    ArrayNode links = root.putArray("links");
    for (LineageEdge e : edges) {
      if (ids.contains(e.from()) && ids.contains(e.to())) {
        links.addObject().put("source", e.from()).put("target", e.to());
      }
    }
    return root;
  }

  /** Whether the principal may see {@code node}. */
  static boolean isVisible(LineageNode node, Visibility visible) {
    return switch (node.kind()) {
      case SOURCE -> visible.sees(DefinitionKind.DATA_SOURCE, node.name());
      case VIEW -> visible.sees(DefinitionKind.FEATURE_VIEW, node.name());
      case SERVICE -> visible.sees(DefinitionKind.FEATURE_SERVICE, node.name());
      case RUN -> visible.sees(((LineageNode.Run) node).run());
      case MODEL -> visible.sees(((LineageNode.Model) node).run());
    };
  }

  private static String title(LineageNode n) {
    return switch (n.kind()) {
      case MODEL -> "model of " + ((LineageNode.Model) n).run().id();
      case RUN -> "run " + n.name();
      default -> n.label();
    };
  }

  private static boolean current(LineageNode n) {
    if (n instanceof LineageNode.Source s) {
      return s.current();
    }
    if (n instanceof LineageNode.View v) {
      return v.current();
    }
    if (n instanceof LineageNode.Service s) {
      return s.definition().isPresent();
    }
    return true;
  }

  /**
   * The page of {@code n}, or {@code null} for a source, view or service the registry no longer
   * defines.
   */
  private static String url(LineageNode n, RepoDefinitions definitions) {
    if (n instanceof LineageNode.Source s) {
      return s.current() ? UiPaths.dataSource(s.name()) : null;
    }
    if (n instanceof LineageNode.View v) {
      if (definitions.featureView(v.name()).isEmpty()) {
        return null;
      }
      return UiPaths.featureView(v.name()) + "#" + v.version().label();
    }
    if (n instanceof LineageNode.Service s) {
      return s.definition().isPresent() ? UiPaths.featureService(s.name()) : null;
    }
    RecordedRun run = n instanceof LineageNode.Run r ? r.run() : ((LineageNode.Model) n).run();
    return UiPaths.run(run.id());
  }
}
