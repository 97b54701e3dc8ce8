package dev.larder.ui;

import dev.larder.core.model.DefinitionKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The UI's URL shapes, in one place: every page links through these. */
public final class UiPaths {
  /** Where the UI is mounted. */
  public static final String ROOT = "/ui";

  /** A path under /ui and its query, in URL characters only (percent-encoded otherwise). */
  private static final Pattern LOCAL =
      Pattern.compile(
          "/ui(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?(\\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?");

  private UiPaths() {}

  /** A path segment or query value, percent-encoded. */
  public static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Whether {@code location} is a path of this UI, so that redirecting to it cannot leave the site
   * ({@code /ui…} in URL characters, no {@code //}, no backslash, no scheme).
   */
  public static boolean isLocal(String location) {
    return location != null && LOCAL.matcher(location).matches() && !location.contains("//");
  }

  /** The path segment of the list of {@code kind}: {@code entities}, {@code feature-views}, … */
  public static String segment(DefinitionKind kind) {
    return switch (kind) {
      case ENTITY -> "entities";
      case DATA_SOURCE -> "data-sources";
      case FEATURE_VIEW -> "feature-views";
      case FEATURE_SERVICE -> "feature-services";
      case PERMISSION -> "permissions";
    };
  }

  /** {@code /ui/feature-views}: the list of {@code kind}. */
  public static String list(DefinitionKind kind) {
    return ROOT + "/" + segment(kind);
  }

  /** {@code /ui/feature-views/{name}}: the page of an object. */
  public static String object(DefinitionKind kind, String name) {
    return list(kind) + "/" + encode(name);
  }

  /** {@code /ui/entities/{name}}. */
  public static String entity(String name) {
    return ROOT + "/entities/" + encode(name);
  }

  /** {@code /ui/data-sources/{name}}. */
  public static String dataSource(String name) {
    return ROOT + "/data-sources/" + encode(name);
  }

  /** {@code /ui/feature-views/{name}}. */
  public static String featureView(String name) {
    return ROOT + "/feature-views/" + encode(name);
  }

  /** {@code /ui/feature-services/{name}}. */
  public static String featureService(String name) {
    return ROOT + "/feature-services/" + encode(name);
  }

  /** {@code /ui/permissions/{name}}. */
  public static String permission(String name) {
    return ROOT + "/permissions/" + encode(name);
  }

  /** {@code /ui/runs/{id}}. */
  public static String run(String id) {
    return ROOT + "/runs/" + encode(id);
  }

  /** {@code /ui/assets/{file}}: a file of {@code src/main/resources/dev/larder/ui/assets/}. */
  public static String asset(String file) {
    return ROOT + "/assets/" + file;
  }
}
