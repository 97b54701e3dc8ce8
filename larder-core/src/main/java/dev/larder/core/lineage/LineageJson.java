package dev.larder.core.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.JsonOutput;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RecordedRunJson;
import dev.larder.core.time.IsoTimes;

/**
 * The JSON form of a lineage graph, for programs ({@code larder lineage --format json}). Format
 * version 1; keys in this order; times ISO-8601 UTC; in {@link JsonOutput}'s style.
 *
 * <pre>
 * {
 *   "format": "larder-lineage", "format_version": 1,
 *   "project": "classification",
 *   "focus": {"kind": "feature_view", "name": "classification_features",
 *             "nodes": ["view:classification_features@v1"]},
 *   "nodes": [
 *     {"id": "source:classification_source", "kind": "data_source", "name": "classification_source",
 *      "label": "classification_source", "role": "upstream", "current": true,
 *      "type": "file", "path": "data/classification_data.parquet", "timestamp_field": "event_timestamp"},
 *     {"id": "view:classification_features@v1", "kind": "feature_view", "name": "classification_features",
 *      "label": "classification_features v1", "role": "focus", "current": true, "version": 1,
 *      "sha256": "…", "applied_at": "…", "applied_by": "ana", "source": "classification_source",
 *      "ttl_seconds": 0, "features": ["feature_0", …, "target"]},
 *     {"id": "service:…", "kind": "feature_service", …, "current": true,
 *      "projections": [{"feature_view": "…", "version": null, "features": []}]},
 *     {"id": "run:20251101-120000-000", "kind": "training_run", …, "run": {…RecordedRunJson…}},
 *     {"id": "model:20251101-120000-000", "kind": "model", "name": "/…/runs/20251101-120000-000",
 *      …, "path": "/…/runs/20251101-120000-000", "run": "20251101-120000-000"}
 *   ],
 *   "edges": [{"from": "source:classification_source", "to": "view:classification_features@v1"}, …]
 * }
 * </pre>
 *
 * {@code role} is {@code focus}, {@code upstream} or {@code downstream}; a view's {@code current}
 * means it is the latest version of a view the registry defines now; {@code ttl_seconds} 0 is
 * unlimited; a projection's {@code features} empty takes every feature, its {@code version} null
 * the latest.
 */
final class LineageJson {
  static final String FORMAT = "larder-lineage";
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LineageJson() {}

  static String render(LineageGraph graph) {
    return JsonOutput.pretty(toTree(graph));
  }

  static ObjectNode toTree(LineageGraph graph) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT).put("format_version", FORMAT_VERSION);
    root.put("project", graph.project());
    ObjectNode focus = root.putObject("focus");
    focus.put("kind", graph.focusKind().jsonName()).put("name", graph.focusName());
    ArrayNode focusNodes = focus.putArray("nodes");
    graph.nodes(LineageRole.FOCUS).forEach(n -> focusNodes.add(n.id()));
    ArrayNode nodes = root.putArray("nodes");
    for (LineageNode node : graph.nodes()) {
      ObjectNode n = nodes.addObject();
      n.put("id", node.id())
          .put("kind", node.kind().jsonName())
          .put("name", node.name())
          .put("label", node.label())
          .put("role", graph.role(node).id());
      details(node, n);
    }
    ArrayNode edges = root.putArray("edges");
    graph.edges().forEach(e -> edges.addObject().put("from", e.from()).put("to", e.to()));
    return root;
  }

  private static void details(LineageNode node, ObjectNode n) {
    if (node instanceof LineageNode.Source s) {
      n.put("current", s.current());
      if (s.definition() instanceof PushSource p) {
        n.put("type", "push").put("batch_source", p.batchSource().name());
      } else if (s.definition() instanceof SparkSource spark) {
        n.put("type", "spark");
        if (spark.isTable()) {
          n.put("table", spark.table());
        } else {
          n.put("query", spark.query());
        }
        n.put("timestamp_field", spark.timestampField());
      } else {
        FileSource f = (FileSource) s.definition();
        n.put("type", "file").put("path", f.path()).put("timestamp_field", f.timestampField());
      }
    } else if (node instanceof LineageNode.View v) {
      FeatureViewVersion version = v.version();
      FeatureView view = version.definition().featureView();
      n.put("current", v.current())
          .put("version", version.number())
          .put("sha256", version.sha256())
          .put("applied_at", IsoTimes.format(version.appliedAt()))
          .put("applied_by", version.appliedBy())
          .put("source", view.source())
          .put("ttl_seconds", view.ttl().toSeconds());
      ArrayNode features = n.putArray("features");
      view.featureNames().forEach(features::add);
    } else if (node instanceof LineageNode.Service s) {
      n.put("current", s.definition().isPresent());
      ArrayNode projections = n.putArray("projections");
      s.definition()
          .ifPresent(
              service -> {
                for (FeatureViewProjection p : service.projections()) {
                  ObjectNode o = projections.addObject().put("feature_view", p.featureView());
                  if (p.version() == null) {
                    o.putNull("version");
                  } else {
                    o.put("version", p.version());
                  }
                  ArrayNode features = o.putArray("features");
                  p.features().forEach(features::add);
                }
              });
    } else if (node instanceof LineageNode.Run r) {
      n.set("run", RecordedRunJson.toTree(r.run()));
    } else if (node instanceof LineageNode.Model m) {
      n.put("path", m.run().runPath()).put("run", m.run().id());
    }
  }
}
