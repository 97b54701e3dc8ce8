package dev.larder.core.registry;

import java.util.Objects;

/**
 * One changed field of a definition, with readable values: {@code ttl: 0 (unlimited) → 2h}, {@code
 * schema.feature_3: Float64 → Int64}, {@code description: '' → One sample}. A value that was or
 * becomes absent reads {@code (none)}.
 *
 * @param field the field's name as in the definition files, dotted for parts ({@code
 *     schema.feature_3}, {@code tags.team}, {@code source.path} for the view's source)
 * @param before the old value
 * @param after the new value
 */
public record FieldChange(String field, String before, String after) {
  /** How an absent value reads. */
  public static final String NONE = "(none)";

  public FieldChange {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /**
   * Whether this changes the free text of one feature in a view's schema ({@code
   * schema.<feature>.description} or {@code schema.<feature>.tags…}): compatible, no new version.
   */
  public boolean isFeatureText() {
    return field.startsWith("schema.") && field.indexOf('.', "schema.".length()) > 0;
  }

  /** The top-level field: {@code schema} for {@code schema.feature_3} or {@code schema order}. */
  public String topField() {
    int end = field.length();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '.' || c == ' ') {
        end = i;
        break;
      }
    }
    return field.substring(0, end);
  }

  /** This change with {@code prefix} put before the field name. */
  public FieldChange prefixed(String prefix) {
    return new FieldChange(prefix + field, before, after);
  }

  /** {@code field: before → after}. */
  @Override
  public String toString() {
    return field + ": " + before + " → " + after;
  }
}
