package dev.larder.core.model;

import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.List;
import java.util.Map;

/**
 * A feature view as a feature service uses it.
 *
 * @param featureView the view's name
 * @param features the features taken from it, in order; empty takes all
 * @param version a pinned version of the view, or {@code null} for the latest
 * @param nameAlias the prefix of full feature names instead of the view's name, or {@code null}
 * @param joinKeyMap view join key → entity-dataframe column, sorted by join key
 */
public record FeatureViewProjection(
    String featureView,
    List<String> features,
    Integer version,
    String nameAlias,
    Map<String, String> joinKeyMap) {

  public FeatureViewProjection {
    Names.require("feature_view of a projection", featureView);
    String who = "projection of feature view " + Echo.of(featureView);
    features = Checks.names(who, "feature", features);
    if (version != null && version < 0) {
      throw new InvalidDefinitionException(
          who + ": version " + version + " is negative; pin an existing version such as 2");
    }
    if (nameAlias != null) {
      Names.require(who + ": name_alias", nameAlias);
    }
    joinKeyMap = Checks.textMap(who, "join_key_map", joinKeyMap);
    for (Map.Entry<String, String> e : joinKeyMap.entrySet()) {
      Names.require(who + ": join_key_map key", e.getKey());
      Names.require(who + ": join_key_map column for " + Echo.of(e.getKey()), e.getValue());
    }
  }

  /** A projection taking every feature of the latest version of {@code featureView}. */
  public static FeatureViewProjection of(String featureView) {
    return new FeatureViewProjection(featureView, List.of(), null, null, Map.of());
  }

  /** A projection taking {@code features} of the latest version of {@code featureView}. */
  public static FeatureViewProjection of(String featureView, List<String> features) {
    return new FeatureViewProjection(featureView, features, null, null, Map.of());
  }

  /** Whether it takes every feature of the view. */
  public boolean selectsAll() {
    return features.isEmpty();
  }

  /** The prefix of full feature names: the alias if set, else the view's name. */
  public String nameToUse() {
    return nameAlias != null ? nameAlias : featureView;
  }
}
