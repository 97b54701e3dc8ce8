package dev.larder.core.offline;

import dev.larder.core.model.BatchSource;
import dev.larder.core.model.FeatureView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One feature view of a resolved request: where its rows come from, how they join to entity rows
 * and which features it contributes, in request order.
 *
 * @param view the view's definition (the pinned version when {@code version} is set)
 * @param version the pinned version, or {@code null} for the latest
 * @param nameToUse the prefix of full feature names: the projection's {@code name_alias}, else the
 *     view's name
 * @param source the source read (a push source's batch source): a file source, or a Spark source
 *     that only the Spark engine reads
 * @param joinKeys the join keys of the view's entities, in order; empty for an entity-less view
 * @param features the requested features, in request order
 */
public record ViewPlan(
    FeatureView view,
    Integer version,
    String nameToUse,
    BatchSource source,
    List<JoinKey> joinKeys,
    List<RequestedFeature> features) {
  public ViewPlan {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(nameToUse, "nameToUse");
    Objects.requireNonNull(source, "source");
    joinKeys = List.copyOf(joinKeys);
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a view plan needs at least one feature");
    }
  }

  /**
   * The plan of every feature of {@code view} joined on its own join keys, as materialization reads
   * it (full feature names off).
   */
  public static ViewPlan allFeatures(FeatureView view, DefinitionLookup lookup) {
    return PlanResolver.wholeView(view, lookup);
  }

  /** How far back a row may lie behind the entity row's time; zero is unlimited. */
  public Duration ttl() {
    return view.ttl();
  }

  /** The source column holding the event time (before {@code field_mapping}). */
  public String timestampColumn() {
    return source.sourceColumn(source.timestampField());
  }

  /** The source column holding the creation time (before {@code field_mapping}), if any. */
  public Optional<String> createdColumn() {
    return Optional.ofNullable(source.createdTimestampColumn()).map(source::sourceColumn);
  }

  /** The source's {@code field_mapping}: source column → name. */
  public Map<String, String> fieldMapping() {
    return source.fieldMapping();
  }

  /** Whether the view has no entities and is joined on time only. */
  public boolean isEntityless() {
    return joinKeys.isEmpty();
  }

  /** How messages name the view: {@code feature view 'x'} or {@code feature view 'x@v2'}. */
  public String label() {
    return "feature view '" + view.name() + (version == null ? "" : "@v" + version) + "'";
  }
}
