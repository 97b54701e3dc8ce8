package dev.larder.core.lineage;

/**
 * The Graphviz DOT form of a lineage graph ({@code dot -Tsvg}): a {@code digraph} laid out left to
 * right, one statement per line; node ids are the graph's ids, quoted; each node's label is its
 * kind and name (with a run's accuracy and ROC AUC when recorded); sources are cylinders, services
 * hexagons, runs ellipses, models folders; the focus nodes are drawn bold.
 */
final class LineageDot {
  private LineageDot() {}

  static String render(LineageGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph lineage {\n");
    out.append("  rankdir=LR;\n");
    out.append("  label=")
        .append(quote("lineage of " + graph.focusKind().label() + " " + graph.focusName()))
        .append(";\n");
    out.append("  node [shape=box, fontname=\"Helvetica\"];\n");
    for (LineageNode node : graph.nodes()) {
      out.append("  ")
          .append(quote(node.id()))
          .append(" [label=")
          .append(quote(String.join("\n", LineageShapes.lines(node))))
          .append(", shape=")
          .append(shape(node.kind()));
      if (graph.role(node) == LineageRole.FOCUS) {
        out.append(", style=bold, penwidth=2");
      }
      out.append("];\n");
    }
    for (LineageEdge e : graph.edges()) {
      out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(";\n");
    }
    return out.append("}\n").toString();
  }

  private static String shape(NodeKind kind) {
    return switch (kind) {
      case SOURCE -> "cylinder";
      case VIEW -> "box";
      case SERVICE -> "hexagon";
      case RUN -> "ellipse";
      case MODEL -> "folder";
    };
  }

  /** A DOT string: quotes and backslashes escaped, line breaks as {@code \n}. */
  static String quote(String text) {
    return '"'
        + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n")
        + '"';
  }
}
