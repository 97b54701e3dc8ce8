package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.core.Echo;
import dev.larder.core.time.IsoTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RecordedRun} as JSON: how the SQLite registry stores it, what {@code larder runs
 * describe --format json} prints and what each run node of the lineage JSON holds. Keys in this
 * order; times in ISO-8601 UTC; a metric that is not a number ({@code NaN}) is {@code null}.
 *
 * <pre>
 * {"id": "20251101-120000-000", "recorded_at": "2025-11-01T12:00:00Z", "user": "ana",
 *  "feature_service": null,
 *  "features": ["classification_features@v1:feature_0", …],
 *  "sources": ["classification_source"],
 *  "as_of": "2025-11-01T00:00:00Z",
 *  "entity_rows": {"count": 1000, "sha256": "…"},
 *  "training_data": {"rows": 998, "sha256": "…"},
 *  "model": "logistic-regression",
 *  "model_spec": {"algorithm": "logistic-regression", "hyperparameters": {…}, …},
 *  "metrics": {"accuracy": 0.93, "precision": …, "recall": …, "f1": …, "roc_auc": …, "log_loss": …},
 *  "run_path": "/home/ana/work/runs/20251101-120000-000"}
 * </pre>
 */
public final class RecordedRunJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RecordedRunJson() {}

  /** {@code run} as a JSON tree. */
  public static ObjectNode toTree(RecordedRun run) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", run.id());
    node.put("recorded_at", IsoTimes.format(run.recordedAt()));
    node.put("user", run.user());
    TrainingInputs in = run.inputs();
    in.featureService()
        .ifPresentOrElse(
            s -> node.put("feature_service", s), () -> node.putNull("feature_service"));
    ArrayNode features = node.putArray("features");
    in.features().forEach(f -> features.add(f.toString()));
    ArrayNode sources = node.putArray("sources");
    in.sources().forEach(sources::add);
    node.put("as_of", IsoTimes.format(in.asOf()));
    node.putObject("entity_rows")
        .put("count", in.entityRows())
        .put("sha256", in.entityRowsSha256());
    node.putObject("training_data").put("rows", run.trainingRows()).put("sha256", run.dataSha256());
    node.put("model", run.model());
    node.set("model_spec", parse(run.modelSpec()));
    ObjectNode metrics = node.putObject("metrics");
    run.metrics()
        .forEach(
            (name, value) -> {
              if (Double.isFinite(value)) {
                metrics.put(name, value);
              } else {
                metrics.putNull(name);
              }
            });
    node.put("run_path", run.runPath());
    return node;
  }

  /** {@code run} as compact JSON text. */
  public static String write(RecordedRun run) {
    return toTree(run).toString();
  }

  /**
   * Reads a run written by {@link #write}.
   *
   * @throws IllegalArgumentException if {@code json} is not such a run; the message says what is
   *     wrong
   */
  public static RecordedRun read(String json) {
    JsonNode root = parse(json);
    List<ResolvedFeature> features = new ArrayList<>();
    for (JsonNode f : array(root, "features")) {
      features.add(ResolvedFeature.parse(f.asText()));
    }
    List<String> sources = new ArrayList<>();
    for (JsonNode s : array(root, "sources")) {
      sources.add(s.asText());
    }
    JsonNode service = root.path("feature_service");
    TrainingInputs inputs =
        new TrainingInputs(
            features,
            sources,
            service.isTextual() ? Optional.of(service.asText()) : Optional.empty(),
            instant(root, "as_of"),
            text(root.path("entity_rows"), "sha256"),
            number(root.path("entity_rows"), "count"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.path("metrics").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      metrics.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
    }
    JsonNode spec = root.path("model_spec");
    if (!spec.isObject()) {
      throw new IllegalArgumentException("a recorded run has no model_spec object");
    }
    return new RecordedRun(
        text(root, "id"),
        instant(root, "recorded_at"),
        text(root, "user"),
        inputs,
        number(root.path("training_data"), "rows"),
        text(root.path("training_data"), "sha256"),
        text(root, "model"),
        spec.toString(),
        metrics,
        text(root, "run_path"));
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "recorded run JSON is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("a recorded run has no text field " + Echo.of(field));
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber()) {
      throw new IllegalArgumentException("a recorded run has no whole number " + Echo.of(field));
    }
    return value.asLong();
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(text(node, field));
  }

  private static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isArray()) {
      throw new IllegalArgumentException("a recorded run has no array " + Echo.of(field));
    }
    return value;
  }
}
