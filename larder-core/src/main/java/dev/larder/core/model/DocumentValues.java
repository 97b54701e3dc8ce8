package dev.larder.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Values of the {@link DocumentType}s in their Java form: a {@code Map} value as an unmodifiable
 * map of text keys to {@link Long}, {@link Double}, {@link String}, {@link Boolean} or {@code
 * null}; a {@code Json} value as its JSON text. Each converts from what clients send: a map (or a
 * JSON object in Java's form, as the HTTP server parses it) or its JSON text (Feast's {@code
 * remote} client sends {@code Map} values as JSON text), and any JSON value for {@code Json}.
 */
public final class DocumentValues {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DocumentValues() {}

  /** {@code value} as a value of {@code type}; {@code what} names it in errors. */
  public static Object of(DocumentType type, Object value, Supplier<String> what) {
    return type == DocumentType.MAP ? map(value, what) : json(value, what);
  }

  /** A {@code Map} value from a {@link Map} or the JSON text of an object. */
  public static Map<String, Object> map(Object value, Supplier<String> what) {
    if (value instanceof String text) {
      JsonNode node = parse(text, what, "Map");
      if (!node.isObject()) {
        throw new InvalidArgumentException(
            what.get()
                + " holds JSON "
                + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + ", not an object",
            "Give Map values as objects of text keys to numbers, text, booleans or null, e.g."
                + " {\"a\": 1.5}");
      }
      value = MAPPER.convertValue(node, Map.class);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidArgumentException(
          what.get() + " holds " + ValueText.describe(value) + ", which is not a Map value",
          "Give Map values as objects of text keys to numbers, text, booleans or null, e.g."
              + " {\"a\": 1.5}");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidArgumentException(
            what.get() + " has the key " + ValueText.describe(e.getKey()) + "; Map keys are text",
            "Use text keys, or declare the feature as Json");
      }
      out.put(key, scalar(e.getValue(), () -> what.get() + " key '" + key + "'"));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object scalar(Object v, Supplier<String> what) {
    if (v == null || v instanceof Long || v instanceof Double || v instanceof String) {
      return v;
    }
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    throw new InvalidArgumentException(
        what.get()
            + " holds "
            + ValueText.describe(v)
            + "; Map values are numbers, text, booleans"
            + " or null",
        "Keep Map values scalar (64-bit integers, floats, text, booleans), or declare the feature"
            + " as Json for nested documents");
  }

  /**
   * A {@code Json} value: text that must hold one JSON document (kept as given), or a Java value
   * (map, list, number, boolean) written as JSON text.
   */
  public static String json(Object value, Supplier<String> what) {
    if (value instanceof String text) {
      parse(text, what, "Json");
      return text;
    }
    if (value instanceof Map<?, ?>
        || value instanceof List<?>
        || value instanceof Number
        || value instanceof Boolean) {
      return text(value);
    }
    throw new InvalidArgumentException(
        what.get() + " holds " + ValueText.describe(value) + ", which is not a Json value",
        "Give Json values as JSON text, e.g. \"{\\\"a\\\": [1, 2]}\", or as JSON objects and lists");
  }

  /** The JSON text of {@code value} (a map, list or scalar in Java's form). */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON", e);
    }
  }

  /**
   * The {@code Map} value of trusted JSON text (an offline engine's {@code CAST(… AS JSON)} of a
   * map column).
   */
  public static Map<String, Object> mapOfText(String text) {
    return map(text, () -> "a Map value");
  }

  private static JsonNode parse(String text, Supplier<String> what, String type) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidArgumentException(
            what.get() + " holds empty text, which is no JSON document",
            "Give " + type + " values as JSON text, e.g. {\"a\": 1.5}");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          what.get() + " holds text that is not JSON: " + e.getOriginalMessage(),
          "Give " + type + " values as JSON text, e.g. {\"a\": 1.5}",
          e);
    }
  }
}
