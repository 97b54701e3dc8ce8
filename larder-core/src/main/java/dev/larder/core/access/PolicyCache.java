package dev.larder.core.access;

import dev.larder.core.model.Permission;
import dev.larder.core.model.RepoDefinitions;
import java.util.List;

/**
 * The {@link AccessPolicy} of the latest definitions asked for, compiled once: a registry snapshot
 * is reused by many requests (online reads share a cached one), so their checks share one policy.
 * Safe for use by many threads.
 */
public final class PolicyCache {
  private record Entry(RepoDefinitions definitions, AccessPolicy policy) {}

  private static final AccessPolicy NONE = AccessPolicy.of(List.of());

  private volatile Entry last;

  /** The policy of the permissions in {@code definitions}. */
  public AccessPolicy of(RepoDefinitions definitions) {
    Entry e = last;
    if (e != null && e.definitions() == definitions) {
      return e.policy();
    }
    List<Permission> permissions = definitions.permissions();
    AccessPolicy policy = permissions.isEmpty() ? NONE : AccessPolicy.of(permissions);
    last = new Entry(definitions, policy);
    return policy;
  }
}
