package dev.larder.core.model;

import dev.larder.core.Echo;

/**
 * A feature in a view's schema: its name (after the source's {@code field_mapping}) and its type.
 */
public record Field(String name, FeatureType dtype) {
  public Field {
    Names.require("feature name", name);
    Checks.required("feature " + Echo.of(name), "dtype", dtype);
  }

  /** A field with a dtype in its YAML spelling ({@code Float64}, {@code Array(Int64)}). */
  public static Field of(String name, String dtype) {
    return new Field(name, FeatureType.parse(dtype));
  }
}
