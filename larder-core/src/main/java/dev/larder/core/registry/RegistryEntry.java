package dev.larder.core.registry;

import dev.larder.core.model.Definition;
import dev.larder.core.model.FeatureView;
import java.util.Objects;
import java.util.Optional;

/**
 * One applied object as the list and describe commands show it.
 *
 * @param definition the definition
 * @param metadata when it was created and last updated
 * @param latestVersion for a feature view, its current version
 */
public record RegistryEntry(
    Definition definition, ObjectMetadata metadata, Optional<FeatureViewVersion> latestVersion) {
  public RegistryEntry {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(latestVersion, "latestVersion");
  }

  /** The entry of {@code definition}, which must be applied in {@code snapshot}. */
  public static RegistryEntry of(RegistrySnapshot snapshot, Definition definition) {
    return new RegistryEntry(
        definition,
        snapshot.metadata(definition),
        definition instanceof FeatureView v ? snapshot.latestVersion(v.name()) : Optional.empty());
  }
}
