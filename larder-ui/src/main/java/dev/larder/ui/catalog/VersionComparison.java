package dev.larder.ui.catalog;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.registry.ChangeImpact;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.FieldChange;
import java.util.List;
import java.util.Objects;

/**
 * The field-by-field difference between two versions of one feature view, as the registry works it
 * out between consecutive versions ({@link
 * dev.larder.core.registry.VersionedDefinition#changesFrom}), each change with its impact on
 * readers of the older version ({@link FeatureViewVersion#impact}).
 *
 * @param from the older version chosen (may be the newer one: the diff then runs backwards)
 * @param to the other version
 * @param changes what changed from {@code from} to {@code to}, in field order
 */
public record VersionComparison(
    FeatureViewVersion from, FeatureViewVersion to, List<Change> changes) {

  /** One changed field and its impact. */
  public record Change(FieldChange change, ChangeImpact impact) {}

  public VersionComparison {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    changes = List.copyOf(changes);
  }

  /**
   * The changes from version {@code from} to version {@code to} of a view whose versions are given.
   */
  public static VersionComparison between(List<FeatureViewVersion> versions, int from, int to) {
    FeatureViewVersion a = find(versions, from);
    FeatureViewVersion b = find(versions, to);
    List<Change> changes =
        b.definition().changesFrom(a.definition()).stream()
            .map(c -> new Change(c, FeatureViewVersion.impact(c)))
            .toList();
    return new VersionComparison(a, b, changes);
  }

  /** Whether some change is breaking for readers of {@code from}. */
  public boolean breaking() {
    return changes.stream().anyMatch(c -> c.impact().breaking());
  }

  private static FeatureViewVersion find(List<FeatureViewVersion> versions, int number) {
    return versions.stream()
        .filter(v -> v.number() == number)
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidArgumentException(
                    "version "
                        + number
                        + " does not exist; this view has versions 1 to "
                        + versions.size(),
                    "Choose two of the versions listed on the page"));
  }
}
