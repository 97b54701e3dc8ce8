package dev.larder.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request body that must be a JSON object, with typed access to its fields. Every problem is an
 * {@link InvalidArgumentException} (400) naming the field and what it should hold; a key given
 * twice in one object is malformed. Fields the API does not know are ignored, as Feast's server
 * ignores them, so Feast clients that send extra options ({@code allow_registry_cache}, …) work
 * unchanged.
 */
final class JsonBody {
  /** Strict about duplicate keys: {@code {"features": …, "features": …}} is a 400, not a guess. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /** Parses {@code bytes}; malformed JSON or anything but an object is a 400 error. */
  static JsonBody parse(byte[] bytes) {
    JsonNode root;
    try {
      root = bytes.length == 0 ? null : MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidArgumentException(
          "malformed JSON in the request body" + where + ": " + parserText(e),
          "Send one JSON object, e.g. {\"features\": [\"view:feature\"], \"entities\": {…}}",
          e);
    } catch (IOException e) {
      throw new InvalidArgumentException(
          "could not read the request body as JSON", "Send one JSON object, in UTF-8", e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidArgumentException(
          "the request body is empty", "Send one JSON object with the request's fields");
    }
    if (!root.isObject()) {
      throw new InvalidArgumentException(
          "the request body is JSON " + kind(root) + ", not an object",
          "Send one JSON object with the request's fields");
    }
    return new JsonBody(root);
  }

  /**
   * The parser's account of what is wrong, without the names of its own settings: a limit such as
   * {@code Name length (60000) exceeds the maximum allowed (50000, from
   * `StreamReadConstraints.getMaxNameLength()`)} loses its {@code , from `…`} part.
   */
  private static String parserText(JsonProcessingException e) {
    return WHERE_A_LIMIT_IS_SET.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("");
  }

  private static final Pattern WHERE_A_LIMIT_IS_SET = Pattern.compile(",? *from `[^`]*`");

  /** Whether {@code field} is present and not null. */
  boolean has(String field) {
    JsonNode n = root.get(field);
    return n != null && !n.isNull();
  }

  /** The text of {@code field}; a 400 error when it is missing or not text. */
  String requiredText(String field) {
    String text = optionalText(field);
    if (text == null) {
      throw new InvalidArgumentException(
          "the request needs the field " + Echo.of(field) + " (text)");
    }
    return text;
  }

  /** The text of {@code field}, or {@code null} when it is missing or null. */
  String optionalText(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidArgumentException(
          "field " + Echo.of(field) + " holds " + kind(n) + "; it should be text");
    }
    return n.asText();
  }

  /** The boolean {@code field}, or {@code otherwise} when it is missing or null. */
  boolean optionalBoolean(String field, boolean otherwise) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return otherwise;
    }
    if (!n.isBoolean()) {
      throw new InvalidArgumentException(
          "field " + Echo.of(field) + " holds " + kind(n) + "; it should be true or false");
    }
    return n.booleanValue();
  }

  /** The list of texts in {@code field}, or {@code null} when it is missing or null. */
  List<String> optionalTexts(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw new InvalidArgumentException(
          "field " + Echo.of(field) + " holds " + kind(n) + "; it should be a list of text");
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual()) {
        throw new InvalidArgumentException(
            "field "
                + Echo.of(field)
                + " element "
                + i
                + " holds "
                + kind(e)
                + "; it should be text");
      }
      out.add(e.asText());
    }
    return out;
  }

  /**
   * The time in {@code field}: ISO-8601 text, or a number of seconds since 1970 (as {@link
   * IsoTimes#parse(String, Object)} takes them); a 400 error when it is missing or malformed.
   */
  Instant requiredTime(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new InvalidArgumentException(
          "the request needs the field " + Echo.of(field) + " (a time)",
          "Give e.g. \"" + field + "\": \"2022-05-13 10:59:42+00:00\"");
    }
    String what = "field " + Echo.of(field);
    if (n.isNumber()) {
      return IsoTimes.parse(what, n.decimalValue());
    }
    if (!n.isTextual()) {
      throw new InvalidArgumentException(
          what + " holds " + kind(n) + "; it should be a time",
          "Give e.g. \"" + field + "\": \"2022-05-13 10:59:42+00:00\" or seconds since 1970");
    }
    return IsoTimes.parse(what, n.asText());
  }

  /**
   * What a {@code /get-online-features} body asks for.
   *
   * @param features the length of the top-level {@code features} list (0 when absent: a feature
   *     service, which the store counts)
   * @param rows the length of the longest list in the top-level {@code entities} object
   */
  record Requested(long features, long rows) {}

  /**
   * What a {@code /get-online-features} body asks for, counted in one streaming pass over its bytes
   * without building anything, so that a read far over the limit is refused before its keys take
   * memory. Zeros when the body is not well-formed (the full parse says why).
   */
  static Requested requested(byte[] bytes) {
    long features = 0;
    long rows = 0;
    try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Requested(0, 0);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("features") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            features++;
            p.skipChildren();
          }
        } else if (name.equals("entities") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.nextToken() == JsonToken.START_ARRAY) {
              long n = 0;
              while (p.nextToken() != JsonToken.END_ARRAY) {
                n++;
                p.skipChildren();
              }
              rows = Math.max(rows, n);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return new Requested(0, 0);
    }
    return new Requested(features, rows);
  }

  /**
   * The columns in {@code field}, an object of lists ({@code {"sample_index": [1, 2]}}), as Java
   * values in the order given: integers as {@link Long} (or {@link java.math.BigInteger} beyond 64
   * bits), other numbers as {@link Double}, text, booleans, {@code null}, nested lists as {@link
   * List} and objects ({@code Map} and {@code Json} values) as {@link Map}.
   */
  Map<String, List<Object>> requiredColumns(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      throw new InvalidArgumentException(
          "the request needs the field " + Echo.of(field) + ": an object of columns",
          "Give e.g. \"" + field + "\": {\"sample_index\": [1, 2]}");
    }
    if (!n.isObject()) {
      throw new InvalidArgumentException(
          "field " + Echo.of(field) + " holds " + kind(n) + "; it should be an object of columns",
          "Give e.g. \"" + field + "\": {\"sample_index\": [1, 2]}");
    }
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> column : n.properties()) {
      JsonNode values = column.getValue();
      if (!values.isArray()) {
        throw new InvalidArgumentException(
            "column "
                + Echo.of(column.getKey())
                + " of "
                + Echo.of(field)
                + " holds "
                + kind(values)
                + "; it should be a list with one value per row");
      }
      List<Object> list = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        list.add(value(values.get(i), field + "." + column.getKey() + "[" + i + "]"));
      }
      out.put(column.getKey(), list);
    }
    return out;
  }

  private static Object value(JsonNode n, String where) {
    if (n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>(n.size());
      for (int i = 0; i < n.size(); i++) {
        list.add(value(n.get(i), where + "[" + i + "]"));
      }
      return list;
    }
    if (n.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        map.put(e.getKey(), value(e.getValue(), where + "." + e.getKey()));
      }
      return map;
    }
    throw new InvalidArgumentException(
        where
            + " holds "
            + kind(n)
            + "; values are numbers, text, booleans, null, lists or objects");
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
