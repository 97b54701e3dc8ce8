package dev.larder.core.registry;

import dev.larder.core.Echo;
import java.util.Locale;

/** Why a feature view version was recorded. */
public enum VersionOrigin {
  /** The view was applied for the first time: version 1. */
  CREATED,
  /**
   * The view was deleted by an earlier apply and is defined again: it continues its old numbering,
   * so that a version number never means two definitions.
   */
  CREATED_AGAIN,
  /** An apply changed the view's schema, entities, ttl or source (or its source or entities). */
  CHANGED;

  /** The stored spelling: {@code created}, {@code created_again}, {@code changed}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a {@link #spelling()}. */
  public static VersionOrigin parse(String spelling) {
    for (VersionOrigin origin : values()) {
      if (origin.spelling().equals(spelling)) {
        return origin;
      }
    }
    throw new IllegalArgumentException(
        "unknown version origin "
            + Echo.of(spelling)
            + "; expected created, created_again or changed");
  }
}
