package dev.larder.core.offline;

import dev.larder.core.model.ValueType;
import java.util.Objects;

/**
 * One join key of a feature view as a retrieval uses it.
 *
 * @param name the key's name, as its entity declares it (a name after the source's {@code
 *     field_mapping})
 * @param entityColumn the entity-row column holding it: {@code name}, or what the projection's
 *     {@code join_key_map} maps it to
 * @param sourceColumn the source column holding it (before {@code field_mapping})
 * @param type the declared type, from the entity's {@code value_type}
 * @param entity the entity that declares it
 */
public record JoinKey(
    String name, String entityColumn, String sourceColumn, ValueType type, String entity) {
  public JoinKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entityColumn, "entityColumn");
    Objects.requireNonNull(sourceColumn, "sourceColumn");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(entity, "entity");
  }
}
