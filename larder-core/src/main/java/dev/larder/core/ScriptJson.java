package dev.larder.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON to place inside an HTML {@code <script>} element (the training reports' inline data, the web
 * UI's {@code <script type="application/json">} blocks): {@code <}, {@code >}, {@code &} and the
 * line separators U+2028 and U+2029 are written as {@code \\uXXXX} escapes, so no text in the data
 * (a description holding {@code </script>}) can end the element or open a tag. Those characters can
 * only occur inside JSON strings, where the escapes mean the same characters, so the escaped text
 * parses to the same value.
 */
public final class ScriptJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScriptJson() {}

  /** {@code node} as compact JSON that is safe between {@code <script>} tags. */
  public static String embed(JsonNode node) {
    try {
      return escape(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** The JSON text {@code json} made safe between {@code <script>} tags, as {@link #embed} does. */
  public static String escape(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
