package dev.larder.ml.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.JsonOutput;
import dev.larder.core.registry.ResolvedFeature;
import dev.larder.core.registry.TrainingInputs;
import dev.larder.core.time.IsoTimes;
import dev.larder.ml.eval.ConfusionMatrix;
import dev.larder.ml.eval.CurvePoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RunReport} as JSON ({@code report.json} in a run folder, and the report text a recorded
 * run keeps in the registry). Format {@value #FORMAT}, version {@value #FORMAT_VERSION}; a reader
 * refuses a newer version, naming it. Numbers that are not numbers (an undefined ROC AUC) are
 * {@code null}; curve points are {@code [x, y, threshold]} rounded to 6 decimals, the threshold
 * {@code null} at the point where nothing is predicted positive.
 *
 * <pre>
 * {"format": "larder-run-report", "format_version": 1,
 *  "run_id": "20251101-120000-000", "created": "2025-11-01T12:00:00Z", "model": "logistic-regression",
 *  "metrics": {"accuracy": 0.93, "precision": …, "recall": …, "f1": …, "roc_auc": …, "log_loss": …},
 *  "confusion_matrix": [[tn, fp], [fn, tp]],
 *  "roc": [[0, 0, null], [0.01, 0.2, 0.97], …, [1, 1, 0.01]],
 *  "precision_recall": {"average_precision": 0.95, "points": [[0, 1, null], …]},
 *  "feature_weights": {"kind": "coefficients", "description": "…",
 *                      "features": [{"name": "feature_3", "value": 2.1}, …]},
 *  "class_balance": {"train": {"0": 400, "1": 398}, "test": {"0": 100, "1": 100}},
 *  "provenance": {"path": "feature-store", "source": "…", "rows": 998, "sha256": "…",
 *                 "features": ["feature_0", …], "feature_store": {"view_versions": […],
 *                 "features": […], "sources": […], "feature_service": null, "as_of": "…",
 *                 "entity_rows": {"count": 1000, "sha256": "…"}} | null,
 *                 "model_spec": {…}, "feature_specs": […], "run_path": "…" | null},
 *  "cross_validation": null | {"folds": [{"accuracy": …, …}, …]}}
 * </pre>
 */
public final class RunReportJson {
  public static final String FORMAT = "larder-run-report";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunReportJson() {}

  /** {@code report} as a JSON tree. */
  public static ObjectNode toTree(RunReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("format", FORMAT);
    node.put("format_version", FORMAT_VERSION);
    node.put("run_id", report.runId());
    node.put("created", IsoTimes.format(report.created()));
    node.put("model", report.model());
    node.set("metrics", metrics(report.metrics()));
    ArrayNode matrix = node.putArray("confusion_matrix");
    for (int[] row : report.confusionMatrix().toArray()) {
      ArrayNode r = matrix.addArray();
      for (int v : row) {
        r.add(v);
      }
    }
    node.set("roc", points(report.roc()));
    ObjectNode pr = node.putObject("precision_recall");
    number(pr, "average_precision", report.averagePrecision());
    pr.set("points", points(report.precisionRecall()));
    ObjectNode weights = node.putObject("feature_weights");
    weights.put("kind", report.featureWeights().kind().id());
    weights.put("description", report.featureWeights().description());
    ArrayNode features = weights.putArray("features");
    report
        .featureWeights()
        .features()
        .forEach(w -> features.addObject().put("name", w.feature()).put("value", w.value()));
    ObjectNode balance = node.putObject("class_balance");
    balance
        .putObject("train")
        .put("0", report.train().negatives())
        .put("1", report.train().positives());
    balance
        .putObject("test")
        .put("0", report.test().negatives())
        .put("1", report.test().positives());
    node.set("provenance", provenance(report.provenance()));
    if (report.crossValidated()) {
      ArrayNode folds = node.putObject("cross_validation").putArray("folds");
      report.crossValidationFolds().forEach(f -> folds.add(metrics(f)));
    } else {
      node.putNull("cross_validation");
    }
    return node;
  }

  /** {@code report} as compact JSON text (what the registry keeps). */
  public static String write(RunReport report) {
    return toTree(report).toString();
  }

  /** {@code report} as indented JSON text (what {@code report.json} holds). */
  public static String pretty(RunReport report) {
    return JsonOutput.pretty(toTree(report));
  }

  /**
   * Reads a report written by {@link #write} or {@link #pretty}, of this format version or an older
   * one.
   *
   * @throws InvalidArgumentException if {@code json} is not such a report, naming what is wrong
   */
  public static RunReport read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          "the run report is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
      throw new InvalidArgumentException(
          "this is not a Larder run report (its \"format\" is not \"" + FORMAT + "\")");
    }
    int version = root.path("format_version").asInt(-1);
    if (version > FORMAT_VERSION) {
      throw new InvalidArgumentException(
          "the run report has format_version "
              + version
              + ", newer than this Larder reads ("
              + FORMAT_VERSION
              + ")",
          "Upgrade Larder to read it");
    }
    if (version < 1) {
      throw new InvalidArgumentException(
          "the run report has no valid format_version (a whole number from 1)");
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
      if (e instanceof InvalidArgumentException i) {
        throw i;
      }
      throw new InvalidArgumentException("the run report is malformed: " + e.getMessage(), null, e);
    }
  }

  private static RunReport parse(JsonNode root) {
    JsonNode matrix = array(root, "confusion_matrix");
    ConfusionMatrix cm =
        new ConfusionMatrix(
            matrix.path(0).path(0).asInt(),
            matrix.path(0).path(1).asInt(),
            matrix.path(1).path(0).asInt(),
            matrix.path(1).path(1).asInt());
    JsonNode weightsNode = object(root, "feature_weights");
    String kindId = text(weightsNode, "kind");
    FeatureWeights.Kind kind =
        FeatureWeights.Kind.parse(kindId)
            .orElseThrow(
                () ->
                    new InvalidArgumentException(
                        "the run report's feature_weights kind '"
                            + kindId
                            + "' is not one of "
                            + FeatureWeights.Kind.names()));
    List<FeatureWeights.Weight> weights = new ArrayList<>();
    for (JsonNode w : array(weightsNode, "features")) {
      weights.add(new FeatureWeights.Weight(text(w, "name"), w.path("value").asDouble()));
    }
    JsonNode balance = object(root, "class_balance");
    JsonNode cv = root.path("cross_validation");
    List<Map<String, Double>> folds = new ArrayList<>();
    if (cv.isObject()) {
      for (JsonNode fold : array(cv, "folds")) {
        folds.add(metrics(fold));
      }
    }
    JsonNode pr = object(root, "precision_recall");
    return new RunReport(
        text(root, "run_id"),
        Instant.parse(text(root, "created")),
        text(root, "model"),
        metrics(object(root, "metrics")),
        cm,
        points(array(root, "roc")),
        points(array(pr, "points")),
        number(pr.path("average_precision")),
        new FeatureWeights(kind, text(weightsNode, "description"), weights),
        balance(object(balance, "train")),
        balance(object(balance, "test")),
        provenance(object(root, "provenance")),
        folds);
  }

  private static ObjectNode provenance(ReportProvenance p) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("path", p.path());
    node.put("source", p.source());
    node.put("rows", p.rows());
    node.put("sha256", p.dataSha256());
    p.features().forEach(node.putArray("features")::add);
    p.featureStore()
        .ifPresentOrElse(
            in -> node.set("feature_store", inputs(in)), () -> node.putNull("feature_store"));
    node.set("model_spec", tree(p.modelSpec()));
    node.set("feature_specs", tree(p.featureSpecs()));
    p.runPath().ifPresentOrElse(r -> node.put("run_path", r), () -> node.putNull("run_path"));
    return node;
  }

  private static ObjectNode inputs(TrainingInputs in) {
    ObjectNode node = MAPPER.createObjectNode();
    in.viewVersions().forEach(node.putArray("view_versions")::add);
    ArrayNode features = node.putArray("features");
    in.features().forEach(f -> features.add(f.toString()));
    in.sources().forEach(node.putArray("sources")::add);
    in.featureService()
        .ifPresentOrElse(
            s -> node.put("feature_service", s), () -> node.putNull("feature_service"));
    node.put("as_of", IsoTimes.format(in.asOf()));
    node.putObject("entity_rows")
        .put("count", in.entityRows())
        .put("sha256", in.entityRowsSha256());
    return node;
  }

  private static ReportProvenance provenance(JsonNode node) {
    List<String> features = new ArrayList<>();
    array(node, "features").forEach(f -> features.add(f.asText()));
    JsonNode fs = node.path("feature_store");
    Optional<TrainingInputs> inputs = Optional.empty();
    if (fs.isObject()) {
      List<ResolvedFeature> resolved = new ArrayList<>();
      array(fs, "features").forEach(f -> resolved.add(ResolvedFeature.parse(f.asText())));
      List<String> sources = new ArrayList<>();
      array(fs, "sources").forEach(s -> sources.add(s.asText()));
      JsonNode service = fs.path("feature_service");
      JsonNode entityRows = object(fs, "entity_rows");
      inputs =
          Optional.of(
              new TrainingInputs(
                  resolved,
                  sources,
                  service.isTextual() ? Optional.of(service.asText()) : Optional.empty(),
                  Instant.parse(text(fs, "as_of")),
                  text(entityRows, "sha256"),
                  entityRows.path("count").asLong()));
    }
    JsonNode runPath = node.path("run_path");
    return new ReportProvenance(
        text(node, "source"),
        node.path("rows").asLong(),
        text(node, "sha256"),
        features,
        inputs,
        object(node, "model_spec").toString(),
        array(node, "feature_specs").toString(),
        runPath.isTextual() ? Optional.of(runPath.asText()) : Optional.empty());
  }

  private static ObjectNode metrics(Map<String, Double> metrics) {
    ObjectNode node = MAPPER.createObjectNode();
    metrics.forEach((name, value) -> number(node, name, value));
    return node;
  }

  private static Map<String, Double> metrics(JsonNode node) {
    Map<String, Double> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      out.put(e.getKey(), number(e.getValue()));
    }
    return out;
  }

  private static ArrayNode points(List<CurvePoint> points) {
    ArrayNode array = MAPPER.createArrayNode();
    for (CurvePoint p : points) {
      ArrayNode a = array.addArray();
      a.add(round(p.x()));
      a.add(round(p.y()));
      if (Double.isFinite(p.threshold())) {
        a.add(round(p.threshold()));
      } else {
        a.addNull();
      }
    }
    return array;
  }

  private static List<CurvePoint> points(JsonNode array) {
    List<CurvePoint> out = new ArrayList<>();
    for (JsonNode p : array) {
      JsonNode t = p.path(2);
      out.add(
          new CurvePoint(
              p.path(0).asDouble(),
              p.path(1).asDouble(),
              t.isNumber() ? t.asDouble() : Double.POSITIVE_INFINITY));
    }
    return out;
  }

  private static ClassBalance balance(JsonNode node) {
    return new ClassBalance(node.path("0").asInt(), node.path("1").asInt());
  }

  private static BigDecimal round(double value) {
    return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  private static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a spec in the report is not JSON: " + json, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new InvalidArgumentException("the run report has no text field \"" + field + "\"");
    }
    return value.asText();
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isObject()) {
      throw new InvalidArgumentException("the run report has no object \"" + field + "\"");
    }
    return value;
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw new InvalidArgumentException("the run report has no array \"" + field + "\"");
    }
    return value;
  }
}
