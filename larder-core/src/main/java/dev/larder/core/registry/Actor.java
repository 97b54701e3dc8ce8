package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who changes the registry: recorded as {@code applied_by} of feature view versions and {@code
 * committed_by} of revisions.
 *
 * @param name the user name, not blank
 */
public record Actor(String name) {
  /** The environment variable that names the user, before the JVM's {@code user.name}. */
  public static final String USER_VARIABLE = "LARDER_USER";

  /**
   * The characters of a user name that a person gives ({@code LARDER_USER}, an API key's name), as
   * messages spell them.
   */
  public static final String NAME_RULE = "1 to 64 letters, digits, _, ., @ and -";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  public Actor {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an actor needs a name");
    }
  }

  /**
   * Whether {@code name} follows {@link #NAME_RULE}: the rule of every user name a person gives,
   * which keeps names that logs and tables print to one plain word.
   */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The current user: {@code LARDER_USER} when set and not blank, else {@code user.name}. */
  public static Actor current() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The user that the environment {@code env} names: {@code LARDER_USER} when set and not blank
   * (blanks around it are dropped), else the JVM's {@code user.name}.
   *
   * @throws InvalidArgumentException if {@code LARDER_USER} does not follow {@link #NAME_RULE}
   */
  public static Actor fromEnvironment(Map<String, String> env) {
    String configured = env.get(USER_VARIABLE);
    if (configured == null || configured.isBlank()) {
      return new Actor(System.getProperty("user.name"));
    }
    String name = configured.strip();
    if (!isValidName(name)) {
      throw new InvalidArgumentException(
          USER_VARIABLE + " " + Echo.of(name) + " is not a valid user name",
          "Set "
              + USER_VARIABLE
              + " to "
              + NAME_RULE
              + ", the rule of API key names (e.g. "
              + USER_VARIABLE
              + "=ana)");
    }
    return new Actor(name);
  }
}
