package dev.larder.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.FeatureStore;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.online.OnlineStore;
import dev.larder.core.repo.RepoConfig;
import dev.larder.testkit.TestRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code online_store} section of type {@code redis}: found through {@link
 * java.util.ServiceLoader}, its keys and connection string checked when {@code feature_store.yaml}
 * is read, the password kept out of every message. No server needed: nothing connects until the
 * first read or write.
 */
class RedisOnlineStoreFactoryTest {
  @TempDir Path repo;

  private RepoConfig load(String onlineStore) throws IOException {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: shop\nregistry: data/registry.db\nprovider: local\nonline_store:\n"
            + onlineStore
            + "offline_store: {type: duckdb}\n");
    return RepoConfig.load(repo);
  }

  /** Every key of Feast's RedisOnlineStoreConfig loads; those Larder does not use warn once. */
  @Test
  void feastsRedisKeysAreAcceptedWithOneWarningEachForThoseLarderDoesNotUse() throws IOException {
    RepoConfig config =
        load(
            "  type: redis\n  redis_type: redis\n  connection_string: \"127.0.0.1:6379,db=3\"\n"
                + "  key_ttl_seconds: 60\n  sentinel_master: mymaster\n"
                + "  full_scan_for_deletion: true\n  skip_dedup: false\n");
    assertThat(config.onlineStore().options())
        .containsEntry("key_ttl_seconds", 60L)
        .containsEntry("redis_type", "redis");
    assertThat(config.warnings())
        .extracting(w -> w.substring(w.indexOf(": ") + 2, w.indexOf(" is Feast's")))
        .containsExactly(
            "online_store.sentinel_master",
            "online_store.full_scan_for_deletion",
            "online_store.skip_dedup");
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: shop\nregistry: data/registry.db\nonline_store: {type: redis}\n"
            + "entity_key_serialization_version: 2\n");
    assertThatThrownBy(() -> RepoConfig.load(repo))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "entity_key_serialization_version 2 is not supported; Larder writes version 3"
                + " (Feast's current key layout)");
    assertThatThrownBy(() -> load("  type: redis\n  skip_dedupe: true\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("unknown key 'skip_dedupe'; did you mean 'skip_dedup'?");
  }

  @Test
  void aRedisSectionOpensARedisStoreWithoutConnectingAndHidesThePassword() throws IOException {
    RepoConfig config =
        load(
            "  type: redis\n  redis_type: redis\n"
                + "  connection_string: \"10.1.2.3:6380,password=s3cret,ssl=true,db=2\"\n"
                + "  key_ttl_seconds: 3600\n");
    assertThat(config.onlineStore().options())
        .containsEntry("redis_type", "redis")
        .containsEntry("key_ttl_seconds", 3600L);
    try (OnlineStore s = OnlineStore.open(config)) {
      assertThat(s).isInstanceOf(RedisOnlineStore.class);
      assertThat(s.location()).isEqualTo("rediss://10.1.2.3:6380/2 (project shop)");
    }
  }

  /**
   * A password read from the environment ({@code ${REDIS_PASSWORD}}) reaches the store and nothing
   * else: not its location, the configuration's text, or an error about the connection string.
   */
  @Test
  void aPasswordFromTheEnvironmentIsUsedAndNeverShown() throws IOException {
    Map<String, String> env = Map.of("REDIS_PASSWORD", "env-s3cret", "REDIS_HOST", "10.9.8.7");
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: shop
        registry: data/registry.db
        online_store:
          type: redis
          connection_string: "${REDIS_HOST}:6379,password=${REDIS_PASSWORD},ssl=true"
        """);
    RepoConfig config = RepoConfig.load(repo, env::get);
    assertThat(config.onlineStore().text("connection_string"))
        .contains("10.9.8.7:6379,password=env-s3cret,ssl=true");
    assertThat(config.toString()).doesNotContain("env-s3cret");
    try (OnlineStore s = OnlineStore.open(config)) {
      assertThat(s.location()).isEqualTo("rediss://10.9.8.7:6379/0 (project shop)");
    }

    // a forgotten "password=" puts the secret where a server should be: still not shown
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        """
        project: shop
        registry: data/registry.db
        online_store:
          type: redis
          connection_string: "${REDIS_HOST}:6379,${REDIS_PASSWORD}"
        """);
    assertThatThrownBy(() -> RepoConfig.load(repo, env::get))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:5")
        .hasMessageContaining("item 2 of 2 is neither host:port")
        .hasMessageNotContaining("env-s3cret");
    assertThatThrownBy(() -> RepoConfig.load(repo, Map.of("REDIS_HOST", "h")::get))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageEndingWith(
            "feature_store.yaml:5: environment variable 'REDIS_PASSWORD' is not set");
  }

  @Test
  void theDefaultsAreFeasts() throws IOException {
    try (OnlineStore s = OnlineStore.open(load("  type: redis\n"))) {
      assertThat(s.location()).isEqualTo("redis://localhost:6379/0 (project shop)");
    }
  }

  @Test
  void unknownKeysAreErrorsAtLoadWithTheLine() {
    assertThatThrownBy(() -> load("  type: redis\n  conection_string: \"127.0.0.1:6379\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:6")
        .hasMessageContaining("unknown key 'conection_string'")
        .hasMessageContaining("did you mean 'connection_string'");
  }

  @Test
  void aMalformedConnectionStringIsAnErrorAtLoadThatNeverShowsThePassword() {
    assertThatThrownBy(
            () ->
                load(
                    "  type: redis\n"
                        + "  connection_string: \"127.0.0.1:6379,password=s3cret,sssl=true\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:6")
        .hasMessageContaining(
            "'connection_string' does not parse: item 3 of 3 is an unknown parameter; did you mean"
                + " 'ssl'? The parameters are password, username, ssl, db,"
                + " skip_full_coverage_check")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> load("  type: redis\n  connection_string: \"redis-host\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "item 1 of 1 is neither host:port (for example 127.0.0.1:6379) nor a name=value"
                + " parameter");
    assertThatThrownBy(() -> load("  type: redis\n  key_ttl_seconds: -1\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'key_ttl_seconds' must be a whole number from 0 to");
  }

  /**
   * What a mistyped connection string may hold in any item is a secret (a forgotten {@code
   * password=} puts the password where a server should be), so no error shows an item's text.
   */
  @Test
  void noConnectionStringErrorShowsTheTextOfAnItem() {
    String secret = "Pa55:w0rd";
    for (String text :
        List.of(
            "127.0.0.1:6379," + secret,
            "127.0.0.1:6379,password=a," + secret,
            "127.0.0.1:6379,ssl=" + secret,
            "127.0.0.1:6379,db=" + secret,
            "127.0.0.1:6379," + secret + "=x",
            secret.replace(":", "") + ":port",
            "127.0.0.1:6379,,password=" + secret,
            "password=" + secret)) {
      assertThatThrownBy(() -> RedisConnectionString.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("Pa55")
          .hasMessageNotContaining("w0rd");
    }
    assertThat(RedisConnectionString.parse("h:1,password=" + secret).toString())
        .isEqualTo("redis://h:1/0")
        .doesNotContain("Pa55");
  }

  @Test
  void aClusterSectionOpensAClusterStoreWithoutConnecting() throws IOException {
    RepoConfig config =
        load(
            "  type: redis\n  redis_type: redis_cluster\n"
                + "  connection_string: \"10.0.0.1:7000,10.0.0.2:7000,password=s3cret,ssl=true\"\n");
    assertThat(config.onlineStore().options()).containsEntry("redis_type", "redis_cluster");
    try (OnlineStore s = OnlineStore.open(config)) {
      assertThat(s).isInstanceOf(RedisOnlineStore.class);
      assertThat(s.location())
          .isEqualTo("rediss://10.0.0.1:7000,10.0.0.2:7000 (Redis Cluster, project shop)");
    }
  }

  @Test
  void aClusterHasOnlyDatabaseZeroAndOneServerIsNotACluster() {
    assertThatThrownBy(
            () ->
                load(
                    "  type: redis\n  redis_type: redis_cluster\n"
                        + "  connection_string: \"10.0.0.1:7000,db=3\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("feature_store.yaml:7")
        .hasMessageContaining(
            "'connection_string' asks for a database other than 0 (db=), but a Redis Cluster has"
                + " only database 0; remove db= for redis_type: redis_cluster");
    assertThatThrownBy(
            () -> load("  type: redis\n  connection_string: \"10.0.0.1:7000,10.0.0.2:7000\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "'connection_string' names 2 servers, but redis_type: redis uses one; name one server,"
                + " or set redis_type: redis_cluster for a Redis Cluster's seed nodes");
  }

  @Test
  void otherRedisTypesAreRefused() {
    assertThatThrownBy(() -> load("  type: redis\n  redis_type: redis_sentinel\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "redis_type 'redis_sentinel' is not supported; use redis or redis_cluster");
    assertThatThrownBy(() -> load("  type: redis\n  redis_type: memcached\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("redis_type must be redis or redis_cluster, got 'memcached'");
    assertThatThrownBy(() -> load("  type: redis\n  redis_type: redis_clustr\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining(
            "redis_type must be redis or redis_cluster, got 'redis_clustr'; did you mean"
                + " 'redis_cluster'?");
  }

  @Test
  void anApplyRefusesAnOnlineViewKeyedByATypeFeastsRedisKeysCannotHold() throws IOException {
    load("  type: redis\n  connection_string: \"127.0.0.1:1\"\n");
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: reading, join_keys: [level], value_type: FLOAT64}
        sources:
          - {name: data, type: file, path: data/data.parquet, timestamp_field: ts}
        feature_views:
          - name: by_level
            entities: [reading]
            source: data
            schema:
              - {name: x, dtype: Int64}
        """);
    TestRepos.parquet(
        repo.resolve("data/data.parquet"),
        "level DOUBLE, ts TIMESTAMPTZ, x BIGINT",
        "(0.5, '2025-01-01 00:00:00+00', 1)");
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThatThrownBy(store::apply)
          .isInstanceOf(InvalidDefinitionException.class)
          .hasMessage(
              "join key 'level' of feature view 'by_level' is FLOAT64, which Feast's Redis keys"
                  + " (entity_key_serialization_version 3) cannot hold");
      assertThatThrownBy(store::snapshot) // nothing was committed
          .isInstanceOf(dev.larder.core.NotFoundException.class);
    }
  }

  @Test
  void connectionStringsParseAsFeastsDo() {
    RedisConnectionString c =
        RedisConnectionString.parse("a:1, b:2 ,username=u,password=\"p,w\"".replace(",w\"", "w\""));
    assertThat(c.nodes())
        .containsExactly(
            new RedisConnectionString.Node("a", 1), new RedisConnectionString.Node("b", 2));
    assertThat(c.username()).isEqualTo("u");
    assertThat(c.password()).isEqualTo("pw");
    assertThat(c.toString()).isEqualTo("redis://u@a:1,b:2/0");
    assertThat(RedisConnectionString.parse("[::1]:6379").nodes().get(0).host()).isEqualTo("::1");
  }
}
