package dev.larder.core.lineage;

import dev.larder.core.Plural;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.core.time.IsoTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text form of a lineage graph, for people: a title, then the upstream, focus and downstream
 * nodes in pipeline order, each with its kind, its label, a few details and the nodes it was made
 * from ({@code ← …}).
 */
final class LineageText {
  private static final int KIND_WIDTH = 16;

  private LineageText() {}

  static String render(LineageGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("Lineage of ")
        .append(graph.focusKind().label())
        .append(" '")
        .append(graph.focusName())
        .append("' in project '")
        .append(graph.project())
        .append("'\n");
    for (LineageRole role :
        List.of(LineageRole.UPSTREAM, LineageRole.FOCUS, LineageRole.DOWNSTREAM)) {
      out.append('\n').append(role.id()).append('\n');
      List<LineageNode> nodes = graph.nodes(role);
      if (nodes.isEmpty()) {
        out.append("  (none)\n");
      }
      for (LineageNode node : nodes) {
        line(out, node.kind().label(), node.label());
        for (String detail : details(node)) {
          line(out, "", detail);
        }
        List<LineageNode> inputs = graph.inputs(node);
        if (!inputs.isEmpty()) {
          line(
              out,
              "",
              "← "
                  + inputs.stream()
                      .map(n -> n.kind().label() + " " + n.label())
                      .collect(Collectors.joining(", ")));
        }
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String kind, String text) {
    out.append("  ").append(kind).append(" ".repeat(KIND_WIDTH - kind.length())).append(text);
    out.append('\n');
  }

  /** The detail lines of a node. */
  static List<String> details(LineageNode node) {
    List<String> out = new ArrayList<>();
    if (node instanceof LineageNode.Source s) {
      String what =
          s.definition() instanceof PushSource p
              ? "push source, batch source " + p.batchSource().name()
              : s.definition() instanceof SparkSource spark
                  ? (spark.isTable() ? "spark table " + spark.table() : "spark query")
                  : "file " + ((FileSource) s.definition()).path();
      out.add(s.current() ? what : what + "; no longer defined");
    } else if (node instanceof LineageNode.View v) {
      FeatureViewVersion version = v.version();
      FeatureView view = version.definition().featureView();
      out.add(
          (v.current() ? "current" : "not current")
              + "; "
              + view.schema().size()
              + " features; ttl "
              + (view.hasUnlimitedTtl() ? "unlimited" : view.ttl().toString())
              + "; applied "
              + IsoTimes.format(version.appliedAt())
              + " by "
              + version.appliedBy());
    } else if (node instanceof LineageNode.Service s) {
      out.add(s.definition().map(LineageText::projections).orElse("no longer defined"));
    } else if (node instanceof LineageNode.Run r) {
      RecordedRun run = r.run();
      TrainingInputs in = run.inputs();
      out.add(
          "recorded "
              + IsoTimes.format(run.recordedAt())
              + " by "
              + run.user()
              + "; "
              + run.model()
              + in.featureService().map(name -> "; through feature service " + name).orElse(""));
      out.add(
          "as of "
              + IsoTimes.format(in.asOf())
              + "; "
              + Plural.of(in.entityRows(), "entity row")
              + " (sha256 "
              + in.entityRowsSha256().substring(0, 12)
              + "…); "
              + Plural.of(run.trainingRows(), "training row"));
      if (!run.metrics().isEmpty()) {
        out.add(metrics(run));
      }
    }
    return out;
  }

  /** {@code accuracy 0.9300 roc_auc 0.9712 …}; an undefined metric is {@code n/a}. */
  static String metrics(RecordedRun run) {
    return run.metrics().entrySet().stream()
        .map(e -> e.getKey() + " " + number(e.getValue()))
        .collect(Collectors.joining("  "));
  }

  static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
  }

  private static String projections(FeatureService service) {
    return service.projections().stream()
        .map(LineageText::projection)
        .collect(Collectors.joining("; "));
  }

  private static String projection(FeatureViewProjection p) {
    String view =
        p.featureView() + (p.version() != null && p.version() > 0 ? "@v" + p.version() : "");
    return p.selectsAll()
        ? view + " (all features)"
        : view + ": " + String.join(", ", p.features());
  }
}
