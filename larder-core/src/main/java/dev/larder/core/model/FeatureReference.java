package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to one feature of one view, as users write it: {@code view:feature}, {@code
 * view@v2:feature} (a pinned version) or {@code view@latest:feature} (the same as no version).
 *
 * @param featureView the view's name
 * @param version the pinned version, or {@code null} for the latest
 * @param feature the feature's name
 */
public record FeatureReference(String featureView, Integer version, String feature) {
  private static final Pattern FORM =
      Pattern.compile("([A-Za-z0-9_]+)(?:@(?:v(\\d{1,9})|(latest)))?:([A-Za-z0-9_]+)");
  private static final String EXPECTED =
      "expected view:feature, view@v2:feature or view@latest:feature (names use letters, digits"
          + " and _)";

  public FeatureReference {
    if (!Names.isValid(featureView)
        || !Names.isValid(feature)
        || (version != null && version < 0)) {
      throw new InvalidArgumentException(
          "feature reference with view "
              + Echo.of(featureView)
              + ", version "
              + version
              + " and feature "
              + Echo.of(feature)
              + " is not valid; "
              + EXPECTED);
    }
  }

  /** A reference to {@code feature} of the latest version of {@code featureView}. */
  public static FeatureReference of(String featureView, String feature) {
    return new FeatureReference(featureView, null, feature);
  }

  /**
   * Parses {@code text}; a malformed reference is an error naming it and the expected forms.
   *
   * @throws InvalidArgumentException if {@code text} is not a feature reference
   */
  public static FeatureReference parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new InvalidArgumentException(
          "feature reference " + Echo.of(text) + " is not valid: " + problem(t) + "; " + EXPECTED);
    }
    Integer version = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    return new FeatureReference(m.group(1), version, m.group(4));
  }

  private static String problem(String t) {
    int colon = t.indexOf(':');
    if (colon < 0) {
      return "it has no ':' between the view and the feature";
    }
    if (t.indexOf(':', colon + 1) >= 0) {
      return "it has more than one ':'";
    }
    String view = t.substring(0, colon);
    int at = view.indexOf('@');
    if (at >= 0) {
      String v = view.substring(at + 1);
      if (!v.matches("v\\d{1,9}|latest")) {
        return "the version " + Echo.of(v) + " is neither vN nor latest";
      }
      view = view.substring(0, at);
    }
    if (!Names.isValid(view)) {
      return "the view name "
          + Echo.of(view)
          + " is empty or has characters other than letters, digits, _";
    }
    return "the feature name "
        + Echo.of(t.substring(colon + 1))
        + " is empty or has characters other than letters, digits, _";
  }

  /** The canonical spelling: {@code view:feature} or {@code view@v2:feature}. */
  @Override
  public String toString() {
    return featureView + (version == null ? "" : "@v" + version) + ":" + feature;
  }
}
