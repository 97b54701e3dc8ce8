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
            "'connection_string' does not parse: it has an unknown parameter 'sssl'; the"
                + " parameters are password, username, ssl, db, skip_full_coverage_check")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> load("  type: redis\n  connection_string: \"redis-host\"\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'redis-host' is not host:port (for example 127.0.0.1:6379)");
    assertThatThrownBy(() -> load("  type: redis\n  key_ttl_seconds: -1\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("'key_ttl_seconds' must be a whole number from 0 to");
  }

  @Test
  void aClusterIsRefusedAsNotSupportedYet() {
    assertThatThrownBy(() -> load("  type: redis\n  redis_type: redis_cluster\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("redis_type 'redis_cluster' is not supported yet");
    assertThatThrownBy(() -> load("  type: redis\n  redis_type: memcached\n"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("redis_type must be redis or redis_cluster, got 'memcached'");
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
