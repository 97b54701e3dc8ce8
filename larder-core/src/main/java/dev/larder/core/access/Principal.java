package dev.larder.core.access;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.RolePolicy;
import dev.larder.core.registry.Actor;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a {@link dev.larder.core.FeatureStore} acts as: a user name and roles, which permissions
 * judge. Locally it comes from the environment ({@link #local()}), which is trusted: whoever runs
 * Larder on the repository's files can set it, as they could edit the registry file. The feature
 * server makes one per request from the caller's API key.
 *
 * @param user the user name, not blank
 * @param roles the roles, sorted; each letters, digits, {@code _ . -}
 */
public record Principal(String user, Set<String> roles) {
  /** The environment variable with the local user's roles, comma-separated. */
  public static final String ROLES_VARIABLE = "LARDER_ROLES";

  public Principal {
    Objects.requireNonNull(user, "user");
    if (user.isBlank()) {
      throw new IllegalArgumentException("a principal needs a user name");
    }
    TreeSet<String> sorted = new TreeSet<>();
    for (String role : Objects.requireNonNull(roles, "roles")) {
      if (!RolePolicy.isValidRole(role)) {
        throw new InvalidArgumentException(
            "role " + Echo.of(role) + " of user " + Echo.of(user) + " is not a valid role name",
            "Role names use letters, digits, _, . and - only (e.g. reader)");
      }
      sorted.add(role);
    }
    roles = Collections.unmodifiableSet(sorted);
  }

  /** {@code user} with {@code roles}. */
  public static Principal of(String user, String... roles) {
    return new Principal(user, Set.of(roles));
  }

  /** {@code user} with {@code roles}. */
  public static Principal of(String user, Collection<String> roles) {
    return new Principal(user, new TreeSet<>(roles));
  }

  /**
   * The local user: {@code LARDER_USER} (else the JVM's {@code user.name}, see {@link
   * Actor#current()}) with the roles in {@code LARDER_ROLES} (none when unset). Trusted as given.
   */
  public static Principal local() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The user that the environment {@code env} names: {@code LARDER_USER} when set and not blank
   * (else the JVM's {@code user.name}), with the roles in {@code LARDER_ROLES}.
   *
   * @throws InvalidArgumentException if {@code LARDER_USER} is not a valid user name (the rule of
   *     API key names, {@link Actor#NAME_RULE}) or {@code LARDER_ROLES} names an invalid role
   */
  public static Principal fromEnvironment(Map<String, String> env) {
    return new Principal(
        Actor.fromEnvironment(env).name(), parseRoles(ROLES_VARIABLE, env.get(ROLES_VARIABLE)));
  }

  /**
   * Roles written as a comma-separated list ({@code reader, writer}); blanks around names and empty
   * entries are ignored, {@code null} is none.
   *
   * @param source how an error names where the text came from, e.g. {@code LARDER_ROLES}
   */
  public static Set<String> parseRoles(String source, String text) {
    Set<String> roles = new TreeSet<>();
    if (text == null) {
      return roles;
    }
    for (String part : text.split(",", -1)) {
      String role = part.strip();
      if (role.isEmpty()) {
        continue;
      }
      if (!RolePolicy.isValidRole(role)) {
        throw new InvalidArgumentException(
            source + " names role " + Echo.of(role) + ", which is not a valid role name",
            "List roles separated by commas, each of letters, digits, _, . and - (e.g. "
                + source
                + "=reader,writer)");
      }
      roles.add(role);
    }
    return roles;
  }

  /** The actor that registry commits record for this principal. */
  public Actor actor() {
    return new Actor(user);
  }

  /** How messages name the principal: {@code user 'ana' (roles: reader, writer)}. */
  public String describe() {
    return "user "
        + Echo.of(user)
        + " ("
        + (roles.isEmpty() ? "no roles" : "roles: " + String.join(", ", roles))
        + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  /** The roles as a list, for records and JSON. */
  public List<String> roleList() {
    return List.copyOf(roles);
  }
}
