package dev.larder.core.online;

import dev.larder.core.Echo;
import dev.larder.core.FeatureSelection;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.NotFoundException;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.FeatureService;
import dev.larder.core.model.Names;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.RetrievalPlan;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.registry.FeatureViewVersion;
import dev.larder.core.registry.RegistryLookup;
import dev.larder.core.registry.RegistrySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An online read resolved for one request shape (a selection, the entity columns' names, full
 * feature names or not), against one registry revision; cached and reused by {@link OnlineReader}.
 *
 * <p>As in Feast, an entity column is matched to a join key by its name, or by the name of the join
 * key's entity when that entity has one join key in the view ({@code "driver": [1001]} for join key
 * {@code driver_id}); the result echoes it under the join key's name. Entity columns that are no
 * join key of the requested views are ignored and not echoed (DESIGN B7).
 *
 * @param entityColumns the entity columns, as given
 * @param echoed the entity columns the result echoes, in the order given
 * @param views the views to read, in order of first appearance
 * @param outputs the feature columns, in request order
 */
record OnlineReadPlan(
    List<String> entityColumns, List<Echoed> echoed, List<View> views, List<Output> outputs) {

  /**
   * An entity column the result echoes.
   *
   * @param column its index among the given entity columns
   * @param name its name in the result: the join key's
   */
  record Echoed(int column, String name) {}

  /**
   * One view to read.
   *
   * @param schema the view as the store reads it: its join keys and the requested features
   * @param joinKeys its join keys, for converting entity values to their declared types
   * @param keyColumns for each join key, the index of its entity column
   * @param ttl its ttl; zero is unlimited
   * @param label how messages name it
   */
  record View(
      OnlineViewSchema schema,
      List<JoinKey> joinKeys,
      int[] keyColumns,
      Duration ttl,
      String label) {}

  /**
   * One feature column of the result.
   *
   * @param name its output name
   * @param view the index of its view in {@link #views}
   * @param feature the index of the feature in that view's {@code features}
   */
  record Output(String name, int view, int feature) {}

  /**
   * Resolves {@code selection} for entity columns {@code entityColumns} against {@code snapshot}.
   */
  static OnlineReadPlan resolve(
      RegistrySnapshot snapshot,
      FeatureSelection selection,
      List<String> entityColumns,
      boolean fullFeatureNames) {
    RegistryLookup lookup = new RegistryLookup(snapshot);
    RetrievalPlan plan;
    if (selection.serviceName() != null) {
      FeatureService service =
          snapshot.definitions().requireFeatureService(selection.serviceName());
      plan = RetrievalPlan.forService(service, lookup, fullFeatureNames);
    } else {
      List<FeatureReference> refs =
          selection.references().stream().map(FeatureReference::parse).toList();
      plan = RetrievalPlan.forReferences(refs, lookup, fullFeatureNames);
    }
    List<View> views = new ArrayList<>();
    Map<Integer, String> used = new TreeMap<>();
    for (ViewPlan v : plan.views()) {
      views.add(view(snapshot, v, entityColumns, used));
    }
    List<Echoed> echoed = new ArrayList<>(used.size());
    used.forEach((column, name) -> echoed.add(new Echoed(column, name)));
    List<Output> outputs = outputs(plan, selection);
    for (Output o : outputs) {
      for (Echoed e : echoed) {
        if (e.name().toLowerCase(Locale.ROOT).equals(o.name().toLowerCase(Locale.ROOT))) {
          throw new InvalidArgumentException(
              "feature "
                  + Echo.of(o.name())
                  + " would be named like entity column "
                  + Echo.of(e.name())
                  + ", and the result cannot hold two columns of one name",
              "Use full feature names (full_feature_names: true)");
        }
      }
    }
    return new OnlineReadPlan(
        List.copyOf(entityColumns), List.copyOf(echoed), List.copyOf(views), outputs);
  }

  private static View view(
      RegistrySnapshot snapshot,
      ViewPlan v,
      List<String> entityColumns,
      Map<Integer, String> used) {
    String name = v.view().name();
    if (v.version() != null) {
      checkPin(snapshot, v);
    }
    if (!snapshot.definitions().requireFeatureView(name).online()) {
      throw new InvalidArgumentException(
          v.label() + " is not online (online: false), so the online store holds none of its rows",
          "Set online: true in its definition, run 'larder apply', then 'larder materialize'");
    }
    int[] keyColumns = new int[v.joinKeys().size()];
    for (int k = 0; k < keyColumns.length; k++) {
      JoinKey key = v.joinKeys().get(k);
      keyColumns[k] = entityColumns.indexOf(key.entityColumn());
      if (keyColumns[k] < 0 && onlyKeyOfItsEntity(v.joinKeys(), key)) {
        keyColumns[k] = entityColumns.indexOf(key.entity());
      }
      if (keyColumns[k] < 0) {
        throw new InvalidArgumentException(
            "entity column "
                + Echo.of(key.entityColumn())
                + " is missing: "
                + v.label()
                + " is read by join key "
                + Echo.of(key.name())
                + " of entity "
                + Echo.of(key.entity()),
            "Give the entities by the join keys "
                + Names.listing(v.joinKeys().stream().map(JoinKey::entityColumn).toList()));
      }
      used.putIfAbsent(keyColumns[k], key.entityColumn());
    }
    return new View(OnlineViewSchema.of(v), v.joinKeys(), keyColumns, v.ttl(), v.label());
  }

  /** Whether {@code key} is the one join key of its entity among {@code keys}. */
  private static boolean onlyKeyOfItsEntity(List<JoinKey> keys, JoinKey key) {
    return keys.stream().filter(k -> k.entity().equals(key.entity())).count() == 1;
  }

  /**
   * The online store holds the rows of a view's current definition only. A pinned version reads
   * them when no version since has been breaking (the pinned features are there, with their types,
   * keys, source and ttl); otherwise the pin is an error naming the fix.
   */
  private static void checkPin(RegistrySnapshot snapshot, ViewPlan v) {
    String name = v.view().name();
    if (snapshot.definitions().featureView(name).isEmpty()) {
      throw new NotFoundException(
          v.label()
              + " was deleted; the versions of a deleted view are kept for historical retrieval"
              + " only, and the online store holds none of its rows",
          "Read a view that is in the registry ('larder feature-views list'), or use"
              + " get-historical-features for the old version");
    }
    List<FeatureViewVersion> later =
        snapshot.versions(name).stream().filter(x -> x.number() > v.version()).toList();
    List<String> breaking =
        later.stream().filter(FeatureViewVersion::breaking).map(FeatureViewVersion::label).toList();
    if (!breaking.isEmpty()) {
      String latest = later.get(later.size() - 1).label();
      throw new InvalidArgumentException(
          v.label()
              + " is pinned to version "
              + v.version()
              + ", but the online store holds the rows of the current version "
              + latest
              + ", and "
              + String.join(", ", breaking)
              + (breaking.size() == 1 ? " was a breaking change" : " were breaking changes")
              + " since",
          "Online reads serve the current definition: read "
              + Echo.of(name)
              + " without a version pin (or with '@"
              + latest
              + "'); use get-historical-features to read version "
              + v.version());
    }
  }

  /** The feature columns in request order: references as listed, a service's as projected. */
  private static List<Output> outputs(RetrievalPlan plan, FeatureSelection selection) {
    List<Output> outputs = new ArrayList<>();
    if (selection.serviceName() != null) {
      for (int v = 0; v < plan.views().size(); v++) {
        List<String> names =
            plan.views().get(v).features().stream().map(f -> f.outputName()).toList();
        for (int f = 0; f < names.size(); f++) {
          outputs.add(new Output(names.get(f), v, f));
        }
      }
      return List.copyOf(outputs);
    }
    for (String text : selection.references()) {
      FeatureReference ref = FeatureReference.parse(text);
      for (int v = 0; v < plan.views().size(); v++) {
        ViewPlan view = plan.views().get(v);
        if (view.view().name().equals(ref.featureView())
            && Objects.equals(view.version(), ref.version())) {
          for (int f = 0; f < view.features().size(); f++) {
            if (view.features().get(f).name().equals(ref.feature())) {
              outputs.add(new Output(view.features().get(f).outputName(), v, f));
            }
          }
        }
      }
    }
    return List.copyOf(outputs);
  }
}
