package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A resolved historical-retrieval request: the views to join, in order of first appearance in the
 * request, each with its requested features in request order and their output names (DESIGN B5.5).
 * Resolution checks that every view and feature exists and that no two features share an output
 * name; it does not read any data.
 *
 * @param views the views, in order of first appearance
 * @param fullFeatureNames whether output names are {@code view__feature}
 */
public record RetrievalPlan(List<ViewPlan> views, boolean fullFeatureNames) {
  public RetrievalPlan {
    views = List.copyOf(views);
    if (views.isEmpty()) {
      throw new IllegalArgumentException("a retrieval plan needs at least one view");
    }
  }

  /**
   * Resolves feature references ({@code view:feature}, {@code view@v2:feature}).
   *
   * @throws dev.larder.core.NotFoundException for an unknown view, version or feature (with the
   *     closest name and the command that lists them)
   * @throws dev.larder.core.InvalidArgumentException for an empty request or two features with the
   *     same output name
   */
  public static RetrievalPlan forReferences(
      List<FeatureReference> references, DefinitionLookup lookup, boolean fullFeatureNames) {
    return PlanResolver.forReferences(references, lookup, fullFeatureNames);
  }

  /**
   * Resolves a feature service: one view per projection, with its features (all of the view's when
   * it lists none), version pin, {@code name_alias} and {@code join_key_map}.
   */
  public static RetrievalPlan forService(
      FeatureService service, DefinitionLookup lookup, boolean fullFeatureNames) {
    return PlanResolver.forService(service, lookup, fullFeatureNames);
  }

  /**
   * Checks that no feature's output name equals an entity column's, ignoring case (DESIGN B5.5);
   * engines call it once they know the entity rows' columns.
   *
   * @throws InvalidArgumentException naming the feature and the column, suggesting full feature
   *     names
   */
  public void checkOutputNames(List<String> entityColumns) {
    Set<String> entity = new HashSet<>(entityColumns);
    Map<String, String> taken = new HashMap<>();
    entityColumns.forEach(c -> taken.put(c.toLowerCase(Locale.ROOT), c));
    for (ViewPlan view : views) {
      for (RequestedFeature f : view.features()) {
        String other = taken.putIfAbsent(f.outputName().toLowerCase(Locale.ROOT), f.outputName());
        if (other != null) {
          throw new InvalidArgumentException(
              "feature "
                  + Echo.of(view.view().name() + ":" + f.name())
                  + " would be named "
                  + Echo.of(f.outputName())
                  + ", which clashes with "
                  + (entity.contains(other) ? "entity column '" : "feature '")
                  + other
                  + "' (names are compared ignoring case)",
              "Rename the entity column, or use full feature names (--full-feature-names)");
        }
      }
    }
  }

  /** The output names of the features, in output order. */
  public List<String> outputNames() {
    List<String> names = new ArrayList<>();
    for (ViewPlan view : views) {
      view.features().forEach(f -> names.add(f.outputName()));
    }
    return names;
  }
}
