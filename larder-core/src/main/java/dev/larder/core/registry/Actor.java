package dev.larder.core.registry;

import java.util.Objects;

/**
 * Who changes the registry: recorded as {@code applied_by} of feature view versions and {@code
 * committed_by} of revisions.
 *
 * @param name the user name, not blank
 */
public record Actor(String name) {
  /** The environment variable that names the user, before the JVM's {@code user.name}. */
  public static final String USER_VARIABLE = "LARDER_USER";

  public Actor {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a name");
    }
  }

  /** The current user: {@code LARDER_USER} when set and not blank, else {@code user.name}. */
  public static Actor current() {
    String configured = System.getenv(USER_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return new Actor(configured.strip());
    }
    return new Actor(System.getProperty("user.name"));
  }
}
