package dev.larder.core.lineage;

import dev.larder.core.registry.RecordedRun;
import java.util.ArrayList;
import java.util.List;

/** The short text drawn inside a node by the diagram formats (DOT, Mermaid). */
final class LineageShapes {
  private LineageShapes() {}

  /** The kind, the label, and for a run its accuracy and ROC AUC when recorded. */
  static List<String> lines(LineageNode node) {
    List<String> lines = new ArrayList<>();
    lines.add(node.kind().label());
    lines.add(node.label());
    if (node instanceof LineageNode.Run r) {
      RecordedRun run = r.run();
      List<String> shown = new ArrayList<>();
      for (String metric : List.of("accuracy", "roc_auc")) {
        Double value = run.metrics().get(metric);
        if (value != null) {
          shown.add(metric + " " + LineageText.number(value));
        }
      }
      if (!shown.isEmpty()) {
        lines.add(String.join(", ", shown));
      }
    }
    return lines;
  }
}
