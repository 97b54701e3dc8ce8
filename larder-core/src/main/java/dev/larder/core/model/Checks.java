package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The checks and normalisations shared by the definition records' compact constructors. */
final class Checks {
  private Checks() {}

  /** An immutable copy of a list of valid, distinct names; {@code null} is empty. */
  static List<String> names(String owner, String what, List<String> names) {
    if (names == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      Names.require(owner + ": " + what, name);
      if (!seen.add(name)) {
        throw new InvalidDefinitionException(
            owner + ": " + what + " " + Echo.of(name) + " is listed twice; list it once");
      }
      out.add(name);
    }
    return List.copyOf(out);
  }

  /**
   * An immutable copy of a list of distinct values, each checked by {@code check(what, value)};
   * {@code null} is empty.
   */
  static List<String> distinct(
      String owner, String what, List<String> values, BiConsumer<String, String> check) {
    if (values == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      check.accept(owner + ": " + what, value);
      if (!seen.add(value)) {
        throw new InvalidDefinitionException(
            owner + ": " + what + " " + Echo.of(value) + " is listed twice; list it once");
      }
    }
    return List.copyOf(values);
  }

  /** An immutable copy sorted by key, so that the JSON form is canonical; {@code null} is empty. */
  static Map<String, String> textMap(String owner, String what, Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new InvalidDefinitionException(owner + ": " + what + " has an empty key");
      }
      if (e.getValue() == null) {
        throw new InvalidDefinitionException(
            owner
                + ": "
                + what
                + " "
                + Echo.of(e.getKey())
                + " has no value; give it a value or remove it");
      }
      out.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /** Free text such as a description or owner; {@code null} is the empty string. */
  static String text(String text) {
    return text == null ? "" : text;
  }

  /** A required component that only code (never a YAML file) could leave out. */
  static <T> T required(String owner, String what, T value) {
    if (value == null) {
      throw new InvalidDefinitionException(owner + ": " + what + " is missing");
    }
    return value;
  }

  /**
   * For builders: returns {@code value}, or throws if the setting already has a value, naming that
   * value (a builder rejects a repeated setting at once).
   */
  static <T> T once(String owner, String setting, T current, T value) {
    Objects.requireNonNull(value, setting);
    if (current != null) {
      throw new IllegalStateException(
          owner + ": " + setting + " was already set to " + current + "; set it once");
    }
    return value;
  }
}
