package dev.larder.core.offline;

import dev.larder.core.model.FeatureType;
import java.util.Objects;

/**
 * One requested feature of a view.
 *
 * @param name the feature's name in the view's schema
 * @param dtype its declared type, which the result column has
 * @param sourceColumn the source column holding it (before {@code field_mapping})
 * @param outputName the result column's name: {@code name}, or {@code view__name} with full feature
 *     names (the projection's {@code name_alias} instead of the view's name when set)
 */
public record RequestedFeature(
    String name, FeatureType dtype, String sourceColumn, String outputName) {
  public RequestedFeature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(sourceColumn, "sourceColumn");
    Objects.requireNonNull(outputName, "outputName");
  }
}
