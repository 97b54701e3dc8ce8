package dev.larder.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * What an apply did.
 *
 * @param diff the plan it carried out
 * @param revision the registry's revision afterwards: the new one, or the old one when nothing
 *     changed and nothing was committed
 * @param newVersions the feature view versions it recorded, in plan order
 */
public record ApplyResult(RegistryDiff diff, long revision, List<FeatureViewVersion> newVersions) {
  public ApplyResult {
    Objects.requireNonNull(diff, "diff");
    newVersions = List.copyOf(newVersions);
  }

  /**
   * The feature views a breaking change updated, in plan order: their online rows were deleted (by
   * {@code FeatureStore.apply}) and their materialization intervals dropped; materialize them
   * again.
   */
  public List<String> breakingViews() {
    return committed() ? diff.breakingViews() : List.of();
  }

  /** The feature views the apply deleted, in plan order (their online rows went with them). */
  public List<String> deletedViews() {
    return committed() ? diff.deletedViews() : List.of();
  }

  /** Whether the apply committed a new revision. */
  public boolean committed() {
    return revision != diff.baseRevision();
  }
}
