package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.source.SourceSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SourceSchemas} over a directory of Parquet files that keeps gaining files. */
class SourceSchemasTest {
  @TempDir Path repo;

  /**
   * Each new file changes the directory's scan, so it is described again, and only the latest
   * description is kept (the soak's server kept one per offline push, each keyed by the whole file
   * list).
   */
  @Test
  void aDirectoryGainingFilesIsDescribedAgainAndKeptOnce() throws Exception {
    RepoFixture.write(
        repo,
        """
        entities:
          - {name: thing, join_keys: [id], value_type: INT64}
        sources:
          - {name: many, type: file, path: data/many, timestamp_field: ts}
        feature_views:
          - {name: multi, entities: [thing], source: many, schema: [{name: v, dtype: Int64}]}
        """);
    Files.createDirectories(repo.resolve("data/many"));
    RepoDefinitions defs = DefinitionLoader.load(repo);
    FileSource source = (FileSource) defs.sources().get(0).batchSource();
    try (SourceSchemas schemas = SourceSchemas.open(repo)) {
      for (int i = 0; i < 12; i++) {
        RepoFixture.parquet(
            repo.resolve("data/many/part-" + (100 + i) + ".parquet"),
            "id BIGINT, ts TIMESTAMPTZ, v BIGINT",
            "(" + i + ", '2024-01-02 00:00:00+00', " + i + ")");
        SourceSchema schema = schemas.describe(source);
        assertThat(schema.columnNames()).containsExactly("id", "ts", "v");
        assertThat(schemas.describe(source)).isSameAs(schema);
      }
      assertThat(schemas.describedCount()).isEqualTo(1);
    }
  }
}
