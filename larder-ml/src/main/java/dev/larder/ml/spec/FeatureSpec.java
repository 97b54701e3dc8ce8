package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;

/**
 * Which features a model uses and how they are scaled. A workflow takes one or more feature specs;
 * each selects features by exact name or glob ({@code feature_*}, {@code feature_1?}) and scales
 * what it selects. A feature selected by two specs, or a pattern that selects nothing, is an error.
 *
 * @param include names or globs, matched against the data's feature names
 * @param scaling how the selected features are scaled
 */
public record FeatureSpec(List<String> include, Scaling scaling) {

  /** Every feature, standardised: the default. */
  public static final FeatureSpec ALL_STANDARD = new FeatureSpec(List.of("*"), Scaling.STANDARD);

  public FeatureSpec {
    Objects.requireNonNull(scaling, "scaling");
    if (include == null || include.isEmpty()) {
      throw new InvalidArgumentException(
          "features[].include must list at least one feature name or glob such as 'feature_*'");
    }
    include = List.copyOf(include);
    for (String pattern : include) {
      if (pattern == null || pattern.isBlank()) {
        throw new InvalidArgumentException(
            "features[].include has an empty entry; give a feature name or glob such as"
                + " 'feature_*'");
      }
      matcher(pattern);
    }
  }

  /** Shorthand: {@code FeatureSpec.of(Scaling.STANDARD, "feature_*")}. */
  public static FeatureSpec of(Scaling scaling, String... include) {
    return new FeatureSpec(List.of(include), scaling);
  }

  /** Whether {@code featureName} is selected by any pattern of this spec. */
  public boolean selects(String featureName) {
    for (String pattern : include) {
      if (matcher(pattern).matches(Path.of(featureName))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code pattern} selects {@code featureName}. */
  public static boolean matches(String pattern, String featureName) {
    return matcher(pattern).matches(Path.of(featureName));
  }

  private static PathMatcher matcher(String pattern) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "features[].include has an invalid glob '" + pattern + "': " + e.getMessage(),
          "Use * for any characters and ? for one, e.g. 'feature_*'",
          e);
    }
  }
}
