package dev.larder.core.lineage;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Mermaid form of a lineage graph: a {@code flowchart LR}, one statement per line. Mermaid ids
 * must be plain words, so nodes are {@code n1}, {@code n2}, … in graph order, each with a quoted
 * label (kind and name, a run's accuracy and ROC AUC; {@code "} written {@code #quot;}, lines
 * joined with {@code <br/>}); sources are cylinders, services hexagons, runs stadiums, models
 * subroutines; the focus nodes get the class {@code focus}.
 */
final class LineageMermaid {
  private LineageMermaid() {}

  static String render(LineageGraph graph) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    for (LineageNode node : graph.nodes()) {
      String id = "n" + (ids.size() + 1);
      ids.put(node.id(), id);
      String label =
          '"'
              + LineageShapes.lines(node).stream()
                  .map(LineageMermaid::escape)
                  .collect(Collectors.joining("<br/>"))
              + '"';
      String[] shape = shape(node.kind());
      out.append("  ").append(id).append(shape[0]).append(label).append(shape[1]).append('\n');
    }
    for (LineageEdge e : graph.edges()) {
      out.append("  ")
          .append(ids.get(e.from()))
          .append(" --> ")
          .append(ids.get(e.to()))
          .append('\n');
    }
    out.append("  classDef focus stroke-width:3px\n");
    String focus =
        graph.nodes(LineageRole.FOCUS).stream()
            .map(n -> ids.get(n.id()))
            .collect(Collectors.joining(","));
    if (!focus.isEmpty()) {
      out.append("  class ").append(focus).append(" focus\n");
    }
    return out.toString();
  }

  private static String[] shape(NodeKind kind) {
    return switch (kind) {
      case SOURCE -> new String[] {"[(", ")]"};
      case VIEW -> new String[] {"[", "]"};
      case SERVICE -> new String[] {"{{", "}}"};
      case RUN -> new String[] {"([", "])"};
      case MODEL -> new String[] {"[[", "]]"};
    };
  }

  /**
   * Text inside a quoted Mermaid label: {@code "} and the characters Mermaid reads as markup
   * escaped.
   */
  static String escape(String text) {
    return text.replace("&", "#amp;")
        .replace("\"", "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("\r", "")
        .replace("\n", " ");
  }
}
