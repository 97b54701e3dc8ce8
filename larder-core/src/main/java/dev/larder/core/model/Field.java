package dev.larder.core.model;

import dev.larder.core.Echo;
import java.util.Map;

/**
 * A feature in a view's schema: its name (after the source's {@code field_mapping}) and its type,
 * with Feast's optional {@code description} and {@code tags} (free text, shown where a view's
 * features are shown; changing them is a compatible change that makes no new version).
 *
 * @param name the feature's name
 * @param dtype its type
 * @param description free text ({@code ""} when absent)
 * @param tags free key-value pairs, sorted by key
 */
public record Field(String name, FeatureType dtype, String description, Map<String, String> tags) {
  public Field {
    Names.require("feature name", name);
    Checks.required("feature " + Echo.of(name), "dtype", dtype);
    description = Checks.text(description);
    tags = Checks.textMap("feature " + Echo.of(name), "tag", tags);
  }

  /** A field without description or tags. */
  public Field(String name, FeatureType dtype) {
    this(name, dtype, null, null);
  }

  /** A field with a dtype in its YAML spelling ({@code Float64}, {@code Array(Int64)}). */
  public static Field of(String name, String dtype) {
    return new Field(name, FeatureType.parse(dtype));
  }
}
