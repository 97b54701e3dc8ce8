package dev.larder.core.online;

/**
 * How a value of an online read came about (DESIGN B6), checked in this order, the first match
 * winning. The names are Feast's {@code FieldStatus} values, as the HTTP API writes them.
 */
public enum FeatureStatus {
  /** The key has no row in the view (or its row predates the feature); the value is null. */
  NOT_FOUND,
  /** The view's ttl is set and the row is older than it; the value is still returned. */
  OUTSIDE_MAX_AGE,
  /** The row is there and holds null for this feature. */
  NULL_VALUE,
  /** The row is there and holds a value. */
  PRESENT
}
