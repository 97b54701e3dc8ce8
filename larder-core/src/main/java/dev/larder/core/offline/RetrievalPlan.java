package dev.larder.core.offline;

import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import java.util.ArrayList;
import java.util.List;

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

  /** The output names of the features, in output order. */
  public List<String> outputNames() {
    List<String> names = new ArrayList<>();
    for (ViewPlan view : views) {
      view.features().forEach(f -> names.add(f.outputName()));
    }
    return names;
  }
}
