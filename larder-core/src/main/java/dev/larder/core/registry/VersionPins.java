package dev.larder.core.registry;

import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.offline.RetrievalPlan;

/**
 * Checks the {@code version:} pins of feature services against the versions a registry snapshot
 * holds (DESIGN B4). The definition files cannot: a pinned projection names features and join keys
 * of an older version, so the loader leaves it to the registry, which checks it on plan and apply.
 */
final class VersionPins {
  private VersionPins() {}

  /**
   * Resolves every feature service of {@code snapshot} that pins a version, as retrieval would.
   *
   * @throws dev.larder.core.NotFoundException for a version that does not exist (naming those that
   *     do) or a feature that the pinned version does not have
   * @throws dev.larder.core.InvalidArgumentException for a {@code join_key_map} key that is not a
   *     join key of the pinned version
   */
  static void check(RegistrySnapshot snapshot) {
    RegistryLookup lookup = new RegistryLookup(snapshot);
    for (FeatureService service : snapshot.definitions().featureServices()) {
      if (service.projections().stream()
          .map(FeatureViewProjection::version)
          .anyMatch(v -> v != null)) {
        RetrievalPlan.forService(service, lookup, true);
      }
    }
  }
}
