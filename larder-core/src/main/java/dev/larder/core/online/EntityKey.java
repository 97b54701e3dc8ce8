package dev.larder.core.online;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One entity key of a feature view, as typed values: the join keys' names (in the view's order) and
 * one value each, of the Java type of the key's declared type ({@link Long} for INT32 and INT64,
 * {@link String}, {@code byte[]}, {@link Double} for FLOAT32 and FLOAT64, {@link Boolean}, {@link
 * java.time.Instant} for UNIX_TIMESTAMP), as {@link dev.larder.core.offline.KeyCoercion#value}
 * gives them. Each {@link OnlineStore} serializes keys in its own format; two keys are equal when
 * their names and values are (arrays by content).
 */
public final class EntityKey {
  private final List<String> names;
  private final Object[] values;
  private final int hash;

  private EntityKey(List<String> names, Object[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * names.hashCode() + Arrays.deepHashCode(values);
  }

  /**
   * The key of {@code values}, one per join key of {@code names}; the names list is kept as given
   * (callers share one list per view), the values are copied.
   *
   * @throws IllegalArgumentException for a wrong number of values or a null value
   */
  public static EntityKey of(List<String> names, Object... values) {
    Objects.requireNonNull(names, "names");
    if (values.length != names.size()) {
      throw new IllegalArgumentException(
          "expected " + names.size() + " key values, got " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException("join key '" + names.get(i) + "' has no value (null)");
      }
    }
    return new EntityKey(names, values.clone());
  }

  /** The join keys' names, in the view's order. */
  public List<String> names() {
    return names;
  }

  /** The number of join keys. */
  public int size() {
    return values.length;
  }

  /** The value of the {@code i}-th join key; a {@code byte[]} must not be changed. */
  public Object value(int i) {
    return values[i];
  }

  /** The values, in the view's order. */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityKey k
        && hash == k.hash
        && names.equals(k.names)
        && Arrays.deepEquals(values, k.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("EntityKey[");
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      out.append(i == 0 ? "" : ", ").append(names.get(i)).append('=');
      out.append(v instanceof byte[] b ? Arrays.toString(b) : v);
    }
    return out.append(']').toString();
  }
}
