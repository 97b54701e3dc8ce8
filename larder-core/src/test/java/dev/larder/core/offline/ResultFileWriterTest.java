package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.FeatureReference;
import dev.larder.core.model.RepoDefinitions;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import dev.larder.core.offline.duckdb.DuckDbSettings;
import dev.larder.core.offline.duckdb.Sql;
import dev.larder.core.repo.DefinitionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine-neutral result writers and frame builder give what the DuckDB engine gives: the same
 * CSV bytes and the same Parquet schema and values, for every feature type and unusual entity
 * column types.
 */
class ResultFileWriterTest {
  @TempDir Path repo;
  RetrievalPlan plan;
  HistoricalRequest request;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(repo.resolve("data"));
    OfflineFixture.execute(
        "COPY (SELECT * FROM (VALUES"
            + " (1::BIGINT, TIMESTAMPTZ '2024-01-01 00:00:00+00', 1.5::FLOAT, 7::INTEGER,"
            + "  [0.1, NULL]::DOUBLE[], [0.1]::FLOAT[], ['a,b', 'say \"hi\"', NULL]::VARCHAR[],"
            + "  '\\x00\\xFF'::BLOB, TIMESTAMP '2024-03-04 05:06:07.123456', true, ''),"
            + " (2::BIGINT, TIMESTAMPTZ '2024-01-01 00:00:00+00', NULL, NULL, NULL, NULL, [],"
            + "  NULL, NULL, NULL, NULL))"
            + " t(driver_id, ts, f32, i32, arr, arr32, tags, blob, seen, flag, name)) TO "
            + Sql.literal(repo.resolve("data/s.parquet").toString())
            + " (FORMAT PARQUET)",
        "COPY (SELECT * FROM (VALUES"
            + " (1::INTEGER, TIMESTAMP '2024-02-01 00:00:00.5', 12.25::DECIMAL(10,2),"
            + "  DATE '2024-03-04', 18446744073709551615::UBIGINT),"
            + " (3::INTEGER, TIMESTAMP '2024-02-01 00:00:00', NULL, NULL, NULL),"
            + " (2::INTEGER, TIMESTAMP '2024-02-01 00:00:00', -1.5::DECIMAL(10,2),"
            + "  DATE '1999-12-31', 0::UBIGINT))"
            + " t(driver_id, event_timestamp, label, day, big)) TO "
            + Sql.literal(repo.resolve("entities.parquet").toString())
            + " (FORMAT PARQUET)");
    Files.writeString(
        repo.resolve("features.yaml"),
        """
        entities:
          - {name: driver, join_keys: [driver_id], value_type: INT64}
        sources:
          - {name: s, type: file, path: data/s.parquet, timestamp_field: ts}
        feature_views:
          - name: v
            entities: [driver]
            source: s
            schema:
              - {name: f32, dtype: Float32}
              - {name: i32, dtype: Int32}
              - {name: arr, dtype: Array(Float64)}
              - {name: arr32, dtype: Array(Float32)}
              - {name: tags, dtype: Array(String)}
              - {name: blob, dtype: Bytes}
              - {name: seen, dtype: UnixTimestamp}
              - {name: flag, dtype: Bool}
              - {name: name, dtype: String}
        """);
    RepoDefinitions defs = DefinitionLoader.load(repo);
    List<FeatureReference> refs = new ArrayList<>();
    for (String f : List.of("f32", "i32", "arr", "arr32", "tags", "blob", "seen", "flag", "name")) {
      refs.add(FeatureReference.parse("v:" + f));
    }
    plan = RetrievalPlan.forReferences(refs, DefinitionLookup.of(defs), false);
    request = HistoricalRequest.of(EntityRows.file(repo.resolve("entities.parquet")), plan);
  }

  /** The entity columns as the engine reads the Parquet entity rows. */
  private List<OutputColumn> columns() {
    Map<String, ColumnType> entity = new LinkedHashMap<>();
    entity.put("driver_id", ColumnType.INT32);
    entity.put("event_timestamp", ColumnType.TIMESTAMP_TZ);
    entity.put("label", ColumnType.decimal(10, 2));
    entity.put("day", ColumnType.DATE);
    entity.put("big", ColumnType.UINT64);
    return OutputColumn.of(entity, plan);
  }

  private void writeFrame(TrainingFrame frame, Path out) {
    try (ResultFileWriter writer = ResultFileWriter.open(out, columns())) {
      for (int row = 0; row < frame.rowCount(); row++) {
        List<Object> values = new ArrayList<>();
        for (FrameColumn c : frame.columns()) {
          values.add(c.get(row));
        }
        writer.writeRow(values);
      }
      writer.commit();
    }
  }

  @Test
  void csvFromTheFrameIsByteForByteTheEnginesCsv() throws Exception {
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      engine.writeHistoricalFeatures(request, repo.resolve("engine.csv"));
      writeFrame(engine.getHistoricalFeatures(request), repo.resolve("writer.csv"));
    }
    String expected = Files.readString(repo.resolve("engine.csv"));
    assertThat(expected).contains("0.1").contains("\"[\"\"a,b\"\"");
    assertThat(Files.readString(repo.resolve("writer.csv"))).isEqualTo(expected);
  }

  @Test
  void parquetFromTheFrameHasTheEnginesSchemaAndValues() throws Exception {
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      engine.writeHistoricalFeatures(request, repo.resolve("engine.parquet"));
      writeFrame(engine.getHistoricalFeatures(request), repo.resolve("writer.parquet"));
    }
    for (String query :
        List.of(
            "SELECT name, type, type_length, repetition_type, converted_type, scale, precision,"
                + " logical_type FROM parquet_schema(%s)",
            "DESCRIBE SELECT * FROM read_parquet(%s)", "SELECT * FROM read_parquet(%s)")) {
      List<List<String>> expected =
          OfflineFixture.query(
              String.format(query, Sql.literal(repo.resolve("engine.parquet").toString())));
      List<List<String>> actual =
          OfflineFixture.query(
              String.format(query, Sql.literal(repo.resolve("writer.parquet").toString())));
      assertThat(actual).as(query).isEqualTo(expected).hasSizeGreaterThan(2);
    }
  }

  @Test
  void theOutputIsReplacedOnlyByACommittedFile() throws Exception {
    Path out = repo.resolve("out/result.parquet");
    Files.createDirectories(out.getParent());
    Files.writeString(out, "old");
    try (ResultFileWriter writer = ResultFileWriter.open(out, columns())) {
      writer.writeRow(
          1, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
    assertThat(Files.readString(out)).isEqualTo("old");
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
    assertThatThrownBy(() -> ResultFileWriter.open(repo.resolve("x.json"), columns()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("neither .csv nor .parquet");
  }

  @Test
  void aFrameBuiltRowByRowOrColumnByColumnEqualsTheEnginesFrame() {
    TrainingFrame engineFrame;
    try (OfflineEngine engine = DuckDbOfflineEngine.open(repo, DuckDbSettings.defaults())) {
      engineFrame = engine.getHistoricalFeatures(request);
    }
    TrainingFrame.Builder rows = TrainingFrame.builder(plan);
    for (FrameColumn c : engineFrame.columns()) {
      rows.declare(c.name(), c.kind());
    }
    for (int r = 0; r < engineFrame.rowCount(); r++) {
      List<Object> values = new ArrayList<>();
      for (FrameColumn c : engineFrame.columns()) {
        values.add(c.get(r));
      }
      rows.addRow(values, new boolean[] {engineFrame.matchedRows(0).get(r)});
    }
    TrainingFrame byRows = rows.build();
    assertThat(byRows.columns()).isEqualTo(engineFrame.columns());
    assertThat(byRows.summary()).isEqualTo(engineFrame.summary());
    assertThat(byRows.matchedRows()).isEqualTo(engineFrame.matchedRows());

    TrainingFrame.Builder columns = TrainingFrame.builder(plan);
    engineFrame.columns().forEach(columns::column);
    columns.matchedRows(0, engineFrame.matchedRows(0));
    assertThat(columns.build().columns()).isEqualTo(engineFrame.columns());
    assertThatThrownBy(() -> columns.matchedRows(0, new BitSet()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set");
  }

  @Test
  void aViewWithoutMatchesNeedsItsDiagnostic() {
    TrainingFrame.Builder b = TrainingFrame.builder(plan);
    b.column(FrameColumn.ofLongs("driver_id", 1L));
    for (String name : plan.outputNames()) {
      FrameColumn.Builder c = FrameColumn.builder(name, FrameColumn.Kind.STRING);
      c.addNull();
      b.column(c.build());
    }
    assertThat(b.viewsWithoutMatches()).containsExactly(0);
    assertThatThrownBy(b::build).hasMessageContaining("need a no-match diagnostic");
  }
}
