package dev.larder.core.registry;

import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an apply does to one object.
 *
 * @param kind the object's kind
 * @param name its name
 * @param transition create, update, delete or unchanged
 * @param before the applied definition; empty for {@link Transition#CREATE}
 * @param after the new definition; empty for {@link Transition#DELETE}
 * @param changes for an update, each changed field in field order; for a feature view, changes of
 *     its source ({@code source.path}) or entities ({@code entities.sample.join_keys}) that give it
 *     a new version follow its own
 * @param newVersion for a feature view, the version the apply records, if any
 */
public record ObjectDiff(
    DefinitionKind kind,
    String name,
    Transition transition,
    Optional<Definition> before,
    Optional<Definition> after,
    List<FieldChange> changes,
    Optional<PlannedVersion> newVersion) {

  public ObjectDiff {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    changes = List.copyOf(changes);
    Objects.requireNonNull(newVersion, "newVersion");
    if (before.isEmpty() != (transition == Transition.CREATE)
        || after.isEmpty() != (transition == Transition.DELETE)) {
      throw new IllegalArgumentException(
          transition
              + " of "
              + Definition.label(kind, name)
              + " with before "
              + before
              + " and after "
              + after);
    }
  }

  /** How messages and the plan name the object: {@code feature view 'v'}. */
  public String label() {
    return Definition.label(kind, name);
  }

  /** How {@code change}, one of {@link #changes()}, affects readers. */
  public ChangeImpact impact(FieldChange change) {
    return ChangeImpact.of(kind, change);
  }

  /**
   * The breaking parts of this entry, one line each ({@code schema.f: Float64 → Int64 (retyped
   * feature)}): its breaking changes, or the deletion when that is breaking; empty when it is
   * compatible.
   */
  public List<String> breakingChanges() {
    return switch (transition) {
      case CREATE, UNCHANGED -> List.of();
      case DELETE -> {
        ChangeImpact deletion = ChangeImpact.ofDeletion(kind);
        yield deletion.breaking() ? List.of("deleted (" + deletion.why() + ")") : List.of();
      }
      case UPDATE ->
          changes.stream()
              .filter(c -> impact(c).breaking())
              .map(c -> c + " (" + impact(c).why() + ")")
              .toList();
    };
  }

  /** Whether applying this entry is a breaking change. */
  public boolean breaking() {
    return !breakingChanges().isEmpty();
  }

  /**
   * The plan line: {@code + create feature view v (v1)}, {@code ~ update feature view v (v1 → v2)},
   * {@code - delete entity e}, {@code = unchanged …}; then one indented line per change. Created
   * and deleted objects and each change end with their {@link ChangeImpact}: {@code [compatible]},
   * {@code [breaking: retyped feature]}.
   */
  public String text() {
    StringBuilder out =
        new StringBuilder()
            .append(transition.symbol())
            .append(' ')
            .append(transition.verb())
            .append(' ')
            .append(kind.label())
            .append(' ')
            .append(name);
    newVersion.ifPresent(
        v -> {
          out.append(" (");
          if (v.origin() == VersionOrigin.CHANGED) {
            out.append('v').append(v.number() - 1).append(" → ");
          }
          out.append('v').append(v.number());
          if (v.origin() == VersionOrigin.CREATED_AGAIN) {
            out.append(", created again after its deletion");
          }
          out.append(')');
        });
    switch (transition) {
      case CREATE -> out.append("  [").append(ChangeImpact.compatible("")).append(']');
      case DELETE -> out.append("  [").append(ChangeImpact.ofDeletion(kind)).append(']');
      case UPDATE, UNCHANGED -> {}
    }
    out.append('\n');
    for (FieldChange change : changes) {
      out.append("    ").append(change).append("  [").append(impact(change)).append("]\n");
    }
    return out.toString();
  }
}
