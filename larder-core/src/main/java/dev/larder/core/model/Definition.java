package dev.larder.core.model;

import dev.larder.core.Echo;

/**
 * A named definition in a feature repository: an {@link Entity}, a {@link DataSource}, a {@link
 * FeatureView}, a {@link FeatureService} or a {@link Permission}. Definitions are immutable values:
 * two definitions are equal when every field is equal, and {@link DefinitionJson} gives each a
 * canonical JSON form.
 */
public sealed interface Definition
    permits Entity, DataSource, FeatureView, FeatureService, Permission {
  /** The name, unique within the {@link #kind()}. */
  String name();

  /** The kind of definition. */
  DefinitionKind kind();

  /** How messages name this definition: {@code feature view 'classification_features'}. */
  default String label() {
    return label(kind(), name());
  }

  /** How messages name a definition of {@code kind} called {@code name}. */
  static String label(DefinitionKind kind, String name) {
    return kind.label() + " " + Echo.of(name);
  }
}
