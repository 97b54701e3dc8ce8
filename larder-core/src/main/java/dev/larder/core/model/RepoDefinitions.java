package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.NotFoundException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frozen set of a repository's definitions — entities, sources, feature views, feature services
 * and permissions, each kind in file order — with lookups by name. A {@link Builder} collects them
 * and {@link Builder#freeze()} checks every cross-reference once, so a frozen set never refers to a
 * missing entity, source, view or feature.
 *
 * <p>Two sets are equal when they hold equal definitions in the same order; where each definition
 * came from ({@link #origin(Definition)}) is kept for messages but is not part of equality.
 */
public final class RepoDefinitions {
  private final Map<DefinitionKind, Map<String, Definition>> byKind;
  private final Map<String, String> origins;

  private RepoDefinitions(
      Map<DefinitionKind, Map<String, Definition>> byKind, Map<String, String> origins) {
    this.byKind = byKind;
    this.origins = origins;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The set with no definitions. */
  public static RepoDefinitions empty() {
    return builder().freeze();
  }

  public List<Entity> entities() {
    return list(DefinitionKind.ENTITY, Entity.class);
  }

  public List<DataSource> sources() {
    return list(DefinitionKind.DATA_SOURCE, DataSource.class);
  }

  public List<FeatureView> featureViews() {
    return list(DefinitionKind.FEATURE_VIEW, FeatureView.class);
  }

  public List<FeatureService> featureServices() {
    return list(DefinitionKind.FEATURE_SERVICE, FeatureService.class);
  }

  public List<Permission> permissions() {
    return list(DefinitionKind.PERMISSION, Permission.class);
  }

  /** Every definition: entities, then sources, views, services and permissions, in file order. */
  public List<Definition> all() {
    List<Definition> out = new ArrayList<>();
    for (DefinitionKind kind : DefinitionKind.values()) {
      out.addAll(byKind.get(kind).values());
    }
    return Collections.unmodifiableList(out);
  }

  /** The definition of {@code kind} called {@code name}, if there is one. */
  public Optional<Definition> find(DefinitionKind kind, String name) {
    return Optional.ofNullable(byKind.get(kind).get(name));
  }

  public Optional<Entity> entity(String name) {
    return find(DefinitionKind.ENTITY, name).map(Entity.class::cast);
  }

  public Optional<DataSource> source(String name) {
    return find(DefinitionKind.DATA_SOURCE, name).map(DataSource.class::cast);
  }

  public Optional<FeatureView> featureView(String name) {
    return find(DefinitionKind.FEATURE_VIEW, name).map(FeatureView.class::cast);
  }

  public Optional<FeatureService> featureService(String name) {
    return find(DefinitionKind.FEATURE_SERVICE, name).map(FeatureService.class::cast);
  }

  /**
   * The definition of {@code kind} called {@code name}, or a not-found error with the closest name
   * and the defined ones.
   */
  public Definition require(DefinitionKind kind, String name) {
    return find(kind, name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    Definition.label(kind, name)
                        + " is not defined"
                        + DidYouMean.suffix(name, names(kind)),
                    "Defined "
                        + kind.section().replace('_', ' ')
                        + ": "
                        + Names.listing(names(kind))));
  }

  public FeatureView requireFeatureView(String name) {
    return (FeatureView) require(DefinitionKind.FEATURE_VIEW, name);
  }

  public FeatureService requireFeatureService(String name) {
    return (FeatureService) require(DefinitionKind.FEATURE_SERVICE, name);
  }

  /** The names of the definitions of {@code kind}, in file order. */
  public List<String> names(DefinitionKind kind) {
    return List.copyOf(byKind.get(kind).keySet());
  }

  /** The entities of {@code view}, in its order. */
  public List<Entity> entitiesOf(FeatureView view) {
    return view.entities().stream().map(e -> (Entity) require(DefinitionKind.ENTITY, e)).toList();
  }

  /** The join keys of {@code view}: its entities' join keys, in order. */
  public List<String> joinKeys(FeatureView view) {
    return entitiesOf(view).stream().flatMap(e -> e.joinKeys().stream()).toList();
  }

  /** The source of {@code view}. */
  public DataSource sourceOf(FeatureView view) {
    return (DataSource) require(DefinitionKind.DATA_SOURCE, view.source());
  }

  /** Where {@code definition} was defined ({@code features.yaml:12}), when known. */
  public Optional<String> origin(Definition definition) {
    return Optional.ofNullable(origins.get(key(definition.kind(), definition.name())));
  }

  /**
   * How an error names {@code definition}: {@code features.yaml:12: feature view 'x'} when its
   * origin is known, else {@code feature view 'x'}.
   */
  public String locate(Definition definition) {
    return origin(definition).map(o -> o + ": ").orElse("") + definition.label();
  }

  private <T> List<T> list(DefinitionKind kind, Class<T> type) {
    return byKind.get(kind).values().stream().map(type::cast).toList();
  }

  private static String key(DefinitionKind kind, String name) {
    return kind + "/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepoDefinitions other && all().equals(other.all());
  }

  @Override
  public int hashCode() {
    return all().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("RepoDefinitions[");
    for (DefinitionKind kind : DefinitionKind.values()) {
      out.append(kind == DefinitionKind.ENTITY ? "" : ", ")
          .append(kind.section())
          .append('=')
          .append(names(kind));
    }
    return out.append(']').toString();
  }

  /**
   * Collects definitions, rejecting a second definition of a name at once, and freezes them into a
   * {@link RepoDefinitions} after checking every cross-reference.
   */
  public static final class Builder {
    private final Map<DefinitionKind, Map<String, Definition>> byKind =
        new EnumMap<>(DefinitionKind.class);
    private final Map<String, String> origins = new HashMap<>();
    private boolean frozen;

    private Builder() {
      for (DefinitionKind kind : DefinitionKind.values()) {
        byKind.put(kind, new LinkedHashMap<>());
      }
    }

    /** Adds a definition made in code. */
    public Builder add(Definition definition) {
      return add(definition, null);
    }

    /** Adds each definition in order. */
    public Builder addAll(Collection<? extends Definition> definitions) {
      definitions.forEach(this::add);
      return this;
    }

    /**
     * Adds a definition that came from {@code origin} ({@code features.yaml:12}, or {@code null});
     * a name already defined in the same kind is an error naming both places.
     */
    public Builder add(Definition definition, String origin) {
      if (frozen) {
        throw new IllegalStateException(
            "these definitions were already frozen; start a new builder");
      }
      Map<String, Definition> names = byKind.get(definition.kind());
      Definition previous = names.get(definition.name());
      if (previous != null) {
        String first = origins.get(key(previous.kind(), previous.name()));
        String message =
            previous.label()
                + " is defined twice"
                + (first == null ? "" : " (first at " + first + ")")
                + "; rename one, or delete the copy";
        throw origin == null
            ? new InvalidDefinitionException(message)
            : new InvalidDefinitionException(origin + ": " + message);
      }
      names.put(definition.name(), definition);
      if (origin != null) {
        origins.put(key(definition.kind(), definition.name()), origin);
      }
      return this;
    }

    /**
     * Checks the cross-references (entities, sources, views and features that must exist, join keys
     * used twice, features named like join keys) and returns the frozen set. The builder can not be
     * used afterwards.
     */
    public RepoDefinitions freeze() {
      if (frozen) {
        throw new IllegalStateException(
            "these definitions were already frozen; start a new builder");
      }
      frozen = true;
      Map<DefinitionKind, Map<String, Definition>> copy = new EnumMap<>(DefinitionKind.class);
      byKind.forEach((kind, names) -> copy.put(kind, Collections.unmodifiableMap(names)));
      RepoDefinitions definitions =
          new RepoDefinitions(
              Collections.unmodifiableMap(copy), Collections.unmodifiableMap(origins));
      CrossReferences.check(definitions);
      return definitions;
    }
  }
}
