package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.JsonOutput;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.time.IsoTimes;
import java.util.function.BiPredicate;

/**
 * The whole registry as JSON, for {@code larder registry-dump}: in {@link JsonOutput}'s style, keys
 * in a fixed order, times in ISO-8601 UTC.
 *
 * <pre>
 * {
 *   "project": "classification",
 *   "revision": 2,
 *   "last_commit": {"revision": 2, "committed_at": "…", "committed_by": "ana", "summary": "apply: …"},
 *   "entities": [{"spec": {…DefinitionJson…}, "meta": {"created": "…", "last_updated": "…"}}],
 *   "sources": [ … ],
 *   "feature_views": [{"spec": {…}, "meta": {"created": "…", "last_updated": "…", "version": 2,
 *                       "sha256": "…", "materialization_intervals": [{"start", "end", "recorded_at"}]}}],
 *   "feature_services": [ … ],
 *   "feature_view_versions": [{"feature_view": "v", "version": 1, "sha256": "…", "applied_at": "…",
 *       "applied_by": "ana", "revision": 1, "origin": "created", "changes": [{"field", "before",
 *       "after"}], "definition": {"feature_view": {…}, "source": {…}, "entities": [ … ]}}]
 * }
 * </pre>
 */
final class RegistryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The summary of a dump that hides objects, since the commit summary may name them. */
  static final String HIDDEN_SUMMARY = "(not shown: it may name objects you may not describe)";

  private RegistryJson() {}

  static String write(RegistrySnapshot snapshot) {
    return write(snapshot, (kind, name) -> true);
  }

  /**
   * The registry with only the objects {@code visible} accepts, and the version history of only the
   * feature views it accepts; when that hides anything, the last commit's summary (which names
   * objects) is replaced by {@link #HIDDEN_SUMMARY}.
   */
  static String write(RegistrySnapshot snapshot, BiPredicate<DefinitionKind, String> visible) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("project", snapshot.project()).put("revision", snapshot.revision());
    boolean hidesSome =
        snapshot.definitions().all().stream().anyMatch(d -> !visible.test(d.kind(), d.name()))
            || snapshot.versionedViews().stream()
                .anyMatch(v -> !visible.test(DefinitionKind.FEATURE_VIEW, v));
    snapshot
        .lastCommit()
        .ifPresent(
            c ->
                root.putObject("last_commit")
                    .put("revision", c.revision())
                    .put("committed_at", IsoTimes.format(c.committedAt()))
                    .put("committed_by", c.committedBy())
                    .put("summary", hidesSome ? HIDDEN_SUMMARY : c.summary()));
    for (DefinitionKind kind : DefinitionKind.values()) {
      ArrayNode list = root.putArray(kind.section());
      for (Definition d : snapshot.definitions().all()) {
        if (d.kind() == kind && visible.test(kind, d.name())) {
          list.add(object(snapshot, d));
        }
      }
    }
    ArrayNode versions = root.putArray("feature_view_versions");
    for (FeatureViewVersion v : snapshot.allVersions()) {
      if (!visible.test(DefinitionKind.FEATURE_VIEW, v.view())) {
        continue;
      }
      ObjectNode o =
          versions
              .addObject()
              .put("feature_view", v.view())
              .put("version", v.number())
              .put("sha256", v.sha256())
              .put("applied_at", IsoTimes.format(v.appliedAt()))
              .put("applied_by", v.appliedBy())
              .put("revision", v.revision())
              .put("origin", v.origin().spelling());
      o.set("changes", FieldChanges.json(v.changes()));
      o.set("definition", parse(v.definition().json()));
    }
    return JsonOutput.pretty(root);
  }

  private static ObjectNode object(RegistrySnapshot snapshot, Definition d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.set("spec", DefinitionJson.toTree(d));
    ObjectMetadata meta = snapshot.metadata(d);
    ObjectNode m =
        o.putObject("meta")
            .put("created", IsoTimes.format(meta.created()))
            .put("last_updated", IsoTimes.format(meta.lastUpdated()));
    if (d instanceof FeatureView view) {
      FeatureViewVersion latest = snapshot.latestVersion(view.name()).orElseThrow();
      m.put("version", latest.number()).put("sha256", latest.sha256());
      ArrayNode intervals = m.putArray("materialization_intervals");
      for (MaterializationInterval i : snapshot.materializations(view.name())) {
        intervals
            .addObject()
            .put("start", IsoTimes.format(i.start()))
            .put("end", IsoTimes.format(i.end()))
            .put("recorded_at", IsoTimes.format(i.recordedAt()));
      }
    }
    return o;
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored version definition is not JSON", e);
    }
  }
}
