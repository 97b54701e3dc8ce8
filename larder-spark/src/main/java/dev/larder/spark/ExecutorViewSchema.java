package dev.larder.spark;

import dev.larder.core.model.FeatureType;
import dev.larder.core.model.Field;
import dev.larder.core.model.ValueType;
import dev.larder.core.online.OnlineViewSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OnlineViewSchema} as a value that travels to Spark's executors in a task: the view's
 * name, its join keys with their declared types and its features with their {@code dtype}
 * spellings, from which an executor builds the same schema ({@link #schema()}).
 *
 * @param view the view's name
 * @param keyNames the join keys, in the view's order
 * @param keyTypes their declared types
 * @param featureNames the features, in the order of the latest rows' values
 * @param featureTypes their {@code dtype} spellings ({@code Float64}, {@code Array(Int64)})
 */
record ExecutorViewSchema(
    String view,
    List<String> keyNames,
    List<ValueType> keyTypes,
    List<String> featureNames,
    List<String> featureTypes)
    implements Serializable {
  ExecutorViewSchema {
    keyNames = List.copyOf(keyNames);
    keyTypes = List.copyOf(keyTypes);
    featureNames = List.copyOf(featureNames);
    featureTypes = List.copyOf(featureTypes);
  }

  static ExecutorViewSchema of(OnlineViewSchema schema) {
    return new ExecutorViewSchema(
        schema.view(),
        schema.joinKeyNames(),
        schema.joinKeys().stream().map(OnlineViewSchema.KeyField::type).toList(),
        schema.featureNames(),
        schema.features().stream().map(f -> f.dtype().spelling()).toList());
  }

  /** The schema this value describes. */
  OnlineViewSchema schema() {
    List<OnlineViewSchema.KeyField> keys = new ArrayList<>();
    for (int i = 0; i < keyNames.size(); i++) {
      keys.add(new OnlineViewSchema.KeyField(keyNames.get(i), keyTypes.get(i)));
    }
    List<Field> features = new ArrayList<>();
    for (int i = 0; i < featureNames.size(); i++) {
      features.add(new Field(featureNames.get(i), FeatureType.parse(featureTypes.get(i))));
    }
    return new OnlineViewSchema(view, keys, features);
  }
}
