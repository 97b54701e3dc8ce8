package dev.larder.ml.spec;

import dev.larder.core.InvalidArgumentException;

/** Where {@code larder train} takes its rows from. */
public enum TrainingSource {
  /** The sample database, read directly (the guide's {@code load_data}). */
  DIRECT("direct"),
  /** The feature store (the guide's {@code FeastManager.get_training_data}). */
  FEATURE_STORE("feature-store");

  private final String id;

  TrainingSource(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static TrainingSource parse(String field, String value) {
    for (TrainingSource s : values()) {
      if (s.id.equalsIgnoreCase(value)) {
        return s;
      }
    }
    throw new InvalidArgumentException(
        field + " must be 'direct' or 'feature-store', got '" + value + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
