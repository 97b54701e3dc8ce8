package dev.larder.core.lineage;

import java.util.Objects;

/**
 * "{@code from} was used to make {@code to}", between node ids ({@link LineageNode#id()}).
 *
 * @param from the upstream node's id
 * @param to the downstream node's id
 */
public record LineageEdge(String from, String to) {
  public LineageEdge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.equals(to)) {
      throw new IllegalArgumentException("an edge from " + from + " to itself");
    }
  }
}
