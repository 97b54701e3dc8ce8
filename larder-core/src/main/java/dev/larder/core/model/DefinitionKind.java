package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kinds of definition; names are unique within a kind. A kind is also the type of a resource
 * that a {@link Permission} governs ({@link #spelling()}: {@code entity}, {@code data_source}, …).
 */
public enum DefinitionKind {
  ENTITY("entity", "entities"),
  DATA_SOURCE("data source", "sources"),
  FEATURE_VIEW("feature view", "feature_views"),
  FEATURE_SERVICE("feature service", "feature_services"),
  PERMISSION("permission", "permissions");

  private final String label;
  private final String section;

  DefinitionKind(String label, String section) {
    this.label = label;
    this.section = section;
  }

  /** How messages name the kind: {@code feature view}. */
  public String label() {
    return label;
  }

  /** The top-level key of a definitions file that lists this kind: {@code feature_views}. */
  public String section() {
    return section;
  }

  /**
   * How permissions' {@code types} and the registry's rows spell the kind: {@code entity}, {@code
   * data_source}, {@code feature_view}, {@code feature_service}, {@code permission}.
   */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind spelt {@code text}; anything else is an error listing the spellings. */
  public static DefinitionKind parse(String text) {
    for (DefinitionKind kind : values()) {
      if (kind.spelling().equals(text)) {
        return kind;
      }
    }
    List<String> spellings = Arrays.stream(values()).map(DefinitionKind::spelling).toList();
    List<String> candidates = new ArrayList<>(spellings);
    candidates.add(Permission.ALL_TYPES);
    throw new InvalidDefinitionException(
        "unknown type "
            + Echo.of(text)
            + DidYouMean.sentenceEnd(text, candidates)
            + " Types: "
            + String.join(", ", spellings)
            + ", or "
            + Permission.ALL_TYPES);
  }
}
