package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Compares two definitions in their canonical JSON form ({@code DefinitionJson}) field by field, so
 * that no field can be forgotten, and renders each difference readably: a view's {@code schema}
 * feature by feature, a service's {@code features} projection by projection, maps ({@code tags},
 * {@code field_mapping}, {@code join_key_map}) and nested objects ({@code batch_source}) key by
 * key, {@code ttl} as {@code 2h}. The {@code name} is not compared: objects are matched by name.
 * Public for the stored form of a version's changes ({@link #json}, {@link #fromJson}), which every
 * registry store writes the same way.
 */
public final class FieldChanges {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FieldChanges() {}

  /** {@code [{"field":…,"before":…,"after":…},…]}, as the registry stores a version's changes. */
  public static ArrayNode json(List<FieldChange> changes) {
    ArrayNode array = MAPPER.createArrayNode();
    for (FieldChange c : changes) {
      array.addObject().put("field", c.field()).put("before", c.before()).put("after", c.after());
    }
    return array;
  }

  /** Reads the text of {@link #json(List)}. */
  public static List<FieldChange> fromJson(String text) {
    JsonNode array;
    try {
      array = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a version's changes are not valid JSON: " + text, e);
    }
    if (array == null || !array.isArray()) {
      throw new IllegalStateException("a version's changes are not a JSON array: " + text);
    }
    List<FieldChange> out = new ArrayList<>();
    for (JsonNode c : array) {
      if (c.size() != 3
          || !c.path("field").isTextual()
          || !c.path("before").isTextual()
          || !c.path("after").isTextual()) {
        throw new IllegalStateException("a version's change is not {field, before, after}: " + c);
      }
      out.add(
          new FieldChange(
              c.path("field").textValue(),
              c.path("before").textValue(),
              c.path("after").textValue()));
    }
    return out;
  }

  /** The changes from {@code before} to {@code after}, in field order. */
  static List<FieldChange> between(JsonNode before, JsonNode after) {
    List<FieldChange> out = new ArrayList<>();
    for (String name : union(before, after)) {
      if (!name.equals("name")) {
        field(name, before.path(name), after.path(name), out);
      }
    }
    return out;
  }

  private static void field(String path, JsonNode before, JsonNode after, List<FieldChange> out) {
    if ((absent(before) && absent(after)) || before.equals(after)) {
      return;
    }
    if (path.equals("schema")) {
      schema(before, after, out);
    } else if (path.equals("features")) {
      projections(before, after, out);
    } else if (path.equals("ttl")) {
      out.add(new FieldChange(path, ttl(before), ttl(after)));
    } else if ((before.isObject() || absent(before)) && (after.isObject() || absent(after))) {
      for (String key : union(before, after)) {
        field(path + "." + key, before.path(key), after.path(key), out);
      }
    } else {
      out.add(new FieldChange(path, render(before), render(after)));
    }
  }

  /** A view's features by name: added, removed, retyped, and the order of those in both. */
  private static void schema(JsonNode before, JsonNode after, List<FieldChange> out) {
    Map<String, String> old = keyed(before, "name", "dtype");
    Map<String, String> now = keyed(after, "name", "dtype");
    for (Map.Entry<String, String> e : old.entrySet()) {
      String dtype = now.getOrDefault(e.getKey(), FieldChange.NONE);
      if (!e.getValue().equals(dtype)) {
        out.add(new FieldChange("schema." + e.getKey(), e.getValue(), dtype));
      }
    }
    for (Map.Entry<String, String> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        out.add(new FieldChange("schema." + e.getKey(), FieldChange.NONE, e.getValue()));
      }
    }
    order("schema order", old.keySet(), now.keySet(), out);
    // the free text of features in both: schema.<feature>.description, schema.<feature>.tags.<key>
    Map<String, JsonNode> oldFields = byName(before);
    Map<String, JsonNode> nowFields = byName(after);
    for (Map.Entry<String, JsonNode> e : nowFields.entrySet()) {
      JsonNode was = oldFields.get(e.getKey());
      if (was != null) {
        for (String key : new String[] {"description", "tags"}) {
          field("schema." + e.getKey() + "." + key, was.path(key), e.getValue().path(key), out);
        }
      }
    }
  }

  /** The items of a JSON array of objects by their {@code name}. */
  private static Map<String, JsonNode> byName(JsonNode array) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode item : array) {
      out.put(item.path("name").asText(), item);
    }
    return out;
  }

  /** A service's projections, matched by the name they use (alias, else view). */
  private static void projections(JsonNode before, JsonNode after, List<FieldChange> out) {
    Map<String, JsonNode> old = projectionsByName(before);
    Map<String, JsonNode> now = projectionsByName(after);
    for (Map.Entry<String, JsonNode> e : old.entrySet()) {
      String path = "features." + e.getKey();
      JsonNode next = now.get(e.getKey());
      if (next == null) {
        out.add(new FieldChange(path, projection(e.getValue()), FieldChange.NONE));
        continue;
      }
      for (String key : union(e.getValue(), next)) {
        JsonNode b = e.getValue().path(key);
        JsonNode a = next.path(key);
        if (key.equals("features") && !b.equals(a)) {
          out.add(new FieldChange(path + ".features", selection(b), selection(a)));
        } else if (key.equals("version") && !b.equals(a)) {
          out.add(new FieldChange(path + ".version", version(b), version(a)));
        } else {
          field(path + "." + key, b, a, out);
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        out.add(
            new FieldChange("features." + e.getKey(), FieldChange.NONE, projection(e.getValue())));
      }
    }
    order("features order", old.keySet(), now.keySet(), out);
  }

  /** A change of the relative order of the names in both lists, if any. */
  private static void order(String field, Set<String> old, Set<String> now, List<FieldChange> out) {
    List<String> oldCommon = old.stream().filter(now::contains).toList();
    List<String> nowCommon = now.stream().filter(old::contains).toList();
    if (!oldCommon.equals(nowCommon)) {
      out.add(new FieldChange(field, list(oldCommon), list(nowCommon)));
    }
  }

  private static Map<String, JsonNode> projectionsByName(JsonNode array) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode p : array) {
      JsonNode alias = p.path("name_alias");
      out.put(alias.isTextual() ? alias.textValue() : p.path("feature_view").asText(), p);
    }
    return out;
  }

  private static Map<String, String> keyed(JsonNode array, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode item : array) {
      out.put(item.path(key).asText(), render(item.path(value)));
    }
    return out;
  }

  /** {@code view: f1, f2 (version 2, as alias, join_key_map {k: c})}. */
  private static String projection(JsonNode p) {
    StringJoiner extras = new StringJoiner(", ", " (", ")").setEmptyValue("");
    if (!absent(p.path("version"))) {
      extras.add("version " + p.path("version").asText());
    }
    if (!absent(p.path("name_alias"))) {
      extras.add("as " + p.path("name_alias").asText());
    }
    if (p.path("join_key_map").size() > 0) {
      extras.add("join_key_map " + render(p.path("join_key_map")));
    }
    return p.path("feature_view").asText() + ": " + selection(p.path("features")) + extras;
  }

  private static String selection(JsonNode features) {
    return absent(features) || features.isEmpty() ? "(all features)" : render(features);
  }

  private static String version(JsonNode version) {
    return absent(version) ? "latest" : "v" + version.asText();
  }

  /** {@code 0 (unlimited)}, or the largest whole unit: {@code 7d}, {@code 2h}, {@code 90m}. */
  static String ttl(JsonNode node) {
    if (absent(node)) {
      return FieldChange.NONE;
    }
    Duration d = Duration.parse(node.asText());
    if (d.isZero()) {
      return "0 (unlimited)";
    }
    if (d.getNano() != 0) {
      return d.toString();
    }
    long s = d.getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** A JSON value as users write it: text unquoted ({@code ''} when empty), lists in brackets. */
  static String render(JsonNode node) {
    if (absent(node)) {
      return FieldChange.NONE;
    }
    if (node.isTextual()) {
      return node.textValue().isEmpty() ? "''" : node.textValue();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(render(item)));
      return list(items);
    }
    if (node.isObject()) {
      StringJoiner out = new StringJoiner(", ", "{", "}");
      node.properties().forEach(e -> out.add(e.getKey() + ": " + render(e.getValue())));
      return out.toString();
    }
    return node.asText();
  }

  private static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  /** The field names of both objects: those of {@code before}, then new ones of {@code after}. */
  private static Set<String> union(JsonNode before, JsonNode after) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode node : new JsonNode[] {before, after}) {
      if (Objects.requireNonNullElse(node, MissingNode.getInstance()).isObject()) {
        node.fieldNames().forEachRemaining(names::add);
      }
    }
    return names;
  }
}
