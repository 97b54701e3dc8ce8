package dev.larder.ml.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.AlreadyExistsException;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.repo.DefinitionLoader;
import dev.larder.core.repo.RepoConfig;
import dev.larder.core.source.SourceValidator;
import dev.larder.ml.data.ExportResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassificationRepoTemplateTest {
  @TempDir Path dir;

  /** DESIGN B4, verbatim, with the elided feature lines written out. */
  private static String designB4(int n) {
    StringBuilder schema = new StringBuilder();
    for (int i = 0; i < n; i++) {
      schema.append("      - {name: feature_").append(i).append(", dtype: Float64}\n");
    }
    return "entities:\n"
        + "  - name: sample\n"
        + "    join_keys: [sample_index]\n"
        + "    value_type: INT64\n"
        + "    description: One generated sample\n"
        + "sources:\n"
        + "  - name: classification_source\n"
        + "    type: file\n"
        + "    path: data/classification_data.parquet\n"
        + "    timestamp_field: event_timestamp\n"
        + "    created_timestamp_column: created_timestamp\n"
        + "feature_views:\n"
        + "  - name: classification_features\n"
        + "    entities: [sample]\n"
        + "    ttl: 0\n"
        + "    source: classification_source\n"
        + "    schema:\n"
        + schema
        + "      - {name: target, dtype: Int64}\n"
        + "    online: true\n"
        + "    description: "
        + n
        + " synthetic features for binary classification\n";
  }

  @Test
  void definitionsAreExactlyTheTextOfDesignB4() {
    assertThat(ClassificationRepoTemplate.definitionsYaml("data/classification_data.parquet", 20))
        .isEqualTo(designB4(20));
  }

  @Test
  void initWritesAValidRepositoryWithItsOwnData() throws IOException {
    Path repo = dir.resolve("feature_repo");
    ExportResult export = ClassificationRepoTemplate.init(repo, false);
    assertThat(export.rows()).isEqualTo(1000);
    assertThat(Files.readString(repo.resolve("features.yaml"))).isEqualTo(designB4(20));
    assertThat(repo.resolve("data/classification_data.parquet")).isRegularFile();

    RepoConfig config = RepoConfig.load(repo);
    assertThat(config.project()).isEqualTo("classification");
    RepoDefinitions defs = DefinitionLoader.load(repo);
    SourceValidator.validate(config, defs);
    FeatureView view = defs.requireFeatureView("classification_features");
    assertThat(view.featureNames()).hasSize(21).startsWith("feature_0").endsWith("target");
    assertThat(view.ttl()).isEqualTo(Duration.ZERO);
    assertThat(view.entities()).containsExactly("sample");
  }

  @Test
  void nonEmptyDirectoryNeedsForce() throws IOException {
    Path repo = dir.resolve("r");
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> ClassificationRepoTemplate.init(repo, false))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining(repo.toString())
        .satisfies(e -> assertThat(((AlreadyExistsException) e).hint()).contains("--force"));
    assertThat(repo.resolve("notes.txt")).exists();
    ClassificationRepoTemplate.init(repo, true);
    assertThat(repo.resolve("notes.txt")).doesNotExist();
    assertThat(repo.resolve("features.yaml")).exists();
  }
}
