package dev.larder.ui.pages;

import dev.larder.core.model.DataSource;
import dev.larder.core.model.Definition;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.Permission;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.SparkSource;
import dev.larder.core.registry.ObjectMetadata;
import dev.larder.ui.UiPaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One object as the lists show it: its name (linking to its page), tags, owner, description, a
 * short detail of its kind (join keys, source, feature count…) and when an apply last changed it.
 */
public record ObjectRow(
    String name,
    String href,
    Map<String, String> tags,
    String owner,
    String description,
    String detail,
    Instant updated) {
  public ObjectRow {
    tags = new TreeMap<>(tags);
    owner = owner == null ? "" : owner;
    description = description == null ? "" : description;
  }

  /** The row of {@code d}, applied with {@code metadata}. */
  public static ObjectRow of(Definition d, ObjectMetadata metadata) {
    String href = UiPaths.object(d.kind(), d.name());
    Instant updated = metadata == null ? null : metadata.lastUpdated();
    if (d instanceof Entity e) {
      return new ObjectRow(
          e.name(),
          href,
          e.tags(),
          e.owner(),
          e.description(),
          String.join(", ", e.joinKeys()) + " · " + e.valueType(),
          updated);
    }
    if (d instanceof FeatureView v) {
      return new ObjectRow(
          v.name(),
          href,
          v.tags(),
          v.owner(),
          v.description(),
          v.schema().size()
              + (v.schema().size() == 1 ? " feature" : " features")
              + (v.entities().isEmpty() ? "" : " · " + String.join(", ", v.entities()))
              + (v.online() ? " · online" : ""),
          updated);
    }
    if (d instanceof FeatureService s) {
      List<String> views = new ArrayList<>();
      s.projections().forEach(p -> views.add(p.featureView()));
      return new ObjectRow(
          s.name(), href, s.tags(), s.owner(), s.description(), String.join(", ", views), updated);
    }
    if (d instanceof Permission p) {
      List<String> actions = p.actions().stream().map(a -> a.spelling()).sorted().toList();
      return new ObjectRow(
          p.name(),
          href,
          p.tags(),
          "",
          p.description(),
          String.join(", ", p.typeSpellings())
              + " · "
              + String.join(", ", actions)
              + " · roles "
              + String.join(", ", p.policy().roles()),
          updated);
    }
    DataSource s = (DataSource) d;
    return new ObjectRow(s.name(), href, Map.of(), "", "", sourceDetail(s), updated);
  }

  private static String sourceDetail(DataSource s) {
    if (s instanceof PushSource p) {
      return "push · batch " + sourceDetail(p.batchSource());
    }
    if (s instanceof FileSource f) {
      return "file " + f.path();
    }
    SparkSource k = (SparkSource) s;
    return k.isTable() ? "spark table " + k.table() : "spark query";
  }

  /**
   * Whether every word of {@code query} (case-insensitive) appears in the name, a tag's key or
   * value ({@code key=value} too), the owner, the description or the detail.
   */
  public boolean matches(String query) {
    String[] words = query.toLowerCase(Locale.ROOT).strip().split("\\s+");
    StringBuilder text = new StringBuilder();
    text.append(name).append('\n').append(owner).append('\n').append(description);
    text.append('\n').append(detail);
    tags.forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
    String hay = text.toString().toLowerCase(Locale.ROOT);
    for (String w : words) {
      if (!w.isEmpty() && !hay.contains(w)) {
        return false;
      }
    }
    return true;
  }
}
