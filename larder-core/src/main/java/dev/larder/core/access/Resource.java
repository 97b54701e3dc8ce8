package dev.larder.core.access;

import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Permission;
import dev.larder.core.model.RepoDefinitions;
import java.util.Map;
import java.util.Objects;

/**
 * What a permission is checked against: an object of the registry (or one a request names that is
 * not defined, which has no tags).
 *
 * @param kind its kind, the permission's {@code types}
 * @param name its name, matched by {@code name_patterns}
 * @param tags its tags, checked against {@code required_tags}; data sources have none
 */
public record Resource(DefinitionKind kind, String name, Map<String, String> tags) {
  public Resource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    tags = Map.copyOf(tags);
  }

  /** The resource {@code definition} is. */
  public static Resource of(Definition definition) {
    Map<String, String> tags = Map.of();
    if (definition instanceof Entity e) {
      tags = e.tags();
    } else if (definition instanceof FeatureView v) {
      tags = v.tags();
    } else if (definition instanceof FeatureService s) {
      tags = s.tags();
    } else if (definition instanceof Permission p) {
      tags = p.tags();
    }
    return new Resource(definition.kind(), definition.name(), tags);
  }

  /** The object of {@code kind} called {@code name} in {@code definitions}, or an untagged one. */
  public static Resource in(RepoDefinitions definitions, DefinitionKind kind, String name) {
    return definitions
        .find(kind, name)
        .map(Resource::of)
        .orElseGet(() -> new Resource(kind, name, Map.of()));
  }

  /** How messages name it: {@code feature view 'x'}. */
  public String label() {
    return Definition.label(kind, name);
  }

  /** How the audit log names it: {@code feature_view:x}. */
  public String key() {
    return kind.spelling() + ":" + name;
  }
}
