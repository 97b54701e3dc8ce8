package dev.larder.ml.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.AlreadyExistsException;
import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.JsonOutput;
import dev.larder.core.NotFoundException;
import dev.larder.core.files.Directories;
import dev.larder.core.registry.RecordedRun;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.eval.BinaryMetrics;
import dev.larder.ml.eval.CrossValidationSummary;
import dev.larder.ml.report.ReportPage;
import dev.larder.ml.report.RunReport;
import dev.larder.ml.report.RunReportJson;
import dev.larder.ml.spec.SpecJson;
import dev.larder.ml.spec.TrainingSpec;
import dev.larder.ml.workflow.StageTimings;
import dev.larder.ml.workflow.WorkflowResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A training run on disk, enough to rerun it and to repeat its evaluation elsewhere:
 *
 * <ul>
 *   <li>{@code model/} — the trained model ({@link dev.larder.ml.model.TrainedModel#save});
 *   <li>{@code metrics.json} — test metrics ({@code accuracy precision recall f1 roc_auc log_loss
 *       confusion_matrix} as {@code [[tn, fp], [fn, tp]]}), {@code rows_train}, {@code rows_test},
 *       and cross-validation when it ran;
 *   <li>{@code provenance.json} — data source and table, row count, the SHA-256 of {@code X} and
 *       {@code y}, the specs, seed, library versions, stage timings and the {@code sample_index} of
 *       every test row under {@code test_sample_indices}, and {@code lineage}: for rows that came
 *       through the feature store, the features with the view versions they were read from ({@code
 *       classification_features@v1:feature_0}), the sources, the feature service, the as-of time,
 *       the entity rows' count and SHA-256, and {@code recorded_as} (the run's id in the registry
 *       and the registry's location) once the run is recorded; {@code null} for direct loading;
 *   <li>{@code report.json} — the run's report data ({@link RunReportJson}, the same JSON the
 *       registry keeps for a recorded run), which {@code larder runs compare} reads;
 *   <li>{@code report.html} — the report as one self-contained page that opens from disk with no
 *       network ({@link ReportPage#render}).
 * </ul>
 */
public final class RunRecord {
  public static final String MODEL_DIR = "model";
  public static final String METRICS_FILE = "metrics.json";
  public static final String PROVENANCE_FILE = "provenance.json";
  public static final String REPORT_JSON_FILE = "report.json";
  public static final String REPORT_HTML_FILE = "report.html";
  public static final int FORMAT_VERSION = 1;

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunRecord() {}

  /**
   * A new directory name under {@code runsRoot}: {@code <yyyyMMdd-HHmmss-SSS>} in UTC, with {@code
   * -2}, {@code -3}, … appended if it exists. The directory is not created.
   */
  public static Path newRunDirectory(Path runsRoot, Instant now) {
    String id = runId(now);
    Path dir = runsRoot.resolve(id);
    for (int n = 2; Files.exists(dir); n++) {
      dir = runsRoot.resolve(id + "-" + n);
    }
    return dir;
  }

  /** {@code now} as a run id and default run folder name: {@code yyyyMMdd-HHmmss-SSS} in UTC. */
  public static String runId(Instant now) {
    return RUN_ID.format(now);
  }

  /**
   * Writes the run record of {@code result} into {@code dir}, with a report made now. An existing
   * non-empty {@code dir} is an error unless {@code force}, which replaces its contents.
   */
  public static void write(Path dir, boolean force, WorkflowResult result, TrainingSpec spec) {
    write(
        dir,
        force,
        result,
        spec,
        RunReport.of(result, dir.getFileName().toString(), dir, Instant.now()));
  }

  /**
   * Writes the run record of {@code result}, with its {@code report}, into {@code dir}. An existing
   * non-empty {@code dir} is an error unless {@code force}, which replaces its contents.
   */
  public static void write(
      Path dir, boolean force, WorkflowResult result, TrainingSpec spec, RunReport report) {
    prepare(dir, force);
    result.model().save(dir.resolve(MODEL_DIR));
    try {
      Files.writeString(dir.resolve(METRICS_FILE), JsonOutput.pretty(metrics(result)));
      Files.writeString(
          dir.resolve(PROVENANCE_FILE),
          JsonOutput.pretty(provenance(dir, result, spec, Instant.now())));
      Files.writeString(dir.resolve(REPORT_JSON_FILE), RunReportJson.pretty(report));
      Files.writeString(dir.resolve(REPORT_HTML_FILE), ReportPage.render(report));
    } catch (IOException e) {
      throw new BackendException(
          "could not write the run record in " + dir + ": " + e.getMessage(),
          "Check that the directory is writable and the disk has space",
          e);
    }
  }

  private static void prepare(Path dir, boolean force) {
    try {
      if (Files.isDirectory(dir)) {
        boolean empty = Directories.isEmpty(dir);
        if (!empty && !force) {
          throw new AlreadyExistsException(
              "output directory " + dir + " exists and is not empty",
              "Pass --force to replace its contents, or choose another --output");
        }
        if (!empty) {
          Directories.deleteContents(dir);
        }
      } else if (Files.exists(dir)) {
        throw new AlreadyExistsException(
            "output " + dir + " exists and is not a directory", "Choose another --output");
      }
      Files.createDirectories(dir);
    } catch (IOException | UncheckedIOException e) {
      throw new BackendException("could not prepare output directory " + dir, null, e);
    }
  }

  /**
   * The report of the run folder {@code dir} ({@code report.json}).
   *
   * @throws NotFoundException if {@code dir} is not a run folder, naming what it lacks
   * @throws InvalidArgumentException if its {@code report.json} is malformed or from a newer Larder
   */
  public static RunReport readReport(Path dir) {
    Path file = dir.resolve(REPORT_JSON_FILE);
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException(
          dir + " is not a directory, so not a run folder",
          "Pass a run folder written by 'larder train' (runs/<time>) or a recorded run's id");
    }
    if (!Files.isRegularFile(file)) {
      boolean oldRun = Files.isRegularFile(dir.resolve(PROVENANCE_FILE));
      throw new NotFoundException(
          dir
              + (oldRun
                  ? " is a run folder from before run reports: it has no " + REPORT_JSON_FILE
                  : " is not a run folder: it has no " + REPORT_JSON_FILE),
          oldRun
              ? "Train again with 'larder train' to get a report"
              : "Pass a run folder written by 'larder train' (runs/<time>) or a recorded run's id");
    }
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new BackendException("could not read " + file + ": " + e.getMessage(), null, e);
    }
    try {
      return RunReportJson.read(json);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(file + ": " + e.getMessage(), e.hint(), e);
    }
  }

  static ObjectNode metrics(WorkflowResult result) {
    ObjectNode node = JSON.createObjectNode();
    putMetrics(node, result.testMetrics());
    node.put("rows_train", result.rowsTrain());
    node.put("rows_test", result.rowsTest());
    result.crossValidation().ifPresent(cv -> node.set("cross_validation", crossValidation(cv)));
    return node;
  }

  private static void putMetrics(ObjectNode node, BinaryMetrics m) {
    number(node, "accuracy", m.accuracy());
    number(node, "precision", m.precision());
    number(node, "recall", m.recall());
    number(node, "f1", m.f1());
    number(node, "roc_auc", m.rocAuc());
    number(node, "log_loss", m.logLoss());
    ArrayNode matrix = node.putArray("confusion_matrix");
    for (int[] row : m.confusionMatrix().toArray()) {
      ArrayNode r = matrix.addArray();
      for (int v : row) {
        r.add(v);
      }
    }
  }

  /** A metric; one that is not a number (ROC AUC of one class) is null, as JSON has no NaN. */
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static ObjectNode crossValidation(CrossValidationSummary cv) {
    ObjectNode node = JSON.createObjectNode();
    node.put("folds", cv.folds().size());
    ObjectNode mean = node.putObject("mean");
    ObjectNode std = node.putObject("std");
    cv.summary()
        .forEach(
            (metric, value) -> {
              mean.put(metric.id(), value.mean());
              std.put(metric.id(), value.std());
            });
    ArrayNode folds = node.putArray("per_fold");
    cv.folds().forEach(fold -> putMetrics(folds.addObject(), fold));
    return node;
  }

  static ObjectNode provenance(
      Path dir, WorkflowResult result, TrainingSpec spec, Instant created) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", "larder-run");
    node.put("format_version", FORMAT_VERSION);
    node.put("run_id", dir.getFileName().toString());
    node.put("created", IsoTimes.format(created));
    ObjectNode data = node.putObject("data");
    data.put("source", spec.source().id());
    data.put("description", result.source());
    data.put("db", spec.db().toString());
    data.put("table", spec.table());
    data.put("rows", result.rowsTotal());
    data.put("sha256", result.dataSha256());
    result.selectedFeatures().forEach(data.putArray("features")::add);
    ObjectNode specs = node.putObject("specs");
    specs.set("features", SpecJson.features(result.featureSpecs()));
    specs.set("model", SpecJson.model(result.modelSpec()));
    specs.set("feature_store", SpecJson.featureStore(spec.featureStore()));
    node.put("seed", result.modelSpec().seed());
    node.set("libraries", JSON.valueToTree(LibraryVersions.all()));
    node.set("timings_ms", timings(result.timings()));
    node.put("rows_train", result.rowsTrain());
    node.put("rows_test", result.rowsTest());
    node.put("model", MODEL_DIR);
    ArrayNode test = node.putArray("test_sample_indices");
    for (long index : result.testSampleIndices()) {
      test.add(index);
    }
    result
        .featureStoreInputs()
        .ifPresentOrElse(in -> node.set("lineage", lineage(in)), () -> node.putNull("lineage"));
    return node;
  }

  private static ObjectNode lineage(TrainingInputs in) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode features = node.putArray("features");
    in.features().forEach(f -> features.add(f.toString()));
    ArrayNode sources = node.putArray("sources");
    in.sources().forEach(sources::add);
    in.featureService()
        .ifPresentOrElse(
            s -> node.put("feature_service", s), () -> node.putNull("feature_service"));
    node.put("as_of", IsoTimes.format(in.asOf()));
    node.putObject("entity_rows")
        .put("count", in.entityRows())
        .put("sha256", in.entityRowsSha256());
    return node;
  }

  /**
   * Adds {@code lineage.recorded_as} ({@code run_id}, {@code registry}) to the run record's {@code
   * provenance.json}, once the run is recorded in the registry; the file is replaced atomically.
   */
  public static void addRegistryRun(Path dir, RecordedRun run, String registry) {
    Path file = dir.resolve(PROVENANCE_FILE);
    Path temp = dir.resolve("." + PROVENANCE_FILE + ".tmp");
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
      ((ObjectNode) node.get("lineage"))
          .putObject("recorded_as")
          .put("run_id", run.id())
          .put("registry", registry);
      Files.writeString(temp, JsonOutput.pretty(node));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      throw new BackendException(
          "could not add the registry's run id " + run.id() + " to " + file + ": " + e.getMessage(),
          "The run is recorded in the registry; 'larder runs describe " + run.id() + "' shows it",
          e);
    }
  }

  private static ObjectNode timings(StageTimings t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("load", millis(t.load()));
    node.put("transform", millis(t.transform()));
    node.put("train", millis(t.train()));
    node.put("evaluate", millis(t.evaluate()));
    node.put("cross_validation", millis(t.crossValidation()));
    node.put("total", millis(t.total()));
    return node;
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
