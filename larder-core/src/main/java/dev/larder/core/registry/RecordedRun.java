package dev.larder.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A training run as the registry records it (issue #5, lineage): who trained which model on which
 * feature versions, and how well it did. Runs are appended to the registry next to its snapshots;
 * recording one never changes the revision. See {@link RecordedRunJson} for its JSON form.
 *
 * @param id the run's id, unique in the project: letters, digits, {@code .}, {@code _} and {@code
 *     -}, starting with a letter or digit (the training workflow uses the UTC time, {@code
 *     20251101-120000-000}); a store records a taken id with {@code -2}, {@code -3}, … appended
 * @param recordedAt when the run was recorded (UTC)
 * @param user who ran it ({@code LARDER_USER}, else the JVM's {@code user.name})
 * @param inputs what it read from the feature store
 * @param trainingRows the rows it trained and evaluated on (entity rows with features)
 * @param dataSha256 the SHA-256 of those rows as the trainer hashed them ({@code X} and {@code y}),
 *     lowercase hex
 * @param model the model's algorithm, e.g. {@code logistic-regression}
 * @param modelSpec the model spec as a JSON object (algorithm, hyper-parameters, split, seed)
 * @param metrics test metrics by name, in a fixed order ({@code accuracy}, {@code roc_auc}, …); a
 *     value may be {@code NaN} when undefined
 * @param runPath the run folder holding the model, metrics and provenance
 * @param report the run's training report as JSON text (a JSON object), which core keeps without
 *     reading it: {@code larder-ml} writes and parses it ({@code dev.larder.ml.report.RunReport}),
 *     so that every server's UI renders the same report; empty for runs recorded before reports
 *     existed. Stored beside the run, not in {@link RecordedRunJson}.
 */
public record RecordedRun(
    String id,
    Instant recordedAt,
    String user,
    TrainingInputs inputs,
    long trainingRows,
    String dataSha256,
    String model,
    String modelSpec,
    Map<String, Double> metrics,
    String runPath,
    Optional<String> report) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RecordedRun {
    if (!isValidId(id)) {
      throw new InvalidArgumentException(
          "run id "
              + Echo.of(id)
              + " is not valid: use up to 100 letters, digits, '.', '_' and '-', starting with a"
              + " letter or digit");
    }
    Objects.requireNonNull(recordedAt, "recordedAt");
    requireText("user", user);
    Objects.requireNonNull(inputs, "inputs");
    if (trainingRows < 0) {
      throw new InvalidArgumentException("training row count " + trainingRows + " is negative");
    }
    if (dataSha256 == null || !SHA256.matcher(dataSha256).matches()) {
      throw new InvalidArgumentException(
          "the training data's SHA-256 must be 64 lowercase hex digits, got "
              + Echo.of(dataSha256));
    }
    requireText("model", model);
    requireObject(modelSpec);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    metrics.forEach((name, value) -> Objects.requireNonNull(value, "metric " + name));
    requireText("run path", runPath);
    Objects.requireNonNull(report, "report");
    report.ifPresent(RecordedRun::requireReportObject);
  }

  /** A run without a report (as runs recorded before reports existed). */
  public RecordedRun(
      String id,
      Instant recordedAt,
      String user,
      TrainingInputs inputs,
      long trainingRows,
      String dataSha256,
      String model,
      String modelSpec,
      Map<String, Double> metrics,
      String runPath) {
    this(
        id,
        recordedAt,
        user,
        inputs,
        trainingRows,
        dataSha256,
        model,
        modelSpec,
        metrics,
        runPath,
        Optional.empty());
  }

  /** Whether {@code id} is a valid run id. */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** This run under another id (a store making a taken id unique). */
  public RecordedRun withId(String newId) {
    return copy(newId, report);
  }

  /** This run with {@code reportJson} (a JSON object's text) as its report. */
  public RecordedRun withReport(String reportJson) {
    return copy(id, Optional.of(reportJson));
  }

  /** This run with {@code newId} and {@code newReport}, validated as any new run. */
  private RecordedRun copy(String newId, Optional<String> newReport) {
    return new RecordedRun(
        newId,
        recordedAt,
        user,
        inputs,
        trainingRows,
        dataSha256,
        model,
        modelSpec,
        metrics,
        runPath,
        newReport);
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidArgumentException("a recorded run needs a " + what);
    }
  }

  /**
   * A cheap check that the report is a JSON object's text, without parsing it (core does not read
   * reports, and every read of the runs would pay for a parse).
   */
  private static void requireReportObject(String json) {
    String text = json.strip();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      throw new InvalidArgumentException(
          "the report of a recorded run must be a JSON object's text, got "
              + Echo.of(text.length() > 40 ? text.substring(0, 40) + "…" : text));
    }
  }

  private static void requireObject(String json) {
    JsonNode node;
    try {
      node = json == null ? null : MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentException(
          "the model spec of a recorded run is not valid JSON: " + e.getOriginalMessage(), null, e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidArgumentException(
          "the model spec of a recorded run must be a JSON object, got " + json);
    }
  }
}
