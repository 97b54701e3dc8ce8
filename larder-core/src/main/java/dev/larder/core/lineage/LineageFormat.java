package dev.larder.core.lineage;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.util.Locale;

/** How {@code larder lineage} prints a {@link LineageGraph}. */
public enum LineageFormat {
  /** For people: upstream, focus and downstream nodes with details and inputs. */
  TEXT,
  /** For programs: nodes and edges, documented in {@link LineageJson} (format version 1). */
  JSON,
  /** Graphviz: a {@code digraph}, left to right. */
  DOT,
  /** Mermaid: a {@code flowchart LR}. */
  MERMAID;

  /** {@code graph} in this format; the text ends with a line break. */
  public String render(LineageGraph graph) {
    return switch (this) {
      case TEXT -> LineageText.render(graph);
      case JSON -> LineageJson.render(graph);
      case DOT -> LineageDot.render(graph);
      case MERMAID -> LineageMermaid.render(graph);
    };
  }

  /** {@code text}, {@code json}, {@code dot} or {@code mermaid}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format {@code text} names; anything else is an error listing the formats. */
  public static LineageFormat parse(String text) {
    for (LineageFormat f : values()) {
      if (f.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return f;
      }
    }
    throw new InvalidArgumentException(
        "lineage format " + Echo.of(text) + " is not one of text, json, dot, mermaid");
  }
}
