package dev.larder.postgres;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.registry.RegistryStore;
import dev.larder.core.registry.RegistryStoreFactory;
import dev.larder.core.repo.BackendSection;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link PostgresRegistryStore} (DESIGN B9), with Feast's spellings:
 *
 * <pre>
 * registry:
 *   registry_type: sql
 *   path: postgresql://larder@127.0.0.1:5432/features   # postgresql+psycopg://… too; ?currentSchema=…
 *   cache_ttl_seconds: 2   # how often a server asks for the revision while change notices are
 *                          # down (they tell of every commit at once); default 2, 0: every read
 * </pre>
 *
 * The other keys of Feast's SQL registry configuration ({@code SqlRegistryConfig}) are accepted
 * with one warning each, saying what Larder does instead ({@link #FEAST_SQL_ONLY}, {@link
 * RegistryStoreFactory#FEAST_ONLY}). Any other key is an error when {@code feature_store.yaml} is
 * read, as is a path that is not a PostgreSQL URL; the password never appears in messages or {@link
 * RegistryStore#location()}. Nothing connects until the registry is first used.
 */
public final class PostgresRegistryStoreFactory implements RegistryStoreFactory {
  /** How stale a cached snapshot may be when nothing says so sooner: {@code cache_ttl_seconds}. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);

  /**
   * The keys of Feast's {@code SqlRegistryConfig} beyond its {@code RegistryConfig} that Larder
   * does not use, each with what Larder does instead.
   */
  static final Map<String, String> FEAST_SQL_ONLY = feastSqlOnly();

  private static Map<String, String> feastSqlOnly() {
    Map<String, String> m = new LinkedHashMap<>(RegistryStoreFactory.FEAST_ONLY);
    m.put("read_path", "Larder reads and writes the registry through path");
    m.put(
        "sqlalchemy_config_kwargs",
        "Larder connects with PostgreSQL's JDBC driver and a small pool of its own; settings go"
            + " in the URL of path (e.g. ?currentSchema=ml)");
    m.put(
        "thread_pool_executor_worker_count",
        "Larder follows the registry's change notices instead of refreshing on a thread pool");
    m.put(
        "schema_mode",
        "Larder always creates and migrates its own tables (Feast's schema_mode: auto)");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static final String EXAMPLE =
      "registry: {registry_type: sql, path: \"" + PostgresUrl.EXAMPLE + "\"}";

  @Override
  public String type() {
    return "sql";
  }

  @Override
  public StoreConfig configure(BackendSection section) {
    section.allow(List.of("path", "cache_ttl_seconds"), FEAST_SQL_ONLY);
    String path = section.requiredText("path", "add path: " + PostgresUrl.EXAMPLE);
    try {
      PostgresUrl.parse(path);
    } catch (IllegalArgumentException e) {
      throw section.error(
          "path", "'path' is not a PostgreSQL URL: " + e.getMessage() + "; for example " + EXAMPLE);
    }
    long ttl =
        section
            .wholeNumber("cache_ttl_seconds", 0, Integer.MAX_VALUE)
            .orElse(DEFAULT_CACHE_TTL.toSeconds());
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("path", path);
    options.put("cache_ttl_seconds", ttl);
    return section.config(options);
  }

  @Override
  public RegistryStore create(RepoConfig config) {
    StoreConfig section = config.registry();
    PostgresUrl url;
    long ttl;
    try {
      url = PostgresUrl.parse(section.text("path").orElse(""));
      ttl =
          Long.parseLong(
              section.text("cache_ttl_seconds").orElse("" + DEFAULT_CACHE_TTL.toSeconds()));
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(
          "registry of type sql: " + e.getMessage(), "Write it as " + EXAMPLE, e);
    }
    return new PostgresRegistryStore(url, config.project(), Duration.ofSeconds(ttl));
  }
}
