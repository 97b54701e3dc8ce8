package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The rule for names of definitions, features, join keys and projects: one or more letters, digits
 * and underscores ({@code [A-Za-z0-9_]+}).
 */
public final class Names {
  /** How many names {@link #listing} shows before it abbreviates. */
  public static final int LISTED = 30;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_]+");

  private Names() {}

  /** Whether {@code name} follows the rule. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * Returns {@code name} if it follows the rule, else throws an error naming {@code what} (e.g.
   * {@code feature view 'x': join key}) and a valid spelling.
   */
  public static String require(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidDefinitionException(what + " is missing");
    }
    if (!isValid(name)) {
      throw new InvalidDefinitionException(
          what
              + " "
              + Echo.of(name)
              + " is not a valid name: use letters, digits and _ only (e.g. "
              + Echo.of(name.strip().replaceAll("[^A-Za-z0-9_]+", "_"))
              + ")");
    }
    return name;
  }

  /**
   * The names joined with commas for a message, the first {@value #LISTED} only, then {@code … (N
   * more)}; {@code (none)} when empty. Each is shown as {@link Echo#bare} shows it (a user's long
   * name cut short, control characters escaped).
   */
  public static String listing(Collection<String> names) {
    if (names.isEmpty()) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (String name : names) {
      if (i == LISTED) {
        out.append(", … (").append(names.size() - LISTED).append(" more)");
        break;
      }
      out.append(i == 0 ? "" : ", ").append(Echo.bare(name));
      i++;
    }
    return out.toString();
  }
}
