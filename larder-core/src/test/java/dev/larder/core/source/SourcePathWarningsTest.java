package dev.larder.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.repo.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN B9: with a shared registry, {@code apply} warns about each source path that is relative to
 * this machine's repository folder, naming the source (where it is defined) and the fix; with the
 * embedded SQLite registry it says nothing. The registry type is all that decides, so a {@code sql}
 * configuration is tested here without the PostgreSQL module.
 */
class SourcePathWarningsTest {
  @TempDir Path repo;

  private RepoConfig config(String registryType, String path) {
    return new RepoConfig(
        repo,
        "p",
        new StoreConfig(registryType, Map.of("path", path)),
        "local",
        StoreConfig.of("sqlite"),
        StoreConfig.of("duckdb"),
        3,
        StoreConfig.of("none"));
  }

  private RepoDefinitions definitions() throws IOException {
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        sources:
          - name: relative
            type: file
            path: data/events.parquet
            timestamp_field: ts
          - name: absolute
            type: file
            path: /srv/shared/events.parquet
            timestamp_field: ts
          - name: uri
            type: file
            path: s3://bucket/events.parquet
            timestamp_field: ts
          - name: named_push
            type: push
            batch_source: relative
          - name: inline_push
            type: push
            batch_source:
              name: pushed_files
              type: file
              path: ../pushed
              timestamp_field: ts
        """);
    return DefinitionLoader.load(repo);
  }

  @Test
  void aSharedRegistryWarnsOncePerRelativeSourcePathNamingTheSourceAndTheFix() throws IOException {
    Path file = repo.resolve("features.yaml");
    assertThat(SourcePathWarnings.of(config("sql", "postgresql://x@h/db"), definitions()))
        .containsExactly(
            file
                + ":2: file source 'relative' reads the relative path 'data/events.parquet' ("
                + repo.resolve("data/events.parquet")
                + " here), but the registry is shared (registry_type sql): other machines resolve"
                + " it in their own repository folder and may not have the file; use an absolute"
                + " path or a URI that every machine reaches",
            file
                + ":17: push source 'inline_push': batch_source 'pushed_files' reads the relative"
                + " path '../pushed' ("
                + repo.getParent().resolve("pushed")
                + " here), but the registry is shared (registry_type sql): other machines resolve"
                + " it in their own repository folder and may not have the file; use an absolute"
                + " path or a URI that every machine reaches");
  }

  @Test
  void theEmbeddedSqliteRegistryHasNoWarnings() throws IOException {
    assertThat(
            SourcePathWarnings.of(
                config("sqlite", repo.resolve("data/registry.db").toString()), definitions()))
        .isEmpty();
  }

  @Test
  void absolutePathsAndUrisAreNotRelative() {
    assertThat(SourcePathWarnings.isRelative("data/x.parquet")).isTrue();
    assertThat(SourcePathWarnings.isRelative("./x.csv")).isTrue();
    assertThat(SourcePathWarnings.isRelative("~/x.csv")).as("not expanded").isTrue();
    assertThat(SourcePathWarnings.isRelative("s3:x.parquet")).as("no //").isTrue();
    assertThat(SourcePathWarnings.isRelative("/data/x.parquet")).isFalse();
    assertThat(SourcePathWarnings.isRelative("s3://bucket/x.parquet")).isFalse();
    assertThat(SourcePathWarnings.isRelative("file:///data/x.parquet")).isFalse();
    assertThat(SourcePathWarnings.isRelative("gs://b/x")).isFalse();
  }
}
