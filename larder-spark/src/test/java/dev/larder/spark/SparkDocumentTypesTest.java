package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.DefinitionLookup;
import dev.larder.core.offline.ViewPlan;
import dev.larder.core.repo.DefinitionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine refuses Map and Json features before any Spark work, naming the fix. */
class SparkDocumentTypesTest {
  @TempDir Path repo;

  @Test
  void aMapOrJsonFeatureIsRefusedNamingTheFeatureAndTheFix() throws IOException {
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: driver, join_keys: [driver_id], value_type: INT64}
        sources:
          - {name: docs, type: file, path: data/docs.parquet, timestamp_field: event_timestamp}
        feature_views:
          - name: docs_view
            entities: [driver]
            source: docs
            schema:
              - {name: rate, dtype: Float64}
              - {name: tags, dtype: Map}
          - name: plain
            entities: [driver]
            source: docs
            schema:
              - {name: rate, dtype: Float64}
        """);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    ViewPlan docs =
        ViewPlan.allFeatures(defs.requireFeatureView("docs_view"), DefinitionLookup.of(defs));
    assertThatThrownBy(() -> SparkTypes.requireReadable(docs))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "feature 'tags' of feature view 'docs_view' is of type Map, which the Spark engine does"
                + " not read")
        .hasFieldOrPropertyWithValue(
            "hint",
            "Use the DuckDB engine (offline_store: {type: duckdb}) for Map and Json features, or"
                + " declare the feature as String holding its JSON text");
    ViewPlan plain =
        ViewPlan.allFeatures(defs.requireFeatureView("plain"), DefinitionLookup.of(defs));
    assertThatCode(() -> SparkTypes.requireReadable(plain)).doesNotThrowAnyException();
  }
}
