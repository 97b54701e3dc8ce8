package dev.larder.core.repo;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A YAML mapping read as one object ({@code feature view 'x'}), with typed access to its keys.
 * Every error names the file and line, the object, the key, what was expected and the fix.
 */
final class YamlObject {
  private final YamlNode node;
  private final String label;

  private YamlObject(YamlNode node, String label) {
    this.node = node;
    this.label = label;
  }

  /**
   * Reads {@code node} as the object called {@code label}; anything but a mapping is an error that
   * shows {@code example}.
   */
  static YamlObject of(YamlNode node, String label, String example) {
    if (!node.isMap()) {
      throw node.error(
          label
              + " must be a mapping of keys to values, like "
              + example
              + "; got "
              + node.describe());
    }
    return new YamlObject(node, label);
  }

  /** This object under another label, once its name is known. */
  YamlObject named(String newLabel) {
    return new YamlObject(node, newLabel);
  }

  String label() {
    return label;
  }

  /** {@code file:line} of the object. */
  String where() {
    return node.where();
  }

  /** Rejects any key not in {@code keys}, suggesting the closest valid key. */
  YamlObject allow(List<String> keys) {
    return allow(keys, List.of());
  }

  /**
   * Rejects any key not in {@code keys} or {@code feastOnly} (Feast's keys that Larder accepts and
   * does not use), suggesting the closest of both.
   */
  YamlObject allow(List<String> keys, Collection<String> feastOnly) {
    List<String> all = new ArrayList<>(keys);
    all.addAll(feastOnly);
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      if (!all.contains(e.getKey())) {
        throw e.getValue()
            .error(
                label
                    + ": unknown key "
                    + Echo.of(e.getKey())
                    + DidYouMean.sentenceEnd(e.getKey(), all)
                    + " Valid keys: "
                    + String.join(", ", keys)
                    + (feastOnly.isEmpty()
                        ? ""
                        : "; Feast's keys that Larder accepts without using them: "
                            + String.join(", ", new TreeSet<>(feastOnly))));
      }
    }
    return this;
  }

  /**
   * Tells {@code warnings} of each key of {@code feastOnly} that this object has: one line naming
   * the file and line, the key ({@code section.key}) and, from the map, what Larder does instead.
   */
  void warnUnused(Map<String, String> feastOnly, Consumer<String> warnings) {
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      String instead = feastOnly.get(e.getKey());
      if (instead != null) {
        warnings.accept(
            e.getValue().where()
                + ": "
                + (label.equals("configuration") ? "" : label + ".")
                + e.getKey()
                + " is Feast's and not used by Larder: "
                + instead);
      }
    }
  }

  boolean has(String key) {
    return !node.get(key).isAbsent();
  }

  /** This object's own node. */
  YamlNode node() {
    return node;
  }

  /** The raw value under {@code key} (absent when missing). */
  YamlNode node(String key) {
    return node.get(key);
  }

  /** An error about {@code key}, at its line: {@code file:line: label: message}. */
  InvalidDefinitionException error(String key, String message) {
    return node.get(key).error(label + ": " + message);
  }

  /** An error about this object, at its line. */
  InvalidDefinitionException error(String message) {
    return node.error(label + ": " + message);
  }

  /**
   * Builds this object with {@code make} (a record's constructor), placing the errors of its own
   * checks at this object's line.
   */
  <T> T build(Supplier<T> make) {
    try {
      return make.get();
    } catch (InvalidDefinitionException e) {
      throw e.within(node.where());
    }
  }

  /**
   * Parses the value of {@code key} with {@code parse} (a dtype, value type or ttl), placing its
   * errors at the key's line and naming this object.
   */
  <T> T parse(String key, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidDefinitionException e) {
      throw e.within(node.get(key).where() + ": " + label);
    }
  }

  private InvalidDefinitionException wrongType(String key, String expected) {
    return error(key, Echo.of(key) + " must be " + expected + ", got " + node.get(key).describe());
  }

  /** A required, non-blank single value; {@code fix} says how to add it when missing. */
  String text(String key, String fix) {
    if (!has(key)) {
      throw error(Echo.of(key) + " is missing; " + fix);
    }
    String text = optionalText(key);
    if (text.isBlank()) {
      throw error(key, Echo.of(key) + " is empty; " + fix);
    }
    return text;
  }

  /** A single value, or {@code null} when absent. Numbers and booleans keep their spelling. */
  String optionalText(String key) {
    YamlNode value = node.get(key);
    if (value.isAbsent()) {
      return null;
    }
    if (!value.isScalar()) {
      throw wrongType(key, "a single value");
    }
    return value.scalar();
  }

  /** {@code true} or {@code false}, or {@code fallback} when absent. */
  boolean bool(String key, boolean fallback) {
    YamlNode value = node.get(key);
    if (value.isAbsent()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw wrongType(key, "true or false");
    }
    return value.booleanValue();
  }

  /** A list of single values, or {@code null} when absent; {@code example} shows the form. */
  List<String> textList(String key, String example) {
    YamlNode value = node.get(key);
    if (value.isAbsent()) {
      return null;
    }
    if (!value.isList()) {
      throw wrongType(key, "a list, like " + example);
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : value.items()) {
      if (!item.isScalar()) {
        throw item.error(
            label + ": " + Echo.of(key) + " must list single values, got " + item.describe());
      }
      out.add(item.scalar());
    }
    return out;
  }

  /** The items of a list, or an empty list when absent; {@code example} shows the form. */
  List<YamlNode> items(String key, String example) {
    YamlNode value = node.get(key);
    if (value.isAbsent()) {
      return List.of();
    }
    if (!value.isList()) {
      throw wrongType(key, "a list, like " + example);
    }
    return value.items();
  }

  /** A mapping of single values, or {@code null} when absent; {@code example} shows the form. */
  Map<String, String> textMap(String key, String example) {
    YamlNode value = node.get(key);
    if (value.isAbsent()) {
      return null;
    }
    if (!value.isMap()) {
      throw wrongType(key, "a mapping, like " + example);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : value.entries().entrySet()) {
      YamlNode v = e.getValue();
      if (!v.isScalar()) {
        throw v.error(
            label
                + ": "
                + Echo.of(key)
                + " value of "
                + Echo.of(e.getKey())
                + " must be a single value, got "
                + v.describe());
      }
      out.put(e.getKey(), v.scalar());
    }
    return out;
  }
}
