package dev.larder.core.registry;

import dev.larder.core.Echo;
import dev.larder.core.model.DefinitionKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One numbered version of a feature view (v1, v2, …): recorded by the apply that created the view
 * or changed its schema, entities, ttl or source (see {@link VersionedDefinition}).
 *
 * @param view the feature view's name
 * @param number 1, 2, …; never reused, even after the view is deleted and defined again
 * @param definition the view, its source and its entities as applied
 * @param sha256 the SHA-256 of the definition's canonical JSON
 * @param appliedAt when the apply committed (UTC)
 * @param appliedBy who applied it ({@code LARDER_USER}, else the JVM's {@code user.name})
 * @param revision the registry revision that recorded it
 * @param origin why it was recorded
 * @param changes what changed from the previous version (empty for version 1)
 */
public record FeatureViewVersion(
    String view,
    int number,
    VersionedDefinition definition,
    String sha256,
    Instant appliedAt,
    String appliedBy,
    long revision,
    VersionOrigin origin,
    List<FieldChange> changes) {

  public FeatureViewVersion {
    Objects.requireNonNull(view, "view");
    if (number < 1) {
      throw new IllegalArgumentException("versions start at 1, got " + number);
    }
    Objects.requireNonNull(definition, "definition");
    if (!definition.featureView().name().equals(view)) {
      throw new IllegalArgumentException(
          "version "
              + number
              + " of "
              + Echo.of(view)
              + " holds view "
              + Echo.of(definition.featureView().name()));
    }
    if (!definition.sha256().equals(sha256)) {
      throw new IllegalArgumentException(
          "version "
              + number
              + " of "
              + Echo.of(view)
              + " has hash "
              + sha256
              + " but its definition hashes to "
              + definition.sha256());
    }
    Objects.requireNonNull(appliedAt, "appliedAt");
    Objects.requireNonNull(appliedBy, "appliedBy");
    if (revision < 1) {
      throw new IllegalArgumentException("revisions start at 1, got " + revision);
    }
    Objects.requireNonNull(origin, "origin");
    changes = List.copyOf(changes);
  }

  /** {@code v2}. */
  public String label() {
    return "v" + number;
  }

  /**
   * Whether this version broke what its previous version's readers read ({@link ChangeImpact}):
   * some change from the previous version is breaking. Version 1 is not.
   */
  public boolean breaking() {
    return changes.stream().anyMatch(c -> impact(c).breaking());
  }

  /** How {@code change}, one of {@link #changes()}, affects readers of the previous version. */
  public static ChangeImpact impact(FieldChange change) {
    return ChangeImpact.of(DefinitionKind.FEATURE_VIEW, change);
  }

  /** {@code created}, {@code breaking} or {@code compatible}. */
  public String impactLabel() {
    if (origin == VersionOrigin.CREATED) {
      return "created";
    }
    return breaking() ? "breaking" : "compatible";
  }

  /**
   * What this version did, in one line: {@code created}, {@code created again}, or the changes,
   * breaking ones marked ({@code schema.feature_3: Float64 → Int64 (breaking); ttl: 0 (unlimited) →
   * 2h}).
   */
  public String summary() {
    String changed =
        changes.stream()
            .map(c -> impact(c).breaking() ? c + " (breaking)" : c.toString())
            .collect(Collectors.joining("; "));
    return switch (origin) {
      case CREATED -> "created";
      case CREATED_AGAIN -> changed.isEmpty() ? "created again" : "created again; " + changed;
      case CHANGED -> changed;
    };
  }
}
