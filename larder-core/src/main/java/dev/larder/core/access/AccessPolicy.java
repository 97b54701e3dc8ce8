package dev.larder.core.access;

import dev.larder.core.Echo;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The decision engine: whether a set of {@link Permission}s lets a {@link Principal} do some
 * actions on a {@link Resource}. Pure (no I/O, no clock) and immutable, so safe for any number of
 * threads; the name patterns are compiled once per policy.
 *
 * <p>The rule, on Feast's model:
 *
 * <ul>
 *   <li>No permissions defined: everything is allowed.
 *   <li>Otherwise a permission <em>covers</em> a request when its {@code types} include the
 *       resource's kind, one of its {@code name_patterns} matches the resource's whole name (no
 *       patterns: every name), the resource carries every {@code required_tags} entry with that
 *       value, and its {@code actions} include <em>every</em> requested action.
 *   <li>The request is allowed if some covering permission's policy allows the user (the user has
 *       one of its roles); anything else is denied, including a request no permission covers.
 * </ul>
 */
public final class AccessPolicy {
  /**
   * The outcome of one request.
   *
   * @param allowed whether it may go ahead
   * @param reason why, for messages and the audit log
   */
  public record Decision(boolean allowed, String reason) {}

  private record Rule(Permission permission, List<Pattern> patterns) {
    boolean matches(Resource resource) {
      if (!permission.types().contains(resource.kind())) {
        return false;
      }
      if (!patterns.isEmpty()
          && patterns.stream().noneMatch(p -> p.matcher(resource.name()).matches())) {
        return false;
      }
      for (Map.Entry<String, String> tag : permission.requiredTags().entrySet()) {
        if (!tag.getValue().equals(resource.tags().get(tag.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  private static final Decision OPEN =
      new Decision(true, "no permissions are defined, so everything is allowed");

  private final List<Rule> rules;

  private AccessPolicy(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * Whether {@code permission} applies to {@code resource}: the resource's kind is one of its
   * types, its whole name matches one of its name patterns (if any), and it carries every required
   * tag (for the web UI's permission page, which lists what a permission covers).
   */
  public static boolean covers(Permission permission, Resource resource) {
    return of(List.of(permission)).rules.get(0).matches(resource);
  }

  /** The policy of {@code permissions}. */
  public static AccessPolicy of(Collection<Permission> permissions) {
    List<Rule> rules = new ArrayList<>(permissions.size());
    for (Permission p : permissions) {
      rules.add(new Rule(p, p.namePatterns().stream().map(Pattern::compile).toList()));
    }
    return new AccessPolicy(List.copyOf(rules));
  }

  /** Whether no permission is defined, so that everything is allowed. */
  public boolean isOpen() {
    return rules.isEmpty();
  }

  /** Whether {@code principal} may do all of {@code actions} on {@code resource}, and why. */
  public Decision decide(Principal principal, Resource resource, Set<AccessAction> actions) {
    if (rules.isEmpty()) {
      return OPEN;
    }
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one action");
    }
    List<Permission> covering = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.permission().actions().containsAll(actions) && rule.matches(resource)) {
        if (rule.permission().policy().allows(principal.roles())) {
          return new Decision(true, "allowed by permission " + Echo.of(rule.permission().name()));
        }
        covering.add(rule.permission());
      }
    }
    String what = spell(actions) + " on " + resource.label();
    if (covering.isEmpty()) {
      return new Decision(
          false,
          "no permission allows "
              + what
              + (actions.size() > 1 ? " (one permission must allow all of these actions)" : ""));
    }
    Set<String> roles = new TreeSet<>();
    List<String> names = new ArrayList<>();
    for (Permission p : covering) {
      roles.addAll(p.policy().roles());
      names.add(Echo.of(p.name()));
    }
    return new Decision(
        false,
        (names.size() == 1 ? "permission " : "permissions ")
            + String.join(", ", names)
            + " allow"
            + (names.size() == 1 ? "s " : " ")
            + what
            + " only to role"
            + (roles.size() == 1 ? " " : "s ")
            + String.join(", ", roles));
  }

  /** The actions as messages name them: {@code write_online and write_offline}. */
  public static String spell(Set<AccessAction> actions) {
    List<String> names = actions.stream().sorted().map(AccessAction::spelling).toList();
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }
}
