package dev.larder.core.offline.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.LatestRequest;
import dev.larder.core.offline.LatestRows;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.online.RepoFixture;
import dev.larder.core.repo.DefinitionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine pulling the latest rows again and again: its prepared queries take new time bounds,
 * and see a file rewritten or a file added to a source directory.
 */
class PreparedPullTest {
  static final String COLUMNS = "id BIGINT, ts TIMESTAMPTZ, v BIGINT";

  @TempDir Path repo;

  @Test
  void repeatedPullsTakeNewBoundsAndSeeChangedFiles() throws Exception {
    RepoFixture.write(
        repo,
        """
        entities:
          - {name: thing, join_keys: [id], value_type: INT64}
        sources:
          - {name: one, type: file, path: data/one.parquet, timestamp_field: ts}
          - {name: many, type: file, path: data/many, timestamp_field: ts}
        feature_views:
          - {name: single, entities: [thing], source: one, schema: [{name: v, dtype: Int64}]}
          - {name: multi, entities: [thing], source: many, schema: [{name: v, dtype: Int64}]}
        """);
    RepoFixture.parquet(
        repo.resolve("data/one.parquet"),
        COLUMNS,
        "(1, '2024-01-01 00:00:00+00', 10)",
        "(1, '2024-01-03 00:00:00+00', 30)",
        "(2, '2024-01-02 00:00:00+00', 20)");
    Files.createDirectories(repo.resolve("data/many"));
    RepoFixture.parquet(
        repo.resolve("data/many/a.parquet"), COLUMNS, "(1, '2024-01-01 00:00:00+00', 1)");
    RepoDefinitions defs = DefinitionLoader.load(repo);
    try (DuckDbOfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      assertThat(pull(engine, defs, "single", "2024-01-01", "2024-01-02"))
          .containsExactly("1=10", "2=20");
      assertThat(pull(engine, defs, "single", "2024-01-01", "2024-01-05"))
          .containsExactly("1=30", "2=20");
      assertThat(pull(engine, defs, "single", "2024-01-03", "2024-01-05")).containsExactly("1=30");

      RepoFixture.parquet(
          repo.resolve("data/one.parquet"),
          COLUMNS,
          "(1, '2024-01-04 00:00:00+00', 40)",
          "(3, '2024-01-04 00:00:00+00', 300)",
          "(3, '2024-01-01 00:00:00+00', 100)",
          "(4, '2024-01-01 00:00:00+00', 400)");
      assertThat(pull(engine, defs, "single", "2024-01-01", "2024-01-05"))
          .containsExactly("1=40", "3=300", "4=400");

      assertThat(pull(engine, defs, "multi", "2024-01-01", "2024-01-05")).containsExactly("1=1");
      RepoFixture.parquet(
          repo.resolve("data/many/b.parquet"),
          COLUMNS,
          "(1, '2024-01-02 00:00:00+00', 2)",
          "(2, '2024-01-02 00:00:00+00', 5)");
      assertThat(pull(engine, defs, "multi", "2024-01-01", "2024-01-05"))
          .containsExactly("1=2", "2=5");
    }
  }

  /**
   * A source directory that gains a file before every pull, as a push source's does with every
   * push: the engine remembers one row count for it, not one per set of files (the soak's server
   * kept one per offline push, each keyed by the whole file list).
   */
  @Test
  void aDirectoryGainingFilesKeepsOneRememberedCount() throws Exception {
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
    try (DuckDbOfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      for (int i = 0; i < 12; i++) {
        RepoFixture.parquet(
            repo.resolve("data/many/part-" + (100 + i) + ".parquet"),
            COLUMNS,
            "(" + i + ", '2024-01-02 00:00:00+00', " + i + ")");
        assertThat(pull(engine, defs, "multi", "2024-01-01", "2024-01-05")).hasSize(i + 1);
      }
      assertThat(engine.cachedRowCounts()).isEqualTo(1);
    }
  }

  private static List<String> pull(
      DuckDbOfflineEngine engine, RepoDefinitions defs, String view, String from, String to) {
    ViewPlan plan = ViewPlan.allFeatures(defs.requireFeatureView(view), DefinitionLookup.of(defs));
    List<String> out = new ArrayList<>();
    try (LatestRows rows =
        engine.pullLatest(
            new LatestRequest(
                plan, Instant.parse(from + "T00:00:00Z"), Instant.parse(to + "T00:00:00Z")))) {
      while (rows.next()) {
        out.add(rows.key(0) + "=" + rows.value(0));
      }
    }
    return out;
  }
}
