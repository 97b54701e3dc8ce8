package dev.larder.ui.catalog;

import dev.larder.core.access.Visibility;
import dev.larder.core.model.DataSource;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.PushSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.RegistrySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each object of a registry is used, for the object pages' "used by" sections: the views that
 * read a data source or key on an entity, the push sources over a batch source, the services that
 * project a view, the runs that read a view or went through a service. Built once from one snapshot
 * and its runs (no query per row), with only what {@code visible} lets the principal describe:
 * objects it may not describe, and runs that read a view it may not describe, are left out.
 */
public final class UsageIndex {
  private final Map<String, List<String>> viewsBySource = new HashMap<>();
  private final Map<String, List<String>> pushSourcesByBatch = new HashMap<>();
  private final Map<String, List<String>> viewsByEntity = new HashMap<>();
  private final Map<String, List<String>> servicesByView = new HashMap<>();
  private final Map<String, List<RecordedRun>> runsByView = new HashMap<>();
  private final Map<String, List<RecordedRun>> runsByService = new HashMap<>();

  private UsageIndex() {}

  /**
   * The index of {@code snapshot} and {@code runs} (oldest first) as the principal whose describe
   * rights {@code visible} answers sees it.
   */
  public static UsageIndex of(
      RegistrySnapshot snapshot, List<RecordedRun> runs, Visibility visible) {
    UsageIndex index = new UsageIndex();
    RepoDefinitions definitions = snapshot.definitions();
    for (DataSource s : definitions.sources()) {
      if (s instanceof PushSource push && visible.sees(DefinitionKind.DATA_SOURCE, push.name())) {
        add(index.pushSourcesByBatch, push.batchSource().name(), push.name());
      }
    }
    for (FeatureView v : definitions.featureViews()) {
      if (!visible.sees(DefinitionKind.FEATURE_VIEW, v.name())) {
        continue;
      }
      add(index.viewsBySource, v.source(), v.name());
      if (definitions.source(v.source()).orElse(null) instanceof PushSource push) {
        add(index.viewsBySource, push.batchSource().name(), v.name());
      }
      v.entities().forEach(e -> add(index.viewsByEntity, e, v.name()));
    }
    for (FeatureService s : definitions.featureServices()) {
      if (!visible.sees(DefinitionKind.FEATURE_SERVICE, s.name())) {
        continue;
      }
      for (FeatureViewProjection p : s.projections()) {
        add(index.servicesByView, p.featureView(), s.name());
      }
    }
    for (RecordedRun run : runs) {
      if (!visible.sees(run)) {
        continue;
      }
      Set<String> views = new LinkedHashSet<>();
      run.inputs().features().forEach(f -> views.add(f.view()));
      views.forEach(v -> index.runsByView.computeIfAbsent(v, k -> new ArrayList<>()).add(run));
      run.inputs()
          .featureService()
          .filter(s -> visible.sees(DefinitionKind.FEATURE_SERVICE, s))
          .ifPresent(s -> index.runsByService.computeIfAbsent(s, k -> new ArrayList<>()).add(run));
    }
    return index;
  }

  private static void add(Map<String, List<String>> map, String key, String value) {
    List<String> list = map.computeIfAbsent(key, k -> new ArrayList<>());
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  /** The current views that read the source {@code name} (directly or through a push source). */
  public List<String> viewsOfSource(String name) {
    return viewsBySource.getOrDefault(name, List.of());
  }

  /** The push sources whose batch source is {@code name}. */
  public List<String> pushSourcesOf(String batchSource) {
    return pushSourcesByBatch.getOrDefault(batchSource, List.of());
  }

  /** The current views keyed on the entity {@code name}. */
  public List<String> viewsOfEntity(String name) {
    return viewsByEntity.getOrDefault(name, List.of());
  }

  /** The current services that project the view {@code name}. */
  public List<String> servicesOfView(String name) {
    return servicesByView.getOrDefault(name, List.of());
  }

  /** The recorded runs that read the view {@code name} (any version), oldest first. */
  public List<RecordedRun> runsOfView(String name) {
    return runsByView.getOrDefault(name, List.of());
  }

  /** The recorded runs that read through the service {@code name}, oldest first. */
  public List<RecordedRun> runsOfService(String name) {
    return runsByService.getOrDefault(name, List.of());
  }
}
