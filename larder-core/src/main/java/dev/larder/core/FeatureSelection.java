package dev.larder.core;

import java.util.List;

/**
 * What to retrieve: feature references ({@code view:feature}, {@code view@v2:feature}) or the name
 * of a feature service — one or the other.
 *
 * @param references feature references, or empty with a service
 * @param serviceName a feature service, or {@code null} with references
 */
public record FeatureSelection(List<String> references, String serviceName) {
  public FeatureSelection {
    references = references == null ? List.of() : List.copyOf(references);
    if (references.isEmpty() == (serviceName == null)) {
      throw new InvalidArgumentException(
          "give either feature references or a feature service, not "
              + (serviceName == null ? "neither" : "both"),
          "Use --features view:feature,… or --feature-service NAME");
    }
  }

  /** Feature references such as {@code classification_features:feature_0}. */
  public static FeatureSelection of(String... references) {
    return new FeatureSelection(List.of(references), null);
  }

  /** Feature references such as {@code classification_features:feature_0}. */
  public static FeatureSelection of(List<String> references) {
    return new FeatureSelection(references, null);
  }

  /** Every feature of the feature service {@code name}. */
  public static FeatureSelection service(String name) {
    return new FeatureSelection(List.of(), name);
  }
}
