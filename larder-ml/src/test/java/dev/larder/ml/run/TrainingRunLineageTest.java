package dev.larder.ml.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.FeatureStore;
import dev.larder.core.lineage.LineageFormat;
import dev.larder.core.lineage.LineageGraph;
import dev.larder.core.lineage.LineageNode;
import dev.larder.core.lineage.LineageRole;
import dev.larder.core.registry.Actor;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.ml.data.GenerationProgress;
import dev.larder.ml.data.GeneratorOptions;
import dev.larder.ml.data.ParquetExporter;
import dev.larder.ml.data.SampleDatabase;
import dev.larder.ml.eval.Metric;
import dev.larder.ml.featurestore.ClassificationRepoTemplate;
import dev.larder.ml.report.RunReport;
import dev.larder.ml.report.RunReportJson;
import dev.larder.ml.spec.FeatureStoreSpecBuilder;
import dev.larder.ml.spec.TrainingSource;
import dev.larder.ml.spec.TrainingSpec;
import dev.larder.ml.workflow.WorkflowResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training runs through the feature store are recorded in the registry with the view versions they
 * read, the entity rows' hash and the metrics (real SQLite, DuckDB and Parquet); direct loading is
 * not recorded.
 */
class TrainingRunLineageTest {
  private static final Instant AS_OF = Instant.parse("2025-11-01T00:00:00Z");
  private static final String PARQUET = "../data/classification_data.parquet";

  @TempDir Path work;
  private final List<String> warnings = new ArrayList<>();
  private Path repo;

  /** A repository whose view declares 19 of the database's 20 features, applied: v1. */
  @BeforeEach
  void repositoryAtVersion1() {
    SampleDatabase.create(
        work.resolve(SampleDatabase.DEFAULT_PATH),
        GeneratorOptions.defaults().withSamples(200),
        false,
        GenerationProgress.NONE);
    ParquetExporter.export(
        work.resolve(SampleDatabase.DEFAULT_PATH),
        SampleDatabase.TABLE,
        work.resolve(ParquetExporter.defaultOutput(SampleDatabase.TABLE)));
    repo = work.resolve("feature_repo");
    ClassificationRepoTemplate.writeDefinitions(repo, PARQUET, 19);
    try (FeatureStore store = FeatureStore.open(repo)) {
      store.apply();
    }
  }

  private TrainingRun train(int features, Instant asOf) {
    TrainingSpec defaults = TrainingSpec.defaults(TrainingSource.FEATURE_STORE);
    FeatureStoreSpecBuilder fs =
        new FeatureStoreSpecBuilder().enable().setNFeatures(features).setInitializeOnStart(false);
    if (asOf != null) {
      fs.setTimestamp(asOf);
    }
    TrainingSpec spec =
        new TrainingSpec(
            TrainingSource.FEATURE_STORE,
            defaults.db(),
            defaults.table(),
            defaults.features(),
            defaults.model(),
            fs.build());
    return TrainingRun.execute(spec, work, null, false, false, warnings::add);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFeatureStoreRunIsRecordedWithItsViewVersionEntityRowsHashAndMetrics() throws Exception {
    TrainingRun run = train(19, AS_OF);
    WorkflowResult result = run.result();
    RecordedRun recorded = run.registryRun().orElseThrow();

    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.runs()).containsExactly(recorded);
      assertThat(store.run(recorded.id())).isEqualTo(recorded);
      assertThat(store.snapshot().revision()).as("recording made no revision").isEqualTo(1);
    }
    assertThat(recorded.id()).isEqualTo(run.directory().getFileName().toString());
    assertThat(recorded.user()).isEqualTo(Actor.current().name());
    assertThat(recorded.inputs().features())
        .hasSize(20)
        .startsWith(new ResolvedFeature("classification_features", 1, "feature_0"))
        .endsWith(
            new ResolvedFeature("classification_features", 1, "feature_18"),
            new ResolvedFeature("classification_features", 1, "target"));
    assertThat(recorded.inputs().sources()).containsExactly("classification_source");
    assertThat(recorded.inputs().featureService()).isEmpty();
    assertThat(recorded.inputs().asOf()).isEqualTo(AS_OF);

    StringBuilder entityRows = new StringBuilder("sample_index,event_timestamp\n");
    for (int i = 0; i < 200; i++) {
      entityRows.append(i).append(",2025-11-01T00:00:00Z\n");
    }
    assertThat(recorded.inputs().entityRows()).isEqualTo(200);
    assertThat(recorded.inputs().entityRowsSha256()).isEqualTo(sha256(entityRows.toString()));
    assertThat(recorded.trainingRows()).isEqualTo(result.rowsTotal()).isLessThan(200);
    assertThat(recorded.dataSha256()).isEqualTo(result.dataSha256());
    assertThat(recorded.model()).isEqualTo("logistic-regression");
    assertThat(new ObjectMapper().readTree(recorded.modelSpec()).path("seed").asLong())
        .isEqualTo(42);
    for (Metric metric : Metric.values()) {
      assertThat(recorded.metrics().get(metric.id()))
          .as(metric.id())
          .isEqualTo(metric.of(result.testMetrics()));
    }
    assertThat(recorded.runPath()).isEqualTo(run.directory().toAbsolutePath().toString());

    JsonNode provenance =
        new ObjectMapper().readTree(run.directory().resolve(RunRecord.PROVENANCE_FILE).toFile());
    assertThat(provenance.at("/lineage/recorded_as/run_id").asText()).isEqualTo(recorded.id());
    assertThat(provenance.at("/lineage/recorded_as/registry").asText())
        .isEqualTo(repo.resolve("data/registry.db").toString());
    assertThat(provenance.at("/lineage/features/0").asText())
        .isEqualTo("classification_features@v1:feature_0");
    assertThat(provenance.at("/lineage/entity_rows/sha256").asText())
        .isEqualTo(recorded.inputs().entityRowsSha256());

    // the registry keeps the run's report: the same data as the run folder's report.json
    RunReport kept = RunReportJson.read(recorded.report().orElseThrow());
    RunReport inFolder = RunRecord.readReport(run.directory());
    assertThat(RunReportJson.write(kept)).isEqualTo(RunReportJson.write(inFolder));
    assertThat(kept.provenance().path()).isEqualTo("feature-store");
    assertThat(kept.provenance().featureStore().orElseThrow()).isEqualTo(recorded.inputs());
    assertThat(kept.metric(Metric.ROC_AUC)).isEqualTo(result.testMetrics().rocAuc());
    assertThat(kept.confusionMatrix().total()).isEqualTo(result.rowsTest());
    assertThat(Files.readString(run.reportPage()))
        .contains("data-chart=\"roc\"")
        .contains("classification_features@v1")
        .contains(recorded.inputs().entityRowsSha256());
  }

  @Test
  void afterANewVersionTheNextRunReadsItAndTheLineageShowsEachRunWithItsVersion() throws Exception {
    RecordedRun first = train(19, null).registryRun().orElseThrow();
    ClassificationRepoTemplate.writeDefinitions(repo, PARQUET, 20);
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.apply().newVersions()).hasSize(1);
    }
    RecordedRun second = train(20, null).registryRun().orElseThrow();

    assertThat(first.inputs().viewVersions()).containsExactly("classification_features@v1");
    assertThat(second.inputs().viewVersions()).containsExactly("classification_features@v2");
    assertThat(second.inputs().features())
        .contains(new ResolvedFeature("classification_features", 2, "feature_19"));
    assertThat(second.id()).isNotEqualTo(first.id());

    try (FeatureStore store = FeatureStore.open(repo)) {
      LineageGraph graph = store.lineage("classification_features", null);
      assertThat(graph.edges())
          .extracting(e -> e.from() + " -> " + e.to())
          .contains(
              "view:classification_features@v1 -> run:" + first.id(),
              "view:classification_features@v2 -> run:" + second.id());
      assertThat(graph.nodes(LineageRole.DOWNSTREAM))
          .filteredOn(n -> n instanceof LineageNode.Model)
          .extracting(LineageNode::name)
          .containsExactly(first.runPath(), second.runPath());
      JsonNode json = new ObjectMapper().readTree(LineageFormat.JSON.render(graph));
      assertThat(json.path("nodes")).hasSize(1 + 2 + 2 + 2);

      LineageGraph ofRun = store.lineage(first.id(), null);
      assertThat(ofRun.nodes())
          .extracting(LineageNode::id)
          .containsExactly(
              "source:classification_source",
              "view:classification_features@v1",
              "run:" + first.id(),
              "model:" + first.id());
    }
  }

  @Test
  void aDirectRunIsNotRecordedAndItsProvenanceHasNoLineage() throws Exception {
    TrainingRun run =
        TrainingRun.execute(
            TrainingSpec.defaults(TrainingSource.DIRECT), work, null, false, false, warnings::add);

    assertThat(run.registryRun()).isEmpty();
    assertThat(run.result().featureStoreInputs()).isEmpty();
    JsonNode provenance =
        new ObjectMapper().readTree(run.directory().resolve(RunRecord.PROVENANCE_FILE).toFile());
    assertThat(provenance.get("lineage").isNull()).isTrue();
    RunReport report = RunRecord.readReport(run.directory());
    assertThat(report.provenance().path()).isEqualTo("direct");
    assertThat(report.provenance().featureStore()).isEmpty();
    assertThat(report.provenance().source()).isEqualTo(run.result().source());
    assertThat(Files.readString(run.reportPage())).contains("direct loading");
    try (FeatureStore store = FeatureStore.open(repo)) {
      assertThat(store.runs()).isEmpty();
    }
  }
}
