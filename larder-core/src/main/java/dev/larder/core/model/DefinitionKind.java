package dev.larder.core.model;

/** The kinds of definition; names are unique within a kind. */
public enum DefinitionKind {
  ENTITY("entity", "entities"),
  DATA_SOURCE("data source", "sources"),
  FEATURE_VIEW("feature view", "feature_views"),
  FEATURE_SERVICE("feature service", "feature_services");

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
}
