package dev.larder.ui.catalog;

import dev.larder.core.model.DefinitionKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The addresses of the UI's object pages, under the UI's base path ({@code /ui}). */
public final class Links {
  private Links() {}

  /** The path segment of a kind's pages: {@code feature-views}. */
  public static String segment(DefinitionKind kind) {
    return switch (kind) {
      case ENTITY -> "entities";
      case DATA_SOURCE -> "data-sources";
      case FEATURE_VIEW -> "feature-views";
      case FEATURE_SERVICE -> "feature-services";
      case PERMISSION -> "permissions";
    };
  }

  /** The kind whose pages live under {@code segment}, or {@code null}. */
  public static DefinitionKind kindOf(String segment) {
    for (DefinitionKind kind : DefinitionKind.values()) {
      if (segment(kind).equals(segment)) {
        return kind;
      }
    }
    return null;
  }

  /** {@code /ui/feature-views/NAME}. */
  public static String of(String base, DefinitionKind kind, String name) {
    return base + "/" + segment(kind) + "/" + encode(name);
  }

  /** {@code /ui/runs/ID}. */
  public static String run(String base, String id) {
    return base + "/runs/" + encode(id);
  }

  /** {@code text} as one path segment or query value. */
  public static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
