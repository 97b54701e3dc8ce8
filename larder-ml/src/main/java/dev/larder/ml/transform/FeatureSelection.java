package dev.larder.ml.transform;

import dev.larder.core.InvalidArgumentException;
import dev.larder.ml.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The features a model uses, resolved from feature specs against the data's feature names.
 *
 * <p>Features keep the data's column order, whatever the order of the specs and patterns. Every
 * pattern must select at least one feature, and no feature may be selected by two specs (one spec
 * may select it through several of its own patterns).
 *
 * @param inputNames the data's feature names, one per input column
 * @param features the selected features, in input column order
 */
public record FeatureSelection(List<String> inputNames, List<SelectedFeature> features) {

  private static final int NAMES_IN_MESSAGES = 30;

  public FeatureSelection {
    inputNames = List.copyOf(inputNames);
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new InvalidArgumentException("no feature is selected; a model needs at least one");
    }
    int previous = -1;
    for (SelectedFeature f : features) {
      if (f.column() <= previous || f.column() >= inputNames.size()) {
        throw new InvalidArgumentException(
            "selected feature '"
                + f.name()
                + "' has column "
                + f.column()
                + "; columns must increase and lie in [0, "
                + inputNames.size()
                + ")");
      }
      if (!inputNames.get(f.column()).equals(f.name())) {
        throw new InvalidArgumentException(
            "selected feature '"
                + f.name()
                + "' points at column "
                + f.column()
                + ", which is '"
                + inputNames.get(f.column())
                + "'");
      }
      previous = f.column();
    }
  }

  /**
   * Resolves {@code specs} against {@code featureNames} (the data's columns, in order).
   *
   * @throws InvalidArgumentException if there are no specs, the names repeat, a pattern selects
   *     nothing (the message lists the available names) or two specs select the same feature (the
   *     message names the feature and both specs' patterns)
   */
  public static FeatureSelection resolve(List<FeatureSpec> specs, List<String> featureNames) {
    if (specs == null || specs.isEmpty()) {
      throw new InvalidArgumentException(
          "feature_specs is empty; pass at least one feature spec",
          "FeatureSpec.ALL_STANDARD selects every feature and standardises it");
    }
    checkUnique(featureNames);
    Map<String, Owner> owners = new HashMap<>();
    for (int s = 0; s < specs.size(); s++) {
      FeatureSpec spec = Objects.requireNonNull(specs.get(s), "feature_specs[" + s + "]");
      for (String pattern : spec.include()) {
        boolean matched = false;
        for (String name : featureNames) {
          if (FeatureSpec.matches(pattern, name)) {
            matched = true;
            claim(owners, name, new Owner(s, pattern));
          }
        }
        if (!matched) {
          throw new InvalidArgumentException(
              "features["
                  + s
                  + "].include pattern '"
                  + pattern
                  + "' matches no feature; available features: "
                  + listed(featureNames),
              "Check the spelling, or use a glob such as 'feature_*'");
        }
      }
    }
    List<SelectedFeature> selected = new ArrayList<>();
    for (int column = 0; column < featureNames.size(); column++) {
      String name = featureNames.get(column);
      Owner owner = owners.get(name);
      if (owner != null) {
        selected.add(new SelectedFeature(name, column, specs.get(owner.spec).scaling()));
      }
    }
    return new FeatureSelection(featureNames, selected);
  }

  /** The selected features' names, in input column order. */
  public List<String> names() {
    return features.stream().map(SelectedFeature::name).toList();
  }

  /** How many features are selected. */
  public int size() {
    return features.size();
  }

  private static void claim(Map<String, Owner> owners, String name, Owner owner) {
    Owner previous = owners.putIfAbsent(name, owner);
    if (previous != null && previous.spec != owner.spec) {
      throw new InvalidArgumentException(
          "feature '"
              + name
              + "' is selected by two feature specs: features["
              + previous.spec
              + "] (pattern '"
              + previous.pattern
              + "') and features["
              + owner.spec
              + "] (pattern '"
              + owner.pattern
              + "'); each feature may be selected by one spec only",
          "Narrow one of the patterns so that the specs select disjoint features");
    }
  }

  private static void checkUnique(List<String> featureNames) {
    Set<String> seen = new HashSet<>();
    for (String name : featureNames) {
      if (!seen.add(name)) {
        throw new InvalidArgumentException(
            "the data has two feature columns named '" + name + "'; feature names must be unique");
      }
    }
  }

  static String listed(List<String> names) {
    if (names.isEmpty()) {
      return "(none)";
    }
    if (names.size() <= NAMES_IN_MESSAGES) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, NAMES_IN_MESSAGES))
        + ", … ("
        + (names.size() - NAMES_IN_MESSAGES)
        + " more)";
  }

  private record Owner(int spec, String pattern) {}
}
