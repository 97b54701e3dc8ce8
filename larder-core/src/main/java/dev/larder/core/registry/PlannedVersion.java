package dev.larder.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * The feature view version that an apply will record.
 *
 * @param number the new version's number
 * @param origin why it is recorded
 * @param definition the view, source and entities it fixes
 * @param changes what changed from the previous version (empty for version 1)
 */
public record PlannedVersion(
    int number, VersionOrigin origin, VersionedDefinition definition, List<FieldChange> changes) {
  public PlannedVersion {
    if (number < 1) {
      throw new IllegalArgumentException("versions start at 1, got " + number);
    }
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(definition, "definition");
    changes = List.copyOf(changes);
  }
}
