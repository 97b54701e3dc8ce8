package dev.larder.core.access;

import dev.larder.core.PermissionDeniedException;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.RepoDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies the {@link AccessPolicy} of a registry's permissions to the requests of one {@link
 * Principal}: {@link #require} throws a {@link PermissionDeniedException} naming the user, the
 * action and every denied resource (after telling the {@link DenialLog}), {@link #allows} answers
 * quietly (for filtering lists). The policy of a set of definitions is compiled once and shared
 * through a {@link PolicyCache}.
 *
 * <p>The rule of a denial's message (the CLI's error, the server's 403): it names the user, the
 * action and the resource, never the permission or role that would allow it, which the caller has
 * no right to learn from a refusal. The audit log, which only those who can read the registry see,
 * records why: the permissions that cover the request and the roles they allow.
 */
public final class AccessGuard {
  /** Where denials are recorded (the audit log). */
  @FunctionalInterface
  public interface DenialLog {
    /**
     * Records that {@code principal} was denied {@code operation} on {@code resources}.
     *
     * @param reason the reasons, one sentence per denied resource
     */
    void denied(Principal principal, String operation, List<Resource> resources, String reason);
  }

  /**
   * One thing a request does: {@code actions} on {@code resource}.
   *
   * @param resource what it acts on
   * @param actions what it does, all of which one permission must allow
   */
  public record Check(Resource resource, Set<AccessAction> actions) {
    public Check {
      Objects.requireNonNull(resource, "resource");
      actions = Set.copyOf(actions);
    }
  }

  static final String HINT =
      "Ask for a permission that allows it to one of your roles ('larder permissions list' shows"
          + " the permissions), or act as a user who has such a role: LARDER_USER and LARDER_ROLES"
          + " locally, another API key on the feature server";

  private final Principal principal;
  private final PolicyCache policies;
  private final DenialLog log;

  public AccessGuard(Principal principal, PolicyCache policies, DenialLog log) {
    this.principal = Objects.requireNonNull(principal, "principal");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.log = Objects.requireNonNull(log, "log");
  }

  public Principal principal() {
    return principal;
  }

  /**
   * Whether {@code definitions} hold any permission, so that checks are needed (without one,
   * everything is allowed and callers can skip building their checks).
   */
  public boolean enforced(RepoDefinitions definitions) {
    return !policies.of(definitions).isOpen();
  }

  /** Whether the permissions of {@code definitions} allow {@code check}. */
  public boolean allows(RepoDefinitions definitions, Check check) {
    return policies.of(definitions).decide(principal, check.resource(), check.actions()).allowed();
  }

  /**
   * Throws unless the permissions of {@code definitions} allow every check; the error and the
   * denial log name each denied one.
   *
   * @param operation what the user tried, for messages and the audit log: {@code push}, {@code
   *     apply}, …
   * @throws PermissionDeniedException if any check is denied
   */
  public void require(RepoDefinitions definitions, String operation, List<Check> checks) {
    AccessPolicy policy = policies.of(definitions);
    if (policy.isOpen()) {
      return;
    }
    List<Resource> denied = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (Check check : checks) {
      AccessPolicy.Decision d = policy.decide(principal, check.resource(), check.actions());
      if (!d.allowed()) {
        denied.add(check.resource());
        reasons.add(d.reason());
        what.add(AccessPolicy.spell(check.actions()) + " on " + check.resource().label());
      }
    }
    if (denied.isEmpty()) {
      return;
    }
    log.denied(principal, operation, denied, String.join("; ", reasons));
    throw new PermissionDeniedException(
        "permission denied: "
            + principal.describe()
            + " may not "
            + operation
            + ": "
            + String.join("; ", what),
        HINT);
  }

  /** {@link #require(RepoDefinitions, String, List)} of one check. */
  public void require(RepoDefinitions definitions, String operation, Check check) {
    require(definitions, operation, List.of(check));
  }
}
