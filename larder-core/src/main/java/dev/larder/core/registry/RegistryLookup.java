package dev.larder.core.registry;

import dev.larder.core.model.DataSource;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureView;
import dev.larder.core.offline.DefinitionLookup;
import java.util.List;
import java.util.Optional;

/**
 * Definitions as the registry holds them, for request resolution: the current definitions, and
 * every recorded version of each feature view for pins such as {@code view@v1:feature}.
 *
 * <p>A pinned view is taken from its version record; its source and entities are looked up by name
 * among the current definitions.
 *
 * @param snapshot the registry snapshot to resolve against
 */
public record RegistryLookup(RegistrySnapshot snapshot) implements DefinitionLookup {

  @Override
  public Optional<FeatureView> featureView(String name, Integer version) {
    if (version == null) {
      return snapshot.definitions().featureView(name);
    }
    return snapshot.versions(name).stream()
        .filter(v -> v.number() == version)
        .findFirst()
        .map(v -> v.definition().featureView());
  }

  @Override
  public List<String> featureViewNames() {
    return snapshot.definitions().names(DefinitionKind.FEATURE_VIEW);
  }

  @Override
  public Optional<Entity> entity(String name) {
    return snapshot.definitions().entity(name);
  }

  @Override
  public Optional<DataSource> source(String name) {
    return snapshot.definitions().source(name);
  }
}
