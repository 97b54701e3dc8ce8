package dev.larder.core.online;

import dev.larder.core.model.Field;
import dev.larder.core.model.Names;
import dev.larder.core.model.ValueType;
import dev.larder.core.offline.ViewPlan;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link OnlineStore} is told about a feature view for one call: the view's name, its join
 * keys with their declared types (in the view's order), and the features involved with their
 * declared types (in the order of the values: a write's row values, or a read's requested
 * features). A store encodes keys and values from it in its own format; callers build it from the
 * registry ({@link #of(ViewPlan)}).
 */
public final class OnlineViewSchema {
  /**
   * One join key of the view.
   *
   * @param name the join key's name, as its entity declares it
   * @param type its declared type ({@code value_type} of the entity)
   */
  public record KeyField(String name, ValueType type) {
    public KeyField {
      Names.require("join key", name);
      Objects.requireNonNull(type, "type");
    }
  }

  private final String view;
  private final List<KeyField> joinKeys;
  private final List<Field> features;
  private final List<String> joinKeyNames;
  private final List<String> featureNames;

  /**
   * A view's schema.
   *
   * @throws IllegalArgumentException for an invalid view name or a join key or feature named twice
   */
  public OnlineViewSchema(String view, List<KeyField> joinKeys, List<Field> features) {
    if (view == null || !Names.isValid(view)) {
      throw new IllegalArgumentException("'" + view + "' is not a valid feature view name");
    }
    this.view = view;
    this.joinKeys = List.copyOf(joinKeys);
    this.features = List.copyOf(features);
    this.joinKeyNames = this.joinKeys.stream().map(KeyField::name).toList();
    this.featureNames = this.features.stream().map(Field::name).toList();
    requireDistinct("join key", joinKeyNames);
    requireDistinct("feature", featureNames);
  }

  /** The schema of every feature of {@code plan}'s view, in the plan's order. */
  public static OnlineViewSchema of(ViewPlan plan) {
    return new OnlineViewSchema(
        plan.view().name(),
        plan.joinKeys().stream().map(k -> new KeyField(k.name(), k.type())).toList(),
        plan.features().stream().map(f -> new Field(f.name(), f.dtype())).toList());
  }

  /** The view's name. */
  public String view() {
    return view;
  }

  /** The join keys, in the view's order; empty for an entity-less view. */
  public List<KeyField> joinKeys() {
    return joinKeys;
  }

  /** The join keys' names, in the view's order. */
  public List<String> joinKeyNames() {
    return joinKeyNames;
  }

  /** The features, in the order of the values. */
  public List<Field> features() {
    return features;
  }

  /** The features' names, in the order of the values. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** This view with {@code features} instead of its own (a read of some of them, say). */
  public OnlineViewSchema withFeatures(List<Field> features) {
    return new OnlineViewSchema(view, joinKeys, features);
  }

  /**
   * The entity key of {@code values}, one per join key in the view's order, each already of its
   * key's Java type ({@link dev.larder.core.offline.KeyCoercion#value}).
   *
   * @throws IllegalArgumentException for a wrong number of values or a null value
   */
  public EntityKey key(Object... values) {
    return EntityKey.of(joinKeyNames, values);
  }

  private static void requireDistinct(String what, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(what + " '" + name + "' is listed twice");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnlineViewSchema s
        && view.equals(s.view)
        && joinKeys.equals(s.joinKeys)
        && features.equals(s.features);
  }

  @Override
  public int hashCode() {
    return Objects.hash(view, joinKeys, features);
  }

  @Override
  public String toString() {
    return "OnlineViewSchema[" + view + ", keys=" + joinKeys + ", features=" + features + "]";
  }
}
