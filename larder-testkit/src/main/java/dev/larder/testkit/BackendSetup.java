package dev.larder.testkit;

import dev.larder.core.FeatureStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which backends a repository of a test uses: a registry (SQLite or PostgreSQL) and an online store
 * (SQLite, Redis or a Redis Cluster), as the {@code registry:} and {@code online_store:} sections
 * of its {@code feature_store.yaml}. The suites that run against every backend (DESIGN B9) take one
 * and write repositories with {@link TestRepos#write(Path, String, String, BackendSetup)}.
 *
 * <p>Each repository is a project of its own; on PostgreSQL its tables live in a schema of their
 * own, created by {@link #prepare} and dropped by {@link #cleanUp}; on Redis {@link #cleanUp}
 * deletes the project's rows through {@link FeatureStore#teardown()}. Nothing else is touched.
 */
public final class BackendSetup {
  /** The registry of a test repository. */
  public enum Registry {
    SQLITE,
    POSTGRES
  }

  /** The online store of a test repository. */
  public enum Online {
    SQLITE,
    REDIS,
    REDIS_CLUSTER
  }

  /** The offline engine of a repository unless {@link #withOfflineStore} says otherwise. */
  public static final String DEFAULT_OFFLINE_STORE = "{type: duckdb}";

  private final Registry registry;
  private final Online online;
  private final Supplier<String> clusterSeeds;
  private final Path sqliteRegistry;
  private final String offlineStore;

  private BackendSetup(Registry registry, Online online, Supplier<String> clusterSeeds) {
    this(registry, online, clusterSeeds, null, DEFAULT_OFFLINE_STORE);
  }

  private BackendSetup(
      Registry registry,
      Online online,
      Supplier<String> clusterSeeds,
      Path sqliteRegistry,
      String offlineStore) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.online = Objects.requireNonNull(online, "online");
    this.clusterSeeds = clusterSeeds;
    this.sqliteRegistry = sqliteRegistry;
    this.offlineStore = Objects.requireNonNull(offlineStore, "offlineStore");
  }

  /**
   * These backends, but with a SQLite registry (if it is one) in the file {@code file} instead of
   * each repository's own {@code data/registry.db}: so that several repositories (of several
   * processes) share one registry, as they share a PostgreSQL one.
   */
  public BackendSetup withSqliteRegistryAt(Path file) {
    return new BackendSetup(registry, online, clusterSeeds, file.toAbsolutePath(), offlineStore);
  }

  /**
   * These backends with the offline engine {@code section} (the {@code offline_store:} value as a
   * YAML flow map, e.g. {@code {type: spark, spark_conf: {spark.master: "local[2]"}}}) instead of
   * {@value #DEFAULT_OFFLINE_STORE}.
   */
  public BackendSetup withOfflineStore(String section) {
    return new BackendSetup(registry, online, clusterSeeds, sqliteRegistry, section);
  }

  /** The {@code offline_store:} value, a YAML flow map. */
  public String offlineStore() {
    return offlineStore;
  }

  /** The embedded defaults: SQLite registry, SQLite online store. */
  public static BackendSetup embedded() {
    return new BackendSetup(Registry.SQLITE, Online.SQLITE, null);
  }

  /** {@code registry} with {@code online}, which must not be {@link Online#REDIS_CLUSTER}. */
  public static BackendSetup of(Registry registry, Online online) {
    if (online == Online.REDIS_CLUSTER) {
      throw new IllegalArgumentException("a Redis Cluster needs its seed nodes: use ofCluster");
    }
    return new BackendSetup(registry, online, null);
  }

  /** {@code registry} with the Redis Cluster of {@code seeds} ({@code host:port,host:port…}). */
  public static BackendSetup ofCluster(Registry registry, String seeds) {
    Objects.requireNonNull(seeds, "seeds");
    return ofCluster(registry, () -> seeds);
  }

  /**
   * {@code registry} with the Redis Cluster whose seed nodes {@code seeds} gives when the test
   * runs, such as {@link TestRedisCluster.PerClass#seeds()}, which starts the test class's cluster
   * then (or skips the test without {@code redis-server}).
   */
  public static BackendSetup ofCluster(Registry registry, Supplier<String> seeds) {
    return new BackendSetup(registry, Online.REDIS_CLUSTER, Objects.requireNonNull(seeds, "seeds"));
  }

  public Registry registry() {
    return registry;
  }

  public Online online() {
    return online;
  }

  /**
   * Skips (or, on CI, fails) the calling test when a shared service it needs does not answer; for a
   * Redis Cluster, asks for its seeds (which may start it).
   */
  public void requireAvailable() {
    if (registry == Registry.POSTGRES) {
      TestServices.requirePostgres();
    }
    if (online == Online.REDIS) {
      TestServices.requireRedis();
    }
    if (online == Online.REDIS_CLUSTER) {
      clusterSeeds.get();
    }
  }

  /** Makes what {@code project}'s repository needs outside it: its PostgreSQL schema. */
  public void prepare(String project) {
    if (registry == Registry.POSTGRES) {
      TestServices.createSchema(project);
    }
  }

  /**
   * The {@code registry:} and {@code online_store:} lines of {@code project}'s {@code
   * feature_store.yaml}.
   */
  public String featureStoreYaml(String project) {
    String registryYaml =
        switch (registry) {
          case SQLITE ->
              "registry: \""
                  + (sqliteRegistry == null ? "data/registry.db" : sqliteRegistry.toString())
                  + "\"\n";
          case POSTGRES ->
              "registry:\n  registry_type: sql\n  path: \""
                  + TestServices.postgresUrl(project)
                  + "\"\n  cache_ttl_seconds: 2\n";
        };
    String onlineYaml =
        switch (online) {
          case SQLITE -> "online_store: {type: sqlite, path: data/online_store.db}\n";
          case REDIS ->
              "online_store: {type: redis, connection_string: \""
                  + TestServices.redisAddress()
                  + "\"}\n";
          case REDIS_CLUSTER ->
              "online_store: {type: redis, redis_type: redis_cluster, connection_string: \""
                  + clusterSeeds.get()
                  + "\"}\n";
        };
    return registryYaml + onlineYaml;
  }

  /**
   * Removes what the repository at {@code repo} of {@code project} wrote outside its folder: its
   * online rows in Redis and its PostgreSQL schema.
   */
  public void cleanUp(Path repo, String project) {
    try {
      if (online != Online.SQLITE) {
        try (FeatureStore store = FeatureStore.open(repo)) {
          store.teardown();
        }
      }
    } finally {
      if (registry == Registry.POSTGRES) {
        TestServices.dropSchema(project);
      }
    }
  }

  @Override
  public String toString() {
    return registry.name().toLowerCase(java.util.Locale.ROOT)
        + " registry, "
        + online.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " online store"
        + (offlineStore.equals(DEFAULT_OFFLINE_STORE) ? "" : ", offline store " + offlineStore);
  }
}
