package dev.larder.core.repo;

import java.util.List;

/**
 * What every backend factory has in common (the registry's, the online store's and the offline
 * engine's): the {@code type} that chooses it in {@code feature_store.yaml}, and the reading of its
 * own section of that file. {@link BackendFactories} finds factories with {@link
 * java.util.ServiceLoader}, so core never lists another backend's type or keys.
 */
public interface BackendFactory {
  /** The type this factory makes, as written in {@code feature_store.yaml} ({@code sqlite}). */
  String type();

  /** Other spellings of the type ({@code file} for {@code duckdb}). */
  default List<String> aliases() {
    return List.of();
  }

  /**
   * Checks this backend's section of {@code feature_store.yaml} when the file is read, and returns
   * its options: {@link BackendSection#allow} rejects unknown keys (B3), the typed getters reject
   * wrong values, each error with the file and line. Paths come back absolute.
   */
  StoreConfig configure(BackendSection section);
}
