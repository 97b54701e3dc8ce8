package dev.larder.core.access;

import dev.larder.core.BackendException;
import dev.larder.core.LarderException;
import dev.larder.core.PermissionDeniedException;
import dev.larder.core.registry.AuditEntry;
import dev.larder.core.registry.AuditOutcome;
import dev.larder.core.registry.Registry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the audit log of one principal's actions into the registry database: {@link #run} records
 * how an action ended (ok with what it did, or failed with the error), {@link #denied} records a
 * permission denial (as the {@link AccessGuard}'s {@link AccessGuard.DenialLog}).
 */
public final class AuditTrail implements AccessGuard.DenialLog {
  /**
   * What an action did, for its audit entry.
   *
   * @param objects the objects it acted on, as {@code kind:name}
   * @param detail what came of it
   */
  public record Done(List<String> objects, String detail) {}

  private final Registry registry;
  private final Clock clock;

  public AuditTrail(Registry registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Appends one entry for {@code principal}, stamped now. */
  public void record(
      Principal principal,
      String action,
      List<String> objects,
      AuditOutcome outcome,
      String detail) {
    registry.recordAudit(
        new AuditEntry(
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            principal.user(),
            principal.roleList(),
            action,
            objects,
            outcome,
            detail));
  }

  @Override
  public void denied(
      Principal principal, String operation, List<Resource> resources, String reason) {
    record(
        principal,
        operation,
        resources.stream().map(Resource::key).toList(),
        AuditOutcome.DENIED,
        reason);
  }

  /**
   * Runs {@code work} and records how it ended: ok with {@code done}'s objects and detail, or
   * failed with {@code attempted}'s objects and the error's message (then rethrows the error). A
   * permission denial is left to the guard, which recorded it already.
   *
   * @throws BackendException if the action succeeded but its entry could not be written
   */
  public <T> T run(
      Principal principal,
      String action,
      Supplier<List<String>> attempted,
      Supplier<T> work,
      Function<T, Done> done) {
    T result;
    try {
      result = work.get();
    } catch (PermissionDeniedException e) {
      throw e;
    } catch (RuntimeException e) {
      try {
        record(principal, action, attempted.get(), AuditOutcome.FAILED, message(e));
      } catch (RuntimeException auditFailure) {
        e.addSuppressed(auditFailure);
      }
      throw e;
    }
    Done d = done.apply(result);
    try {
      record(principal, action, d.objects(), AuditOutcome.OK, d.detail());
    } catch (LarderException e) {
      throw new BackendException(
          action + " succeeded, but its audit entry could not be written: " + e.getMessage(),
          "The change is in place; check that the registry database is writable",
          e);
    }
    return result;
  }

  private static String message(RuntimeException e) {
    if (e instanceof LarderException le) {
      return le.code() + ": " + le.getMessage();
    }
    return "internal error: " + e;
  }
}
