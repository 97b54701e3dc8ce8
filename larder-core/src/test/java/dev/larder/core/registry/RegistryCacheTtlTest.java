package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.FeatureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's {@code cache_ttl_seconds} bounds how far a long-running store's snapshot (a
 * feature server's, for online reads and pushes) may lag behind another process's {@code apply},
 * with the SQLite registry, which sends no change notices: the snapshot is checked on the first
 * read after that many seconds, and not before.
 */
class RegistryCacheTtlTest {
  @TempDir Path repo;

  @Test
  void aServersSnapshotPicksUpAnotherStoresApplyWithinTheTtlAndNotBefore() throws Exception {
    write("cache_ttl_seconds: 1");
    try (FeatureStore server = FeatureStore.open(repo)) {
      assertThat(server.config().registryCacheTtl()).isEqualTo(Duration.ofSeconds(1));
      applyElsewhere("first");
      assertThat(server.recentSnapshot().revision()).isEqualTo(1);

      applyElsewhere("second");
      Thread.sleep(1_100);
      assertThat(server.recentSnapshot().revision())
          .as("checked on the first read after cache_ttl_seconds")
          .isEqualTo(2);
    }
  }

  @Test
  void aLongTtlKeepsTheSnapshotThatLong() throws Exception {
    write("cache_ttl_seconds: 3600");
    try (FeatureStore server = FeatureStore.open(repo)) {
      applyElsewhere("first");
      assertThat(server.recentSnapshot().revision()).isEqualTo(1);
      applyElsewhere("second");
      Thread.sleep(2_500); // beyond the default of 2 seconds
      assertThat(server.recentSnapshot().revision())
          .as("not checked before cache_ttl_seconds")
          .isEqualTo(1);
    }
  }

  @Test
  void zeroChecksOnEveryRead() throws Exception {
    write("cache_ttl_seconds: 0");
    try (FeatureStore server = FeatureStore.open(repo)) {
      applyElsewhere("first");
      assertThat(server.recentSnapshot().revision()).isEqualTo(1);
      applyElsewhere("second");
      assertThat(server.recentSnapshot().revision()).isEqualTo(2);
    }
  }

  private void write(String ttl) throws IOException {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: p\nregistry:\n  registry_type: file\n  path: data/registry.db\n  " + ttl + "\n");
  }

  /** Applies one more entity from a store of its own, as another process would. */
  private void applyElsewhere(String entity) throws IOException {
    Files.writeString(
        repo.resolve(entity + ".yaml"),
        "entities:\n  - {name: "
            + entity
            + ", join_keys: ["
            + entity
            + "_id], value_type: INT64}\n");
    try (FeatureStore other = FeatureStore.open(repo)) {
      other.apply();
    }
  }
}
