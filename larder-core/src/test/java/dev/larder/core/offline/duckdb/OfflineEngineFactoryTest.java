package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.offline.OfflineEngine;
import dev.larder.core.offline.OfflineEngineFactory;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEngineFactoryTest {
  @TempDir Path repo;

  @Test
  void duckdbAndItsAliasFileAreFoundThroughServiceLoader() {
    assertThat(OfflineEngineFactory.forType("duckdb"))
        .isInstanceOf(DuckDbOfflineEngineFactory.class);
    assertThat(OfflineEngineFactory.forType("file")).isInstanceOf(DuckDbOfflineEngineFactory.class);
  }

  @Test
  void unknownTypeNamesTheAvailableOnes() {
    assertThatThrownBy(() -> OfflineEngineFactory.forType("bigquery"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "offline_store type 'bigquery' is not available; available: duckdb, file, dask");
  }

  @Test
  void sparkWithoutItsPluginNamesThePlugin() {
    assertThatThrownBy(() -> OfflineEngineFactory.forType("spark"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith(
            "offline_store type 'spark' comes from the plugin 'spark', which is not installed");
  }

  @Test
  void opensTheEngineOfARepository() throws Exception {
    Files.writeString(
        repo.resolve("feature_store.yaml"),
        "project: p\nregistry: data/registry.db\noffline_store: {type: file}\n");
    try (OfflineEngine engine = OfflineEngine.open(RepoConfig.load(repo))) {
      assertThat(engine).isInstanceOf(DuckDbOfflineEngine.class);
      assertThat(engine.capability(DuckDbOfflineEngine.class))
          .containsSame((DuckDbOfflineEngine) engine);
      assertThat(engine.capability(Runnable.class)).isEmpty();
    }
  }

  @Test
  void settingsComeFromTheOfflineStoreSection() {
    DuckDbSettings settings =
        DuckDbSettings.of(
            new StoreConfig(
                "duckdb",
                Map.of(
                    "memory_limit",
                    "2GB",
                    "temp_directory",
                    "spill",
                    "threads",
                    3,
                    "direct_join_limit",
                    1000)),
            repo);
    assertThat(settings).isEqualTo(new DuckDbSettings("2GB", repo.resolve("spill"), 3, 1000));
    assertThat(DuckDbSettings.of(new StoreConfig("duckdb", Map.of()), repo))
        .isEqualTo(DuckDbSettings.defaults());
    assertThatThrownBy(
            () -> DuckDbSettings.of(new StoreConfig("duckdb", Map.of("memory", "2GB")), repo))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("unknown option 'memory'");
    assertThat(DuckDbSettings.defaults().effectiveMemoryLimit()).endsWith("MiB");
    assertThat(
            DuckDbSettings.of(
                    new StoreConfig("duckdb", Map.of("late_materialization_cells", 0)), repo)
                .lateMaterializationCells())
        .isZero();
    assertThat(DuckDbSettings.defaults().lateMaterializationCells())
        .isEqualTo(DuckDbSettings.LATE_MATERIALIZATION_CELLS);
    assertThatThrownBy(
            () ->
                DuckDbSettings.of(
                    new StoreConfig("duckdb", Map.of("late_materialization_cells", -1)), repo))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("late_materialization_cells is -1");
  }
}
