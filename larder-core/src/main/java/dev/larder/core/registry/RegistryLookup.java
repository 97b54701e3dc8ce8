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
 * <p>A pinned view is read as its version recorded it: that version's schema and ttl, and the
 * source and entities (join keys, value types) stored with it, whatever they are now. A deleted
 * view's versions stay readable this way while their data exists.
 *
 * @param snapshot the registry snapshot to resolve against
 */
public record RegistryLookup(RegistrySnapshot snapshot) implements DefinitionLookup {

  @Override
  public Optional<FeatureView> featureView(String name, Integer version) {
    if (version == null) {
      return snapshot.definitions().featureView(name);
    }
    return version(name, version).map(v -> v.definition().featureView());
  }

  private Optional<FeatureViewVersion> version(String name, Integer version) {
    return snapshot.versions(name).stream().filter(v -> v.number() == version).findFirst();
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

  @Override
  public Optional<DataSource> sourceOf(FeatureView view, Integer version) {
    if (version == null) {
      return source(view.source());
    }
    return version(view.name(), version).map(v -> v.definition().source());
  }

  @Override
  public Optional<Entity> entityOf(FeatureView view, Integer version, String name) {
    if (version == null) {
      return entity(name);
    }
    return version(view.name(), version)
        .flatMap(
            v -> v.definition().entities().stream().filter(e -> e.name().equals(name)).findFirst());
  }

  @Override
  public List<Integer> versionNumbers(String name) {
    return snapshot.versions(name).stream().map(FeatureViewVersion::number).toList();
  }
}
