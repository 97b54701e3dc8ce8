package dev.larder.core.registry;

import dev.larder.core.BreakingChangeException;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plan of an apply (Feast's registry diff): the definitions compared with a registry snapshot
 * by kind and name, every object once — entities, data sources, feature views, feature services,
 * each kind by name — with its {@link Transition}, its changed fields and, for a feature view, the
 * version it will get.
 *
 * @param baseRevision the revision of the snapshot compared against (0: no registry yet)
 * @param objects one entry per object in either, in plan order
 */
public record RegistryDiff(long baseRevision, List<ObjectDiff> objects) {
  public RegistryDiff {
    objects = List.copyOf(objects);
  }

  /** Compares {@code definitions} with {@code snapshot}. */
  public static RegistryDiff between(RegistrySnapshot snapshot, RepoDefinitions definitions) {
    RepoDefinitions old = snapshot.definitions();
    List<ObjectDiff> out = new ArrayList<>();
    for (DefinitionKind kind : DefinitionKind.values()) {
      Set<String> names = new TreeSet<>(old.names(kind));
      names.addAll(definitions.names(kind));
      for (String name : names) {
        out.add(object(snapshot, definitions, kind, name));
      }
    }
    return new RegistryDiff(snapshot.revision(), out);
  }

  private static ObjectDiff object(
      RegistrySnapshot snapshot, RepoDefinitions definitions, DefinitionKind kind, String name) {
    Optional<Definition> before = snapshot.definitions().find(kind, name);
    Optional<Definition> after = definitions.find(kind, name);
    List<FieldChange> changes =
        before.isPresent() && after.isPresent()
            ? FieldChanges.between(
                DefinitionJson.toTree(before.get()), DefinitionJson.toTree(after.get()))
            : new ArrayList<>();
    Optional<PlannedVersion> version = Optional.empty();
    if (after.isPresent() && after.get() instanceof FeatureView view) {
      version = plannedVersion(snapshot, definitions, view, before.isPresent());
      for (FieldChange c : version.map(PlannedVersion::changes).orElse(List.of())) {
        if (before.isPresent() && changes.stream().noneMatch(o -> o.field().equals(c.field()))) {
          changes.add(c);
        }
      }
    }
    Transition transition;
    if (before.isEmpty()) {
      transition = Transition.CREATE;
    } else if (after.isEmpty()) {
      transition = Transition.DELETE;
    } else {
      transition = changes.isEmpty() ? Transition.UNCHANGED : Transition.UPDATE;
    }
    return new ObjectDiff(kind, name, transition, before, after, changes, version);
  }

  /** The version {@code view} gets: v1, the next after a deletion, or the next on a change. */
  private static Optional<PlannedVersion> plannedVersion(
      RegistrySnapshot snapshot, RepoDefinitions definitions, FeatureView view, boolean applied) {
    VersionedDefinition now = VersionedDefinition.of(view, definitions);
    Optional<FeatureViewVersion> latest = snapshot.latestVersion(view.name());
    if (latest.isEmpty()) {
      return Optional.of(new PlannedVersion(1, VersionOrigin.CREATED, now, List.of()));
    }
    int next = latest.get().number() + 1;
    List<FieldChange> changes = now.changesFrom(latest.get().definition());
    if (!applied) {
      return Optional.of(new PlannedVersion(next, VersionOrigin.CREATED_AGAIN, now, changes));
    }
    return changes.isEmpty()
        ? Optional.empty()
        : Optional.of(new PlannedVersion(next, VersionOrigin.CHANGED, now, changes));
  }

  /** Whether applying would change anything. */
  public boolean hasChanges() {
    return objects.stream().anyMatch(o -> o.transition() != Transition.UNCHANGED);
  }

  /** The objects with {@code transition}, in plan order. */
  public List<ObjectDiff> with(Transition transition) {
    return objects.stream().filter(o -> o.transition() == transition).toList();
  }

  /** The entry of the object of {@code kind} called {@code name}, if it is in either side. */
  public Optional<ObjectDiff> find(DefinitionKind kind, String name) {
    return objects.stream().filter(o -> o.kind() == kind && o.name().equals(name)).findFirst();
  }

  /** The versions the apply will record, in plan order. */
  public List<PlannedVersion> plannedVersions() {
    return objects.stream().flatMap(o -> o.newVersion().stream()).toList();
  }

  /**
   * Every breaking change, one line each, in plan order: {@code feature view 'v': schema.f: Float64
   * → Int64 (retyped feature)}, {@code feature service 's': deleted (it can no longer be read)}.
   */
  public List<String> breakingChanges() {
    List<String> out = new ArrayList<>();
    for (ObjectDiff o : objects) {
      for (String change : o.breakingChanges()) {
        out.add(o.label() + ": " + change);
      }
    }
    return out;
  }

  /** Whether any change is breaking, so that applying needs {@link ApplyOptions#allowBreaking}. */
  public boolean hasBreakingChanges() {
    return objects.stream().anyMatch(ObjectDiff::breaking);
  }

  /**
   * The feature views that a breaking change updates, in plan order: their stored online rows no
   * longer match their definition.
   */
  public List<String> breakingViews() {
    return views(Transition.UPDATE);
  }

  /** The feature views that the apply deletes, in plan order. */
  public List<String> deletedViews() {
    return views(Transition.DELETE);
  }

  private List<String> views(Transition transition) {
    return objects.stream()
        .filter(o -> o.kind() == DefinitionKind.FEATURE_VIEW)
        .filter(o -> o.transition() == transition && o.breaking())
        .map(ObjectDiff::name)
        .toList();
  }

  /**
   * The error of an apply that would make this plan's breaking changes without permission: each
   * change, the flag that allows them, and the pin that keeps the current definition readable.
   */
  BreakingChangeException refusal() {
    String pin =
        objects.stream()
            .filter(o -> o.kind() == DefinitionKind.FEATURE_VIEW && o.breaking())
            .flatMap(o -> o.newVersion().stream().map(v -> pinHint(o.name(), v.number() - 1)))
            .findFirst()
            .orElse("");
    return new BreakingChangeException(
        breakingChanges(),
        "Apply them with 'larder apply --allow-breaking' (Java: ApplyOptions.ALLOW_BREAKING): it"
            + " records the new versions and deletes the online rows of the changed feature"
            + " views, to be materialized again.\n"
            + "Or undo the changes in the definition files; 'larder plan' lists every change."
            + pin);
  }

  private static String pinHint(String view, int current) {
    return "\nAfter a breaking apply, readers can keep the current definition by pinning it: '"
        + view
        + "@v"
        + current
        + ":feature', or version: "
        + current
        + " in a feature service.";
  }

  /**
   * The printable plan: {@code No changes.} when nothing changes; otherwise one block per created,
   * updated or deleted object ({@link ObjectDiff#text()}, each change marked compatible or
   * breaking), a blank line and the counts:
   *
   * <pre>
   * ~ update feature view classification_features (v1 → v2)
   *     schema.feature_0: Float64 → Int64  [breaking: retyped feature]
   *     schema.feature_20: (none) → Float64  [compatible: added feature]
   * + create feature service classifier_inputs  [compatible]
   *
   * 1 to create, 1 to update, 0 to delete, 2 unchanged; 1 breaking change.
   * </pre>
   */
  public String text() {
    if (!hasChanges()) {
      return "No changes.\n";
    }
    StringBuilder out = new StringBuilder();
    for (ObjectDiff o : objects) {
      if (o.transition() != Transition.UNCHANGED) {
        out.append(o.text());
      }
    }
    return out.append('\n')
        .append(with(Transition.CREATE).size())
        .append(" to create, ")
        .append(with(Transition.UPDATE).size())
        .append(" to update, ")
        .append(with(Transition.DELETE).size())
        .append(" to delete, ")
        .append(with(Transition.UNCHANGED).size())
        .append(" unchanged; ")
        .append(breakingCount())
        .append(".\n")
        .toString();
  }

  private String breakingCount() {
    int n = breakingChanges().size();
    return switch (n) {
      case 0 -> "no breaking changes";
      case 1 -> "1 breaking change";
      default -> n + " breaking changes";
    };
  }

  /**
   * One line for the revision history: {@code apply: created feature view 'v'; updated entity 'e'},
   * or {@code apply: no changes}.
   */
  String summary() {
    List<String> parts = new ArrayList<>();
    for (ObjectDiff o : objects) {
      switch (o.transition()) {
        case CREATE -> parts.add("created " + o.label());
        case UPDATE -> parts.add("updated " + o.label());
        case DELETE -> parts.add("deleted " + o.label());
        case UNCHANGED -> {}
      }
    }
    return "apply: " + (parts.isEmpty() ? "no changes" : String.join("; ", parts));
  }
}
