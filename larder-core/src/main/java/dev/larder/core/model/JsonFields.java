package dev.larder.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object read strictly for {@link DefinitionJson}: typed field access, and errors that say
 * what the object is ({@code what}), which field is wrong and what was expected.
 */
record JsonFields(JsonNode node, String what) {
  JsonFields {
    if (node == null || !node.isObject()) {
      throw new InvalidDefinitionException(what + " must be a JSON object, got " + node);
    }
  }

  /** Rejects any field not in {@code fields}. */
  void only(String... fields) {
    List<String> allowed = List.of(fields);
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw new InvalidDefinitionException(
                    what + " has unknown field " + Echo.of(name) + "; expected " + allowed);
              }
            });
  }

  private JsonNode field(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidDefinitionException(what + " lacks field " + Echo.of(name));
    }
    return value;
  }

  private InvalidDefinitionException wrong(String name, String expected) {
    return new InvalidDefinitionException(
        what + ": field " + Echo.of(name) + " must be " + expected + ", got " + node.get(name));
  }

  /** A required string. */
  String text(String name) {
    JsonNode value = field(name);
    if (!value.isTextual()) {
      throw wrong(name, "a string");
    }
    return value.textValue();
  }

  /** A string that may be absent or null. */
  String optionalText(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : text(name);
  }

  Integer optionalInt(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isInt()) {
      throw wrong(name, "an integer");
    }
    return value.intValue();
  }

  boolean bool(String name) {
    JsonNode value = field(name);
    if (!value.isBoolean()) {
      throw wrong(name, "true or false");
    }
    return value.booleanValue();
  }

  Duration duration(String name) {
    try {
      return Duration.parse(text(name));
    } catch (DateTimeParseException e) {
      throw new InvalidDefinitionException(
          what + ": field " + Echo.of(name) + " is not an ISO-8601 duration: " + node.get(name),
          null,
          e);
    }
  }

  JsonFields object(String name) {
    return new JsonFields(field(name), what + " " + name);
  }

  /** A required array. */
  List<JsonNode> array(String name) {
    field(name);
    return optionalArray(name);
  }

  /** An array that may be absent or null (then empty). */
  List<JsonNode> optionalArray(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrong(name, "an array");
    }
    List<JsonNode> out = new ArrayList<>();
    value.forEach(out::add);
    return out;
  }

  /** A required array of strings. */
  List<String> strings(String name) {
    field(name);
    return optionalStrings(name);
  }

  /** An array of strings that may be absent or null (then empty). */
  List<String> optionalStrings(String name) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : optionalArray(name)) {
      if (!item.isTextual()) {
        throw wrong(name, "an array of strings");
      }
      out.add(item.textValue());
    }
    return out;
  }

  /** An object of strings that may be absent or null (then empty). */
  Map<String, String> map(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw wrong(name, "an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      if (!e.getValue().isTextual()) {
        throw wrong(name, "an object of strings");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
