package dev.larder.core.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.DefinitionJson;
import dev.larder.core.model.FeatureView;
import dev.larder.core.model.Field;
import dev.larder.core.model.FileFormat;
import dev.larder.core.model.FileSource;
import dev.larder.core.model.RepoDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feast's {@code file_format} on file sources and {@code description}/{@code tags} on fields. */
class FeastDefinitionKeysTest {
  @TempDir Path repo;

  private static final String ENTITY =
      "entities:\n  - {name: driver, join_keys: [driver_id], value_type: INT64}\n";

  @Test
  void fileFormatParquetIsAcceptedOnAParquetSource() throws IOException {
    RepoDefinitions defs =
        load(
            ENTITY
                + "sources:\n  - name: s\n    type: file\n    path: data/driver_stats.parquet\n"
                + "    file_format: parquet\n    timestamp_field: event_timestamp\n");
    FileSource source = (FileSource) defs.sources().get(0);
    assertThat(source.format()).isEqualTo(FileFormat.PARQUET);
  }

  @Test
  void anotherFileFormatOrParquetOnACsvPathIsAnErrorNamingTheFix() throws IOException {
    assertThat(
            error(
                ENTITY
                    + "sources:\n  - name: s\n    type: file\n    path: data/x.parquet\n"
                    + "    file_format: delta\n    timestamp_field: ts\n"))
        .hasMessage(
            file(7)
                + ": file source 's': file_format 'delta' is not supported; Larder's file sources"
                + " are Parquet (write file_format: parquet, or leave it out) or, for a path"
                + " ending in .csv, CSV (leave file_format out)");
    assertThat(
            error(
                ENTITY
                    + "sources:\n  - name: s\n    type: file\n    path: data/x.csv\n"
                    + "    file_format: parquet\n    timestamp_field: ts\n"))
        .hasMessageContaining("file_format: parquet does not match path 'data/x.csv', a CSV file");
  }

  @Test
  void fieldsKeepTheirDescriptionAndTagsThroughTheRegistrysJson() throws IOException {
    RepoDefinitions defs =
        load(
            ENTITY
                + "sources:\n  - {name: s, type: file, path: x.parquet, timestamp_field: ts}\n"
                + "feature_views:\n  - name: v\n    entities: [driver]\n    source: s\n"
                + "    schema:\n"
                + "      - {name: conv_rate, dtype: Float32}\n"
                + "      - name: avg_daily_trips\n        dtype: Int64\n"
                + "        description: Average daily trips\n"
                + "        tags: {unit: trips, team: driver_performance}\n");
    FeatureView view = defs.featureViews().get(0);
    assertThat(view.schema().get(0).description()).isEmpty();
    Field trips = view.schema().get(1);
    assertThat(trips.description()).isEqualTo("Average daily trips");
    assertThat(trips.tags())
        .containsExactly(Map.entry("team", "driver_performance"), Map.entry("unit", "trips"));

    String json = DefinitionJson.toTree(view).toString();
    assertThat(json)
        .contains("{\"name\":\"conv_rate\",\"dtype\":\"Float32\"}")
        .contains(
            "{\"name\":\"avg_daily_trips\",\"dtype\":\"Int64\",\"description\":\"Average daily"
                + " trips\",\"tags\":{\"team\":\"driver_performance\",\"unit\":\"trips\"}}");
    assertThat(DefinitionJson.fromTree(DefinitionJson.toTree(view))).isEqualTo(view);
  }

  @Test
  void aFieldWithAnUnknownKeyIsStillAnError() throws IOException {
    assertThat(
            error(
                ENTITY
                    + "sources:\n  - {name: s, type: file, path: x.parquet, timestamp_field: ts}\n"
                    + "feature_views:\n  - name: v\n    entities: [driver]\n    source: s\n"
                    + "    schema:\n      - {name: f, dtype: Int64, descripton: x}\n"))
        .hasMessageContaining("unknown key 'descripton'; did you mean 'description'?");
  }

  private RepoDefinitions load(String yaml) throws IOException {
    Files.writeString(repo.resolve("defs.yaml"), yaml);
    return DefinitionLoader.load(repo);
  }

  private InvalidDefinitionException error(String yaml) {
    return (InvalidDefinitionException)
        assertThatThrownBy(() -> load(yaml))
            .isInstanceOf(InvalidDefinitionException.class)
            .actual();
  }

  private String file(int line) {
    return repo.resolve("defs.yaml") + ":" + line;
  }
}
