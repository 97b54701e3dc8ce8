package dev.larder.core.access;

import dev.larder.core.FeatureSelection;
import dev.larder.core.access.AccessGuard.Check;
import dev.larder.core.model.AccessAction;
import dev.larder.core.model.Definition;
import dev.larder.core.model.DefinitionKind;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.online.PushMode;
import dev.larder.core.registry.ObjectDiff;
import dev.larder.core.registry.RegistryDiff;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which {@link Check}s each operation of the feature store needs, in one place (DESIGN B7 and
 * Feast's server): reads by feature service are judged on the service, reads by feature reference
 * on each view referred to; a push on every view its push source feeds; a materialization on every
 * view it writes; an apply on every object it creates, updates or deletes. A name that is not
 * defined is checked as an untagged resource, so that a user without access learns nothing about
 * which names exist.
 */
public final class AccessChecks {
  private AccessChecks() {}

  /** {@code action} on the object of {@code kind} called {@code name}. */
  public static Check on(
      RepoDefinitions definitions, DefinitionKind kind, String name, AccessAction action) {
    return new Check(Resource.in(definitions, kind, name), Set.of(action));
  }

  /**
   * {@code action} ({@code read_online} or {@code read_offline}) on the feature service of a
   * service selection, or on each view that the references name (pinned versions included).
   */
  public static List<Check> selection(
      RepoDefinitions definitions, FeatureSelection selection, AccessAction action) {
    if (selection.serviceName() != null) {
      return List.of(
          on(definitions, DefinitionKind.FEATURE_SERVICE, selection.serviceName(), action));
    }
    Set<String> views = new LinkedHashSet<>();
    for (String reference : selection.references()) {
      views.add(FeatureReference.parse(reference).featureView());
    }
    return views.stream()
        .map(v -> on(definitions, DefinitionKind.FEATURE_VIEW, v, action))
        .toList();
  }

  /**
   * {@code write_online} on each view a materialization writes: those named, or every online view
   * when {@code views} is {@code null}.
   */
  public static List<Check> materialize(RepoDefinitions definitions, List<String> views) {
    List<String> names =
        views != null
            ? List.copyOf(new LinkedHashSet<>(views))
            : definitions.featureViews().stream()
                .filter(FeatureView::online)
                .map(FeatureView::name)
                .toList();
    return names.stream()
        .map(v -> on(definitions, DefinitionKind.FEATURE_VIEW, v, AccessAction.WRITE_ONLINE))
        .toList();
  }

  /**
   * The writes of a push through {@code source} to {@code to}: {@code write_online} on each online
   * view it feeds (with {@code to} online), {@code write_offline} on each view it feeds (with
   * {@code to} offline), both together for an online view with {@code online_and_offline}. A source
   * that feeds no view (or is not defined) is checked itself.
   */
  public static List<Check> push(RepoDefinitions definitions, String source, PushMode to) {
    List<Check> checks = new ArrayList<>();
    for (FeatureView view : definitions.featureViews()) {
      if (!view.source().equals(source)) {
        continue;
      }
      Set<AccessAction> actions = EnumSet.noneOf(AccessAction.class);
      if (to.online() && view.online()) {
        actions.add(AccessAction.WRITE_ONLINE);
      }
      if (to.offline()) {
        actions.add(AccessAction.WRITE_OFFLINE);
      }
      if (!actions.isEmpty()) {
        checks.add(new Check(Resource.of(view), actions));
      }
    }
    if (checks.isEmpty()) {
      Set<AccessAction> actions = EnumSet.noneOf(AccessAction.class);
      if (to.online()) {
        actions.add(AccessAction.WRITE_ONLINE);
      }
      if (to.offline()) {
        actions.add(AccessAction.WRITE_OFFLINE);
      }
      checks.add(new Check(Resource.in(definitions, DefinitionKind.DATA_SOURCE, source), actions));
    }
    return checks;
  }

  /**
   * What an apply does: {@code create} on each new object, {@code update} on each changed one (as
   * it is and as it will be, so that changing its tags cannot move it out of a permission's reach),
   * {@code delete} on each removed one. Unchanged objects need nothing.
   */
  public static List<Check> apply(RegistryDiff diff) {
    List<Check> checks = new ArrayList<>();
    for (ObjectDiff o : diff.objects()) {
      switch (o.transition()) {
        case CREATE -> checks.add(check(o.after().orElseThrow(), AccessAction.CREATE));
        case UPDATE -> {
          Check before = check(o.before().orElseThrow(), AccessAction.UPDATE);
          Check after = check(o.after().orElseThrow(), AccessAction.UPDATE);
          checks.add(before);
          if (!after.equals(before)) {
            checks.add(after);
          }
        }
        case DELETE -> checks.add(check(o.before().orElseThrow(), AccessAction.DELETE));
        case UNCHANGED -> {}
      }
    }
    return checks;
  }

  private static Check check(Definition definition, AccessAction action) {
    return new Check(Resource.of(definition), Set.of(action));
  }
}
