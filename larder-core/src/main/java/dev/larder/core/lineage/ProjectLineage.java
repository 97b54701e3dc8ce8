package dev.larder.core.lineage;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lineage of a whole project, from its registry snapshot and its recorded runs; {@link #graph}
 * cuts out the part around one name.
 *
 * <p>Nodes: every data source the registry defines or a view version read; every version of every
 * feature view, deleted views included (versions are never deleted); every feature service the
 * registry defines or a run used; every recorded run and its model. Edges:
 *
 * <ul>
 *   <li>source → view version: the source that version reads (a push source's batch source → the
 *       push source);
 *   <li>view version → service: the version each projection of the service reads now (its pinned
 *       {@code version}, else the latest), and the versions a run read through the service;
 *   <li>view version → run, for a run that read features directly; service → run, for a run that
 *       read through a service;
 *   <li>run → model (its run folder).
 * </ul>
 */
public final class ProjectLineage {
  private final String project;
  private final Map<String, LineageNode> nodes = new LinkedHashMap<>();
  private final Set<LineageEdge> edges = new LinkedHashSet<>();
  private final Map<String, Integer> sequence = new HashMap<>();

  private ProjectLineage(String project) {
    this.project = project;
  }

  /** The lineage of the project of {@code snapshot}, with {@code runs} as recorded. */
  public static ProjectLineage of(RegistrySnapshot snapshot, List<RecordedRun> runs) {
    ProjectLineage lineage = new ProjectLineage(snapshot.project());
    RepoDefinitions definitions = snapshot.definitions();
    definitions.sources().forEach(s -> lineage.add(new LineageNode.Source(s, true)));
    for (DataSource s : definitions.sources()) {
      if (s instanceof PushSource push) {
        lineage.edge(lineage.sourceOf(push.batchSource()), lineage.nodes.get("source:" + s.name()));
      }
    }
    for (FeatureViewVersion v : snapshot.allVersions()) {
      boolean current =
          definitions.featureView(v.view()).isPresent()
              && snapshot.latestVersion(v.view()).orElseThrow().number() == v.number();
      LineageNode view = lineage.add(new LineageNode.View(v, current));
      lineage.edge(lineage.sourceOf(v.definition().source()), view);
    }
    for (FeatureService service : definitions.featureServices()) {
      LineageNode node = lineage.add(new LineageNode.Service(service.name(), Optional.of(service)));
      for (FeatureViewProjection p : service.projections()) {
        Integer version =
            p.version() != null && p.version() > 0
                ? p.version()
                : snapshot
                    .latestVersion(p.featureView())
                    .map(FeatureViewVersion::number)
                    .orElse(null);
        if (version != null) {
          lineage.edgeFrom(viewId(p.featureView(), version), node);
        }
      }
    }
    for (RecordedRun run : runs) {
      LineageNode node = lineage.add(new LineageNode.Run(run));
      LineageNode via = node;
      if (run.inputs().featureService().isPresent()) {
        String name = run.inputs().featureService().get();
        via = lineage.add(new LineageNode.Service(name, Optional.empty()));
        lineage.edge(via, node);
      }
      for (String viewVersion : run.inputs().viewVersions()) {
        lineage.edgeFrom("view:" + viewVersion, via);
      }
      lineage.edge(node, lineage.add(new LineageNode.Model(run)));
    }
    return lineage;
  }

  /** The project whose lineage this is. */
  public String project() {
    return project;
  }

  /** Every node of the project, in the order added (sources, views, services, runs, models). */
  public List<LineageNode> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Every edge of the project, from upstream to downstream, in the order added. */
  public List<LineageEdge> edges() {
    return List.copyOf(edges);
  }

  /** The kinds of node named {@code name} (a run by its id). */
  public Set<NodeKind> kindsOf(String name) {
    Set<NodeKind> kinds = EnumSet.noneOf(NodeKind.class);
    for (LineageNode n : nodes.values()) {
      if (n.kind() != NodeKind.MODEL && n.name().equals(name)) {
        kinds.add(n.kind());
      }
    }
    return kinds;
  }

  /**
   * The lineage of {@code name}: the data source, every version of the feature view, the feature
   * service or the run of that name, with everything upstream and downstream of it.
   *
   * @param kind which kind of thing {@code name} names; {@code null} for whichever has the name
   * @throws NotFoundException if nothing (of that kind) has the name, with the closest name
   * @throws InvalidArgumentException if {@code kind} is {@code null} and things of two kinds have
   *     the name, or {@code kind} is {@link NodeKind#MODEL}
   */
  public LineageGraph graph(String name, NodeKind kind) {
    if (kind == NodeKind.MODEL) {
      throw new InvalidArgumentException(
          "a model has no lineage of its own", "Ask for the run that trained it: --kind run ID");
    }
    Set<NodeKind> kinds = kindsOf(name);
    NodeKind chosen = kind;
    if (kind == null) {
      if (kinds.isEmpty()) {
        throw notFound(name, null, kinds);
      }
      if (kinds.size() > 1) {
        throw new InvalidArgumentException(
            Echo.of(name)
                + " names a "
                + kinds.stream().map(NodeKind::label).collect(Collectors.joining(" and a "))
                + "; say which with --kind "
                + kinds.stream().map(NodeKind::option).collect(Collectors.joining(" or --kind ")),
            "e.g. larder lineage " + name + " --kind " + kinds.iterator().next().option());
      }
      chosen = kinds.iterator().next();
    } else if (!kinds.contains(kind)) {
      throw notFound(name, kind, kinds);
    }
    NodeKind focusKind = chosen;
    Map<String, LineageRole> roles = new HashMap<>();
    List<String> focus =
        nodes.values().stream()
            .filter(n -> n.kind() == focusKind && n.name().equals(name))
            .map(LineageNode::id)
            .toList();
    focus.forEach(id -> roles.put(id, LineageRole.FOCUS));
    walk(focus, false, LineageRole.UPSTREAM, roles);
    walk(focus, true, LineageRole.DOWNSTREAM, roles);
    List<LineageNode> selected =
        nodes.values().stream().filter(n -> roles.containsKey(n.id())).sorted(order()).toList();
    List<LineageEdge> inside =
        edges.stream()
            .filter(e -> roles.containsKey(e.from()) && roles.containsKey(e.to()))
            .toList();
    return new LineageGraph(project, focusKind, name, selected, roles, inside);
  }

  /** Marks every node reachable from {@code start} along (or against) the edges. */
  private void walk(
      List<String> start, boolean down, LineageRole role, Map<String, LineageRole> roles) {
    Map<String, List<String>> next = new HashMap<>();
    for (LineageEdge e : edges) {
      next.computeIfAbsent(down ? e.from() : e.to(), k -> new ArrayList<>())
          .add(down ? e.to() : e.from());
    }
    Deque<String> queue = new ArrayDeque<>(start);
    while (!queue.isEmpty()) {
      for (String id : next.getOrDefault(queue.poll(), List.of())) {
        if (!roles.containsKey(id)) {
          roles.put(id, role);
          queue.add(id);
        }
      }
    }
  }

  /**
   * Pipeline order: by kind; sources, views and services by name (views then by version); runs and
   * models as recorded.
   */
  private Comparator<LineageNode> order() {
    return Comparator.<LineageNode, Integer>comparing(n -> n.kind().ordinal())
        .thenComparing(n -> n.kind() == NodeKind.RUN || n.kind() == NodeKind.MODEL ? "" : n.name())
        .thenComparing(n -> n instanceof LineageNode.View v ? v.version().number() : 0)
        .thenComparing(n -> sequence.get(n.id()));
  }

  private NotFoundException notFound(String name, NodeKind kind, Set<NodeKind> otherKinds) {
    Set<String> candidates = new LinkedHashSet<>();
    for (LineageNode n : nodes.values()) {
      if (n.kind() != NodeKind.MODEL && (kind == null || n.kind() == kind)) {
        candidates.add(n.name());
      }
    }
    String what =
        kind == null
            ? Echo.of(name) + " is not a data source, feature view, feature service or training run"
            : kind.label() + " " + Echo.of(name) + " is not";
    String hint =
        otherKinds.isEmpty()
            ? "Run 'larder data-sources list', 'larder feature-views list', 'larder"
                + " feature-services list' or 'larder runs list' to see what the registry holds"
            : Echo.of(name)
                + " is a "
                + otherKinds.stream().map(NodeKind::label).collect(Collectors.joining(" and a "))
                + ": use --kind "
                + otherKinds.iterator().next().option()
                + ", or leave --kind out";
    return new NotFoundException(
        what
            + " in the registry of project "
            + Echo.of(project)
            + DidYouMean.sentenceEnd(name, candidates),
        hint);
  }

  private LineageNode add(LineageNode node) {
    LineageNode existing = nodes.putIfAbsent(node.id(), node);
    if (existing != null) {
      return existing;
    }
    sequence.put(node.id(), sequence.size());
    return node;
  }

  /**
   * The node of {@code source}: the registry's, or one added as no longer defined (with its batch
   * source, for a push source).
   */
  private LineageNode sourceOf(DataSource source) {
    LineageNode node = nodes.get("source:" + source.name());
    if (node != null) {
      return node;
    }
    node = add(new LineageNode.Source(source, false));
    if (source instanceof PushSource push) {
      edge(sourceOf(push.batchSource()), node);
    }
    return node;
  }

  private void edge(LineageNode from, LineageNode to) {
    edges.add(new LineageEdge(from.id(), to.id()));
  }

  /** An edge from the node {@code fromId}, when the registry has it. */
  private void edgeFrom(String fromId, LineageNode to) {
    LineageNode from = nodes.get(fromId);
    if (from != null) {
      edge(from, to);
    }
  }

  private static String viewId(String view, int version) {
    return "view:" + view + "@v" + version;
  }
}
