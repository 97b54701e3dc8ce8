package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.Names;

/**
 * A feature as a training run read it: one feature of one numbered version of a feature view.
 * Written {@code view@v2:feature}, the pinned form of a {@link FeatureReference}, so that the text
 * retrieves the same data again.
 *
 * @param view the feature view's name
 * @param version the version it was resolved to (1, 2, …)
 * @param feature the feature's name
 */
public record ResolvedFeature(String view, int version, String feature) {
  public ResolvedFeature {
    if (!Names.isValid(view) || !Names.isValid(feature) || version < 1) {
      throw new InvalidArgumentException(
          "a resolved feature needs a view name, a version of at least 1 and a feature name; got"
              + " view "
              + Echo.of(view)
              + ", version "
              + version
              + ", feature "
              + Echo.of(feature));
    }
  }

  /** Parses {@code view@v2:feature}; any other form is an error naming the text. */
  public static ResolvedFeature parse(String text) {
    FeatureReference reference = FeatureReference.parse(text);
    if (reference.version() == null) {
      throw new InvalidArgumentException(
          "resolved feature " + Echo.of(text) + " has no version; expected view@v2:feature");
    }
    return new ResolvedFeature(reference.featureView(), reference.version(), reference.feature());
  }

  /** {@code view@v2}: the view version this feature belongs to. */
  public String viewVersion() {
    return view + "@v" + version;
  }

  /** {@code view@v2:feature}. */
  @Override
  public String toString() {
    return viewVersion() + ":" + feature;
  }
}
