package dev.larder.core.offline;

import dev.larder.core.repo.BackendFactories;
import dev.larder.core.repo.BackendFactory;
import dev.larder.core.repo.RepoConfig;

/**
 * Makes the {@link OfflineEngine} of one {@code offline_store.type}. Implementations are listed in
 * {@code META-INF/services/dev.larder.core.offline.OfflineEngineFactory} and found with {@link
 * java.util.ServiceLoader}, so a module on the class path (larder-spark, say) adds a type without
 * any change here; each checks its own section of {@code feature_store.yaml} ({@link
 * BackendFactory#configure}).
 */
public interface OfflineEngineFactory extends BackendFactory {
  /** A working section, for errors. */
  String EXAMPLE = "{type: duckdb}";

  /** Opens an engine for the repository {@code config} describes. */
  OfflineEngine open(RepoConfig config);

  /** The factory of {@code type} or of one of its aliases; an unknown type is an error. */
  static OfflineEngineFactory forType(String type) {
    return BackendFactories.forType(OfflineEngineFactory.class, "offline_store", type, EXAMPLE);
  }
}
