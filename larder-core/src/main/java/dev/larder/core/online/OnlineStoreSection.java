package dev.larder.core.online;

import dev.larder.core.model.Names;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A repository's {@code online_store} section as a value that travels to other JVMs: what a worker
 * of a distributed offline engine (a Spark executor) needs to open the same online store as this
 * process, without {@code feature_store.yaml} ({@code ${NAME}} references are already resolved, so
 * the workers need no environment of their own). {@link #open()} goes through the type's {@link
 * OnlineStoreFactory}, so the store is the very one {@link OnlineStore#open(RepoConfig)} gives.
 *
 * <p>The options may hold a password (Redis's {@code connection_string}): it travels with the value
 * (inside Spark's tasks, say, as in Feast's Spark engine), so keep such traffic on a trusted
 * network or encrypted ({@code spark.network.crypto.enabled}); {@link #toString()} never shows the
 * options' values.
 *
 * @param repoPath the repository's folder, absolute (relative paths of the section were resolved
 *     against it already; a store that needs local files needs this folder on the worker)
 * @param project the project whose rows the store holds
 * @param store the section: its {@code type} and options, as the type's factory checked them
 */
public record OnlineStoreSection(String repoPath, String project, StoreConfig store)
    implements Serializable {
  public OnlineStoreSection {
    Objects.requireNonNull(repoPath, "repoPath");
    Names.require("project", project);
    Objects.requireNonNull(store, "store");
  }

  /** The online store section of {@code config}. */
  public static OnlineStoreSection of(RepoConfig config) {
    return new OnlineStoreSection(
        config.repoPath().toString(), config.project(), config.onlineStore());
  }

  /** The store's type ({@code online_store.type}), e.g. {@code redis}. */
  public String type() {
    return store.type();
  }

  /**
   * This section with option {@code key} set to {@code value}; a store's factory may read options
   * that {@code feature_store.yaml} does not accept, set this way by the code that opens it (a
   * Redis client name that tells a worker's connections apart, say).
   */
  public OnlineStoreSection withOption(String key, Object value) {
    Map<String, Object> options = new LinkedHashMap<>(store.options());
    options.put(key, value);
    return new OnlineStoreSection(repoPath, project, new StoreConfig(store.type(), options));
  }

  /**
   * Opens the store, in this JVM, through its type's factory. The configuration the factory gets
   * holds this section, the project and the repository's folder; its other sections are the
   * embedded defaults, which no online store's factory reads.
   */
  public OnlineStore open() {
    RepoConfig config =
        new RepoConfig(
            Path.of(repoPath),
            project,
            StoreConfig.of("sqlite"),
            "local",
            store,
            StoreConfig.of("duckdb"),
            RepoConfig.ENTITY_KEY_SERIALIZATION_VERSION,
            StoreConfig.of("none"));
    return OnlineStoreFactory.forType(store.type()).open(config);
  }

  /** The type, project and option names, without values (a value may hold a password). */
  @Override
  public String toString() {
    return "OnlineStoreSection[type="
        + store.type()
        + ", project="
        + project
        + ", options="
        + store.options().keySet()
        + "]";
  }
}
