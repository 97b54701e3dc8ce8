package dev.larder.core.lineage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The lineage of one thing in the registry: the focus nodes (a source, every version of a feature
 * view, a service or a run), everything upstream of them (what they were made from) and everything
 * downstream (what was made from them), with the edges between those nodes. Built by {@link
 * ProjectLineage}; printed by {@link LineageFormat}.
 *
 * @param project the registry's project
 * @param focusKind the kind of what was asked about
 * @param focusName its name (a run's id for a run)
 * @param nodes the nodes in pipeline order (sources, views by name and version, services, runs and
 *     models in the order recorded)
 * @param roles each node's role, by id
 * @param edges the edges between the nodes, from upstream to downstream
 */
public record LineageGraph(
    String project,
    NodeKind focusKind,
    String focusName,
    List<LineageNode> nodes,
    Map<String, LineageRole> roles,
    List<LineageEdge> edges) {

  public LineageGraph {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(focusKind, "focusKind");
    Objects.requireNonNull(focusName, "focusName");
    nodes = List.copyOf(nodes);
    roles = Map.copyOf(roles);
    edges = List.copyOf(edges);
    Set<String> ids = new HashSet<>();
    for (LineageNode n : nodes) {
      if (!ids.add(n.id())) {
        throw new IllegalArgumentException("node " + n.id() + " appears twice");
      }
      if (!roles.containsKey(n.id())) {
        throw new IllegalArgumentException("node " + n.id() + " has no role");
      }
    }
    for (LineageEdge e : edges) {
      if (!ids.contains(e.from()) || !ids.contains(e.to())) {
        throw new IllegalArgumentException("edge " + e + " leaves the graph");
      }
    }
  }

  /** The role of {@code node}. */
  public LineageRole role(LineageNode node) {
    return roles.get(node.id());
  }

  /** The nodes of one role, in graph order. */
  public List<LineageNode> nodes(LineageRole role) {
    return nodes.stream().filter(n -> role(n) == role).toList();
  }

  /** The nodes with an edge into {@code node}, in graph order. */
  public List<LineageNode> inputs(LineageNode node) {
    Set<String> from = new HashSet<>();
    edges.stream().filter(e -> e.to().equals(node.id())).forEach(e -> from.add(e.from()));
    return nodes.stream().filter(n -> from.contains(n.id())).toList();
  }

  /** The nodes by id, in graph order. */
  public Map<String, LineageNode> byId() {
    Map<String, LineageNode> out = new LinkedHashMap<>();
    nodes.forEach(n -> out.put(n.id(), n));
    return out;
  }

  /** The nodes of one kind, in graph order. */
  public List<LineageNode> nodes(NodeKind kind) {
    List<LineageNode> out = new ArrayList<>();
    nodes.stream().filter(n -> n.kind() == kind).forEach(out::add);
    return out;
  }
}
