package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A permission's {@code policy: {roles: [...]}} (Feast's {@code RoleBasedPolicy}): it allows a user
 * who has any of the roles.
 *
 * @param roles one or more distinct role names
 */
public record RolePolicy(List<String> roles) {
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.-]+");

  public RolePolicy {
    roles = Checks.distinct("policy", "role", roles, RolePolicy::requireRole);
    if (roles.isEmpty()) {
      throw new InvalidDefinitionException(
          "policy: roles is empty; list the roles it allows, e.g. policy: {roles: [reader]}");
    }
  }

  /** Whether a user with {@code userRoles} is allowed. */
  public boolean allows(Collection<String> userRoles) {
    for (String role : roles) {
      if (userRoles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code role} is a valid role name: letters, digits, {@code _ . -}. */
  public static boolean isValidRole(String role) {
    return role != null && ROLE.matcher(role).matches();
  }

  /** Returns {@code role} if it is valid, else throws an error naming {@code what}. */
  public static String requireRole(String what, String role) {
    if (!isValidRole(role)) {
      throw new InvalidDefinitionException(
          what
              + " "
              + Echo.of(role)
              + " is not a valid role name: use letters, digits, _, . and - only (e.g. reader)");
    }
    return role;
  }
}
