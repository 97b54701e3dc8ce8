package dev.larder.core.model;

import dev.larder.core.InvalidDefinitionException;
import java.util.List;
import java.util.Map;

/**
 * An entity: the thing features describe, identified by one or more join-key columns.
 *
 * @param name unique among entities
 * @param joinKeys the key columns, one or more, distinct
 * @param valueType the type of the join keys
 * @param description free text ({@code ""} when absent)
 * @param tags free key-value pairs, sorted by key
 * @param owner free text ({@code ""} when absent)
 */
public record Entity(
    String name,
    List<String> joinKeys,
    ValueType valueType,
    String description,
    Map<String, String> tags,
    String owner)
    implements Definition {

  public Entity {
    Names.require("entity name", name);
    String who = Definition.label(DefinitionKind.ENTITY, name);
    joinKeys = Checks.names(who, "join key", joinKeys);
    if (joinKeys.isEmpty()) {
      throw new InvalidDefinitionException(
          who + ": join_keys is empty; list the key column(s), e.g. join_keys: [" + name + "_id]");
    }
    Checks.required(who, "value_type", valueType);
    description = Checks.text(description);
    tags = Checks.textMap(who, "tag", tags);
    owner = Checks.text(owner);
  }

  @Override
  public DefinitionKind kind() {
    return DefinitionKind.ENTITY;
  }

  /** A builder for an entity called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds an {@link Entity}; each setting may be given once. */
  public static final class Builder {
    private final String name;
    private List<String> joinKeys;
    private ValueType valueType;
    private String description;
    private Map<String, String> tags;
    private String owner;

    private Builder(String name) {
      this.name = name;
    }

    private String who() {
      return Definition.label(DefinitionKind.ENTITY, name);
    }

    public Builder joinKeys(List<String> value) {
      joinKeys = Checks.once(who(), "join_keys", joinKeys, value);
      return this;
    }

    public Builder joinKeys(String... value) {
      return joinKeys(List.of(value));
    }

    public Builder valueType(ValueType value) {
      valueType = Checks.once(who(), "value_type", valueType, value);
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

    public Entity build() {
      return new Entity(name, joinKeys, valueType, description, tags, owner);
    }
  }
}
