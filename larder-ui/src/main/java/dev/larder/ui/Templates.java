package dev.larder.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.util.Map;

/**
 * The UI's JTE templates ({@code src/main/jte}), compiled to Java classes at build time (package
 * {@code dev.larder.ui.templates}) with the HTML content type: every {@code ${…}} is escaped for
 * where it stands (text, attribute, URL), so a description holding {@code <script>} shows as text.
 * Nothing is compiled at request time.
 */
final class Templates {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Templates.class.getClassLoader(), "dev.larder.ui.templates");

  private Templates() {}

  /** {@code template} (e.g. {@code pages/overview.jte}) of its one parameter {@code model}. */
  static byte[] render(String template, Object model) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    ENGINE.render(template, model, out);
    return out.toByteArray();
  }

  /** {@code template} of its named parameters. */
  static byte[] render(String template, Map<String, Object> params) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    ENGINE.render(template, params, out);
    return out.toByteArray();
  }
}
