package dev.larder.core;

/**
 * How a historical retrieval names and filters its features.
 *
 * @param fullFeatureNames name features {@code view__feature} (DESIGN B5.5)
 * @param filterByCreatedTimestamp only rows created by the entity row's time count (B5.2)
 */
public record RetrievalOptions(boolean fullFeatureNames, boolean filterByCreatedTimestamp) {
  /** Plain feature names, no created-timestamp filter. */
  public static final RetrievalOptions DEFAULT = new RetrievalOptions(false, false);
}
