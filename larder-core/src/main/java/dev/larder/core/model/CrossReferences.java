package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks {@link RepoDefinitions.Builder#freeze()} runs across definitions: every reference
 * resolves, no view uses a join key twice or declares one as a feature, a push source's inline
 * batch source agrees with a source of the same name. The first problem is thrown, naming where the
 * definition came from, the definition and the fix.
 */
final class CrossReferences {
  private final RepoDefinitions defs;

  private CrossReferences(RepoDefinitions defs) {
    this.defs = defs;
  }

  static void check(RepoDefinitions defs) {
    CrossReferences c = new CrossReferences(defs);
    defs.sources().forEach(c::checkSource);
    defs.featureViews().forEach(c::checkView);
    defs.featureServices().forEach(c::checkService);
  }

  private void checkSource(DataSource source) {
    if (source instanceof PushSource push) {
      BatchSource batch = push.batchSource();
      defs.source(batch.name())
          .filter(other -> !other.equals(batch))
          .ifPresent(
              other -> {
                throw fail(
                    push,
                    "its batch_source "
                        + Echo.of(batch.name())
                        + " differs from the source of that name defined under sources; refer"
                        + " to that source by name (batch_source: "
                        + batch.name()
                        + ") or rename the inline one");
              });
    }
  }

  private void checkView(FeatureView view) {
    Map<String, String> keyOwner = new HashMap<>();
    for (String entityName : view.entities()) {
      Entity entity =
          defs.entity(entityName)
              .orElseThrow(
                  () -> fail(view, missing(DefinitionKind.ENTITY, entityName, "entities")));
      for (String key : entity.joinKeys()) {
        String other = keyOwner.put(key, entityName);
        if (other != null) {
          throw fail(
              view,
              "entities "
                  + Echo.of(other)
                  + " and "
                  + Echo.of(entityName)
                  + " both have join key "
                  + Echo.of(key)
                  + "; a view can use each join key once, so drop one of the entities");
        }
      }
    }
    if (defs.source(view.source()).isEmpty()) {
      throw fail(view, missing(DefinitionKind.DATA_SOURCE, view.source(), "sources"));
    }
    for (Field field : view.schema()) {
      String entity = keyOwner.get(field.name());
      if (entity != null) {
        throw fail(
            view,
            "feature "
                + Echo.of(field.name())
                + " is the join key of entity "
                + Echo.of(entity)
                + "; remove it from schema (join keys are not features)");
      }
    }
  }

  private void checkService(FeatureService service) {
    for (FeatureViewProjection p : service.projections()) {
      FeatureView view =
          defs.featureView(p.featureView())
              .orElseThrow(
                  () ->
                      fail(
                          service,
                          missing(DefinitionKind.FEATURE_VIEW, p.featureView(), "feature_views")));
      if (p.version() != null) {
        // A pinned version's features and join keys are those it recorded, which only the
        // registry knows: it checks them on plan and apply.
        continue;
      }
      List<String> features = view.featureNames();
      for (String feature : p.features()) {
        if (!features.contains(feature)) {
          throw fail(
              service,
              "feature "
                  + Echo.of(feature)
                  + " is not in feature view "
                  + Echo.of(view.name())
                  + DidYouMean.sentenceEnd(feature, features)
                  + " Its features: "
                  + Names.listing(features)
                  + "; leave out features to take them all");
        }
      }
      List<String> joinKeys = defs.joinKeys(view);
      for (String key : p.joinKeyMap().keySet()) {
        if (!joinKeys.contains(key)) {
          throw fail(
              service,
              "join_key_map key "
                  + Echo.of(key)
                  + " is not a join key of feature view "
                  + Echo.of(view.name())
                  + DidYouMean.sentenceEnd(key, joinKeys)
                  + " Its join keys: "
                  + Names.listing(joinKeys));
        }
      }
    }
  }

  private String missing(DefinitionKind kind, String name, String section) {
    List<String> defined = defs.names(kind);
    return "uses "
        + Definition.label(kind, name)
        + ", which is not defined"
        + DidYouMean.sentenceEnd(name, defined)
        + " Define it under "
        + section
        + ": or fix the name (defined: "
        + Names.listing(defined)
        + ")";
  }

  private InvalidDefinitionException fail(Definition definition, String problem) {
    return new InvalidDefinitionException(defs.locate(definition) + ": " + problem);
  }
}
