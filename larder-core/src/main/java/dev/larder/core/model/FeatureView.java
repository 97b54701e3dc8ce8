package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group of features read from one source and joined to entity rows by its entities' join keys.
 *
 * @param name unique among feature views
 * @param entities the entities whose join keys identify a row; empty for a view joined on time only
 * @param ttl how far back a row may lie behind the entity row's time; {@link Duration#ZERO} is
 *     unlimited
 * @param source the name of its data source
 * @param schema its features, one or more, with distinct names
 * @param online whether materialization copies it to the online store
 * @param description free text ({@code ""} when absent)
 * @param tags free key-value pairs, sorted by key
 * @param owner free text ({@code ""} when absent)
 */
public record FeatureView(
    String name,
    List<String> entities,
    Duration ttl,
    String source,
    List<Field> schema,
    boolean online,
    String description,
    Map<String, String> tags,
    String owner)
    implements Definition {

  public FeatureView {
    Names.require("feature view name", name);
    String who = Definition.label(DefinitionKind.FEATURE_VIEW, name);
    entities = Checks.names(who, "entity", Checks.required(who, "entities", entities));
    Checks.required(who, "ttl", ttl);
    if (ttl.isNegative()) {
      throw new InvalidDefinitionException(
          who + ": ttl " + ttl + " is negative; use 0 for unlimited or a positive duration");
    }
    Names.require(who + ": source", source);
    schema = List.copyOf(Checks.required(who, "schema", schema));
    if (schema.isEmpty()) {
      throw new InvalidDefinitionException(
          who + ": schema is empty; list its features, e.g. - {name: feature_0, dtype: Float64}");
    }
    Set<String> seen = new HashSet<>();
    for (Field field : schema) {
      if (!seen.add(field.name())) {
        throw new InvalidDefinitionException(
            who
                + ": feature "
                + Echo.of(field.name())
                + " is listed twice in schema; list it once");
      }
    }
    description = Checks.text(description);
    tags = Checks.textMap(who, "tag", tags);
    owner = Checks.text(owner);
  }

  @Override
  public DefinitionKind kind() {
    return DefinitionKind.FEATURE_VIEW;
  }

  /** Whether the view has no entities and is joined on time only. */
  public boolean isEntityless() {
    return entities.isEmpty();
  }

  /** Whether rows of any age qualify (ttl 0). */
  public boolean hasUnlimitedTtl() {
    return ttl.isZero();
  }

  /** The feature called {@code name}, if the schema has it. */
  public Optional<Field> field(String name) {
    return schema.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The feature names in schema order. */
  public List<String> featureNames() {
    return schema.stream().map(Field::name).toList();
  }

  /** A builder for a view called {@code name}; ttl defaults to unlimited and online to true. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link FeatureView}; each setting may be given once. */
  public static final class Builder {
    private final String name;
    private List<String> entities;
    private Duration ttl;
    private String source;
    private final List<Field> schema = new ArrayList<>();
    private Boolean online;
    private String description;
    private Map<String, String> tags;
    private String owner;

    private Builder(String name) {
      this.name = name;
    }

    private String who() {
      return Definition.label(DefinitionKind.FEATURE_VIEW, name);
    }

    /** The entities; required ({@code entities()} with no names makes the view entity-less). */
    public Builder entities(List<String> value) {
      entities = Checks.once(who(), "entities", entities, value);
      return this;
    }

    public Builder entities(String... value) {
      return entities(List.of(value));
    }

    public Builder ttl(Duration value) {
      ttl = Checks.once(who(), "ttl", ttl, value);
      return this;
    }

    public Builder source(String value) {
      source = Checks.once(who(), "source", source, value);
      return this;
    }

    /** Adds a feature; a name already in the schema is an error. */
    public Builder field(Field field) {
      for (Field f : schema) {
        if (f.name().equals(field.name())) {
          throw new IllegalStateException(
              who() + ": feature " + Echo.of(f.name()) + " was already added as " + f.dtype());
        }
      }
      schema.add(field);
      return this;
    }

    public Builder field(String name, FeatureType dtype) {
      return field(new Field(name, dtype));
    }

    public Builder online(boolean value) {
      online = Checks.once(who(), "online", online, value);
      return this;
    }

    public Builder description(String value) {
      description = Checks.once(who(), "description", description, value);
      return this;
    }

    public Builder tags(Map<String, String> value) {
      tags = Checks.once(who(), "tags", tags, value);
      return this;
    }

    public Builder owner(String value) {
      owner = Checks.once(who(), "owner", owner, value);
      return this;
    }

    public FeatureView build() {
      if (entities == null) {
        throw new InvalidDefinitionException(
            who()
                + ": entities is missing; list its entities, or give none for a view joined on"
                + " time only");
      }
      return new FeatureView(
          name,
          entities,
          ttl == null ? Duration.ZERO : ttl,
          source,
          schema,
          online == null || online,
          description,
          tags,
          owner);
    }
  }
}
