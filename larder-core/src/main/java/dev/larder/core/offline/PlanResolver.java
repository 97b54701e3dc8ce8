package dev.larder.core.offline;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.BatchSource;
import dev.larder.core.model.Entity;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.FeatureViewProjection;
import dev.larder.core.model.Field;
import dev.larder.core.model.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves feature references and feature services into a {@link RetrievalPlan}. */
final class PlanResolver {
  /** The features requested of one view, with how the request named each (for messages). */
  private record Group(
      FeatureView view,
      Integer version,
      String nameToUse,
      Map<String, String> joinKeyMap,
      List<Field> fields,
      List<String> requestedAs) {}

  private final DefinitionLookup lookup;
  private final boolean fullFeatureNames;

  private PlanResolver(DefinitionLookup lookup, boolean fullFeatureNames) {
    this.lookup = lookup;
    this.fullFeatureNames = fullFeatureNames;
  }

  static RetrievalPlan forReferences(
      List<FeatureReference> references, DefinitionLookup lookup, boolean fullFeatureNames) {
    if (references.isEmpty()) {
      throw new InvalidArgumentException(
          "no features requested",
          "Name features as view:feature (--features v:f1,v:f2) or a feature service"
              + " (--feature-service NAME)");
    }
    PlanResolver resolver = new PlanResolver(lookup, fullFeatureNames);
    Map<String, Group> groups = new LinkedHashMap<>();
    for (FeatureReference ref : references) {
      String key = ref.featureView() + "@" + ref.version();
      Group group = groups.get(key);
      if (group == null) {
        FeatureView view = resolver.view(ref.featureView(), ref.version(), Echo.of(ref));
        group =
            new Group(
                view, ref.version(), view.name(), Map.of(), new ArrayList<>(), new ArrayList<>());
        groups.put(key, group);
      }
      group.fields().add(feature(group.view(), ref.version(), ref.feature(), ref.toString(), ""));
      group.requestedAs().add(ref.toString());
    }
    return resolver.plan(List.copyOf(groups.values()));
  }

  static RetrievalPlan forService(
      FeatureService service, DefinitionLookup lookup, boolean fullFeatureNames) {
    PlanResolver resolver = new PlanResolver(lookup, fullFeatureNames);
    List<Group> groups = new ArrayList<>();
    String where = "feature service " + Echo.of(service.name());
    for (FeatureViewProjection p : service.projections()) {
      FeatureView view = resolver.view(p.featureView(), p.version(), where);
      List<String> names = p.selectsAll() ? view.featureNames() : p.features();
      Group group =
          new Group(
              view,
              p.version(),
              p.nameToUse(),
              p.joinKeyMap(),
              new ArrayList<>(),
              new ArrayList<>());
      for (String name : names) {
        String ref = new FeatureReference(view.name(), p.version(), name).toString();
        group.fields().add(feature(view, p.version(), name, ref, " in " + where));
        group.requestedAs().add(ref);
      }
      groups.add(group);
    }
    return resolver.plan(groups);
  }

  static ViewPlan wholeView(FeatureView view, DefinitionLookup lookup) {
    PlanResolver resolver = new PlanResolver(lookup, false);
    return resolver.viewPlan(
        new Group(view, null, view.name(), Map.of(), view.schema(), view.featureNames()));
  }

  private RetrievalPlan plan(List<Group> groups) {
    Map<String, String> requestedAs = new HashMap<>();
    Map<String, String> fullNames = new HashMap<>();
    List<ViewPlan> views = new ArrayList<>();
    for (Group group : groups) {
      ViewPlan plan = viewPlan(group);
      for (int i = 0; i < plan.features().size(); i++) {
        String output = plan.features().get(i).outputName();
        String ref = group.requestedAs().get(i);
        String full = group.nameToUse() + "__" + plan.features().get(i).name();
        String previous = requestedAs.putIfAbsent(output, ref);
        if (previous != null) {
          throw collision(previous, ref, output, fullNames.get(output), full);
        }
        fullNames.put(output, full);
      }
      views.add(plan);
    }
    return new RetrievalPlan(views, fullFeatureNames);
  }

  private InvalidArgumentException collision(
      String first, String second, String output, String firstFull, String secondFull) {
    if (first.equals(second)) {
      return new InvalidArgumentException(
          "feature " + Echo.of(first) + " is requested twice", "Request each feature once");
    }
    String message =
        "features "
            + Echo.of(first)
            + " and "
            + Echo.of(second)
            + " would both be named "
            + Echo.of(output);
    if (!fullFeatureNames && !firstFull.equals(secondFull)) {
      return new InvalidArgumentException(
          message,
          "Use full feature names (--full-feature-names) to name them "
              + Echo.of(firstFull)
              + " and "
              + Echo.of(secondFull));
    }
    return new InvalidArgumentException(
        message,
        "A version pin does not change the name; request one of them, or give one projection of a"
            + " feature service a name_alias");
  }

  private ViewPlan viewPlan(Group group) {
    FeatureView view = group.view();
    String label = "feature view " + Echo.of(view.name());
    BatchSource source =
        lookup
            .sourceOf(view, group.version())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        label
                            + " reads data source "
                            + Echo.of(view.source())
                            + ", which is not defined",
                        "Define the source, or fix the view's source, then run 'larder apply'"))
            .batchSource();
    List<JoinKey> keys = new ArrayList<>();
    List<String> keyNames = new ArrayList<>();
    for (String entityName : view.entities()) {
      Entity entity =
          lookup
              .entityOf(view, group.version(), entityName)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          label + " uses entity " + Echo.of(entityName) + ", which is not defined",
                          "Define the entity, or fix the view's entities, then run 'larder"
                              + " apply'"));
      for (String key : entity.joinKeys()) {
        keyNames.add(key);
        keys.add(
            new JoinKey(
                key,
                group.joinKeyMap().getOrDefault(key, key),
                source.sourceColumn(key),
                entity.valueType(),
                entity.name()));
      }
    }
    for (String mapped : group.joinKeyMap().keySet()) {
      if (!keyNames.contains(mapped)) {
        throw new InvalidArgumentException(
            "join_key_map maps "
                + Echo.of(mapped)
                + ", which is not a join key of "
                + label
                + DidYouMean.sentenceEnd(mapped, keyNames)
                + " Its join keys: "
                + Names.listing(keyNames),
            "Fix the feature service's join_key_map");
      }
    }
    List<RequestedFeature> features = new ArrayList<>();
    for (Field field : group.fields()) {
      String output = fullFeatureNames ? group.nameToUse() + "__" + field.name() : field.name();
      features.add(
          new RequestedFeature(
              field.name(), field.dtype(), source.sourceColumn(field.name()), output));
    }
    return new ViewPlan(view, group.version(), group.nameToUse(), source, keys, features);
  }

  private FeatureView view(String name, Integer version, String where) {
    return lookup
        .featureView(name, version)
        .orElseThrow(
            () -> {
              List<String> names = lookup.featureViewNames();
              List<Integer> versions = lookup.versionNumbers(name);
              if (version != null && (names.contains(name) || !versions.isEmpty())) {
                return new NotFoundException(
                    "feature view "
                        + Echo.of(name)
                        + " has no version "
                        + version
                        + " (in "
                        + where
                        + "); "
                        + existing(versions)
                        + ". Run 'larder feature-views versions "
                        + name
                        + "' to list its versions.",
                    "Pin an existing version (view@v1:feature, or version: 1 in a feature service),"
                        + " or drop the pin to read the latest");
              }
              return new NotFoundException(
                  "Unknown feature view "
                      + Echo.of(name)
                      + " in "
                      + where
                      + DidYouMean.sentenceEnd(name, names)
                      + " Run 'larder feature-views list' to list the feature views.",
                  "Defined feature views: " + Names.listing(names));
            });
  }

  private static String existing(List<Integer> versions) {
    if (versions.isEmpty()) {
      return "it has no recorded versions";
    }
    List<String> labels = versions.stream().map(v -> "v" + v).toList();
    return "its versions are "
        + String.join(", ", labels)
        + " (latest: "
        + labels.get(labels.size() - 1)
        + ")";
  }

  private static Field feature(
      FeatureView view, Integer version, String name, String ref, String where) {
    String label = view.name() + (version == null ? "" : "@v" + version);
    return view.field(name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Unknown feature "
                        + Echo.of(ref)
                        + where
                        + DidYouMean.sentenceEnd(name, view.featureNames())
                        + (version == null
                            ? " Run 'larder feature-views describe " + view.name()
                            : " Run 'larder feature-views versions " + view.name())
                        + "' to list its features.",
                    "Features of " + Echo.of(label) + ": " + Names.listing(view.featureNames())));
  }
}
