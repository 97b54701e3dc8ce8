package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Names;
import dev.larder.core.model.RepoDefinitions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole registry of one project at one revision: the applied definitions, each object's {@link
 * ObjectMetadata}, every feature view's version history (kept after the view is deleted) and the
 * materialization intervals of the current views. The intervals are not part of the revision: they
 * are appended beside it ({@link RegistryStore#appendMaterialization}) and a snapshot shows those
 * appended so far that still match their view. Immutable; built by a {@link Builder} and frozen at
 * {@link Builder#freeze()}, which checks that the parts fit together.
 *
 * <p>Revision 0 is the empty registry that was never committed ({@link #empty(String)}).
 */
public final class RegistrySnapshot {
  private final String project;
  private final RevisionInfo lastCommit;
  private final RepoDefinitions definitions;
  private final Map<String, ObjectMetadata> metadata;
  private final Map<String, List<FeatureViewVersion>> versions;
  private final Map<String, List<MaterializationInterval>> materializations;

  private RegistrySnapshot(Builder b) {
    this.project = b.project;
    this.lastCommit = b.lastCommit;
    this.definitions = b.definitions;
    this.metadata = Collections.unmodifiableMap(new HashMap<>(b.metadata));
    Map<String, List<FeatureViewVersion>> v = new TreeMap<>();
    b.versions.forEach((view, list) -> v.put(view, List.copyOf(list)));
    this.versions = Collections.unmodifiableMap(v);
    Map<String, List<MaterializationInterval>> m = new TreeMap<>();
    b.materializations.forEach((view, list) -> m.put(view, List.copyOf(list)));
    this.materializations = Collections.unmodifiableMap(m);
  }

  /** A new builder for a snapshot of {@code project}. */
  public static Builder builder(String project) {
    return new Builder(project);
  }

  /** The registry of {@code project} before its first commit: revision 0, nothing defined. */
  public static RegistrySnapshot empty(String project) {
    return builder(project).freeze();
  }

  public String project() {
    return project;
  }

  /** The revision: 0 before the first commit, then 1, 2, … */
  public long revision() {
    return lastCommit == null ? 0 : lastCommit.revision();
  }

  /** The commit that made this snapshot; empty at revision 0. */
  public Optional<RevisionInfo> lastCommit() {
    return Optional.ofNullable(lastCommit);
  }

  /** The applied definitions. */
  public RepoDefinitions definitions() {
    return definitions;
  }

  /** The metadata of {@code definition}, which must be one of {@link #definitions()}. */
  public ObjectMetadata metadata(Definition definition) {
    return metadata(definition.kind(), definition.name())
        .orElseThrow(
            () -> new IllegalArgumentException(definition.label() + " is not in the registry"));
  }

  /** The metadata of the object of {@code kind} called {@code name}, if it is applied. */
  public Optional<ObjectMetadata> metadata(DefinitionKind kind, String name) {
    return Optional.ofNullable(metadata.get(key(kind, name)));
  }

  /**
   * The versions of the view called {@code name}, oldest first: those of a deleted view too; empty
   * if no view of that name was ever applied.
   */
  public List<FeatureViewVersion> versions(String view) {
    return versions.getOrDefault(view, List.of());
  }

  /** The newest version of the view called {@code name}, if it was ever applied. */
  public Optional<FeatureViewVersion> latestVersion(String view) {
    List<FeatureViewVersion> list = versions(view);
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
  }

  /** The names of every view with a version history, current or deleted, in name order. */
  public List<String> versionedViews() {
    return List.copyOf(versions.keySet());
  }

  /** Every version of every view, by view name, then by number. */
  public List<FeatureViewVersion> allVersions() {
    return versions.values().stream().flatMap(List::stream).toList();
  }

  /** The recorded materialization intervals of the current view {@code view}, in record order. */
  public List<MaterializationInterval> materializations(String view) {
    return materializations.getOrDefault(view, List.of());
  }

  /**
   * The first version of {@code view} after {@code version} that broke it (a breaking change, or
   * the view defined again after its deletion); empty when none, or when {@code version} is 0. Rows
   * materialized with {@code version} do not match the view's definition once there is one.
   */
  public Optional<FeatureViewVersion> breakingVersionAfter(String view, int version) {
    return breakingAfter(versions(view), version);
  }

  private static Optional<FeatureViewVersion> breakingAfter(
      List<FeatureViewVersion> versions, int version) {
    if (version == 0) {
      return Optional.empty();
    }
    return versions.stream()
        .filter(v -> v.number() > version)
        .filter(v -> v.breaking() || v.origin() == VersionOrigin.CREATED_AGAIN)
        .findFirst();
  }

  private static String key(DefinitionKind kind, String name) {
    return kind + "/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistrySnapshot s
        && project.equals(s.project)
        && Objects.equals(lastCommit, s.lastCommit)
        && definitions.equals(s.definitions)
        && metadata.equals(s.metadata)
        && versions.equals(s.versions)
        && materializations.equals(s.materializations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(project, lastCommit, definitions, versions);
  }

  @Override
  public String toString() {
    return "RegistrySnapshot[project="
        + project
        + ", revision="
        + revision()
        + ", "
        + definitions
        + "]";
  }

  /**
   * Collects the parts of a snapshot. Each part may be set once; {@link #version} takes each view's
   * versions in order (1, 2, …). {@link #freeze()} checks that every applied object has metadata
   * and nothing else has and that every current view has a version, and keeps the intervals that
   * are still current.
   */
  public static final class Builder {
    private record Appended(String view, int atVersion, MaterializationInterval interval) {}

    private final String project;
    private RevisionInfo lastCommit;
    private RepoDefinitions definitions;
    private final Map<String, ObjectMetadata> metadata = new HashMap<>();
    private final Map<String, List<FeatureViewVersion>> versions = new TreeMap<>();
    private final List<Appended> appended = new ArrayList<>();
    private final Map<String, List<MaterializationInterval>> materializations = new TreeMap<>();
    private boolean frozen;

    private Builder(String project) {
      this.project = Names.require("project", project);
    }

    /** The commit that makes this snapshot (absent only for revision 0). */
    public Builder lastCommit(RevisionInfo value) {
      open();
      if (lastCommit != null) {
        throw new IllegalStateException("the last commit was already set to " + lastCommit);
      }
      lastCommit = Objects.requireNonNull(value, "lastCommit");
      return this;
    }

    /** The applied definitions (default: none). */
    public Builder definitions(RepoDefinitions value) {
      open();
      if (definitions != null) {
        throw new IllegalStateException("the definitions were already set to " + definitions);
      }
      definitions = Objects.requireNonNull(value, "definitions");
      return this;
    }

    /** The metadata of the object of {@code kind} called {@code name}. */
    public Builder metadata(DefinitionKind kind, String name, ObjectMetadata value) {
      open();
      ObjectMetadata previous = metadata.putIfAbsent(key(kind, name), value);
      if (previous != null) {
        throw new IllegalStateException(
            Definition.label(kind, name) + " already has metadata " + previous);
      }
      return this;
    }

    /** Adds the next version of its view: its number must follow the view's last one. */
    public Builder version(FeatureViewVersion value) {
      open();
      List<FeatureViewVersion> list =
          versions.computeIfAbsent(value.view(), v -> new ArrayList<>());
      if (value.number() != list.size() + 1) {
        throw new IllegalStateException(
            "version "
                + value.number()
                + " of "
                + Echo.of(value.view())
                + " does not follow version "
                + list.size());
      }
      list.add(value);
      return this;
    }

    /**
     * Adds a materialization interval of the view {@code view}, recorded for its version {@code
     * atVersion}. Intervals are appended outside the revisions ({@link
     * RegistryStore#appendMaterialization}), so a store hands over every one it holds: {@link
     * #freeze()} keeps, in the order added, those of views that are applied and that no later
     * version broke (see {@link RegistrySnapshot#breakingVersionAfter}), whose online rows no
     * longer match.
     */
    public Builder materialization(String view, int atVersion, MaterializationInterval value) {
      open();
      appended.add(new Appended(view, atVersion, Objects.requireNonNull(value)));
      return this;
    }

    /** Checks the parts and returns the snapshot; the builder cannot be used afterwards. */
    public RegistrySnapshot freeze() {
      open();
      frozen = true;
      if (definitions == null) {
        definitions = RepoDefinitions.empty();
      }
      int applied = 0;
      for (Definition d : definitions.all()) {
        applied++;
        if (!metadata.containsKey(key(d.kind(), d.name()))) {
          throw new IllegalStateException(d.label() + " has no metadata");
        }
      }
      if (metadata.size() != applied) {
        throw new IllegalStateException(
            "metadata is given for objects that are not applied: " + metadata.keySet());
      }
      for (FeatureView view : definitions.featureViews()) {
        if (!versions.containsKey(view.name())) {
          throw new IllegalStateException(view.label() + " has no version");
        }
      }
      for (Appended a : appended) {
        if (definitions.featureView(a.view()).isPresent()
            && breakingAfter(versions.getOrDefault(a.view(), List.of()), a.atVersion()).isEmpty()) {
          materializations.computeIfAbsent(a.view(), v -> new ArrayList<>()).add(a.interval());
        }
      }
      return new RegistrySnapshot(this);
    }

    private void open() {
      if (frozen) {
        throw new IllegalStateException("this snapshot was already frozen; start a new builder");
      }
    }
  }
}
