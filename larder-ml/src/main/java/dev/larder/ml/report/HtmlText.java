package dev.larder.ml.report;

/**
 * Escaping for the report pages: text and attribute values in HTML, and JSON placed inside a {@code
 * <script>} element, where a {@code </script>} inside a string would otherwise end the element.
 */
final class HtmlText {
  private HtmlText() {}

  /** {@code text} safe in HTML text and in a double- or single-quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON text safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} become
   * {@code \u003c}-style escapes (they can only occur inside JSON strings, where the escape means
   * the same character), as do the line separators U+2028 and U+2029.
   */
  static String scriptJson(String json) {
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

  /** JavaScript source safe inside a {@code <script>} element ({@code </script} cannot end it). */
  static String scriptSource(String js) {
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
  }
}
