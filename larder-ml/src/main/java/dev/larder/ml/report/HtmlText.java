package dev.larder.ml.report;

/**
 * Escaping for the report pages: text and attribute values in HTML, and JavaScript source placed
 * inside a {@code <script>} element, where a {@code </script>} would otherwise end the element.
 * (JSON data inside a {@code <script>} element goes through {@link dev.larder.core.ScriptJson}.)
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

  /** JavaScript source safe inside a {@code <script>} element ({@code </script} cannot end it). */
  static String scriptSource(String js) {
    return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
  }
}
