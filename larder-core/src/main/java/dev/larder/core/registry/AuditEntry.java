package dev.larder.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit log in the registry database: who did what to which objects, when, and how
 * it ended. Every apply, materialization, push, write to the online store, permission denial and
 * API key change gets one.
 *
 * @param at when, in UTC, to the millisecond
 * @param user who: the local user, or the API key's name on the feature server
 * @param roles the user's roles then
 * @param action what: {@code apply}, {@code materialize}, {@code push}, {@code auth add-key}, …
 * @param objects the objects acted on, as {@code kind:name} ({@code feature_view:v}, {@code
 *     api_key:ci}); may be empty
 * @param outcome ok, denied or failed
 * @param detail what came of it (the revision, the rows), or why it was denied or failed
 */
public record AuditEntry(
    Instant at,
    String user,
    List<String> roles,
    String action,
    List<String> objects,
    AuditOutcome outcome,
    String detail) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(user, "user");
    roles = List.copyOf(roles);
    Objects.requireNonNull(action, "action");
    objects = List.copyOf(objects);
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }
}
