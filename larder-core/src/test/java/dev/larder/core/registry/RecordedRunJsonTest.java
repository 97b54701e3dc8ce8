package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recorded runs as JSON: round trips, the version 1 fixture, and what a run must hold. */
class RecordedRunJsonTest {
  private static final Instant AT = Instant.parse("2025-11-01T12:00:00.123Z");

  @Test
  void aRunReadsBackEqualWithANanMetricAsNull() {
    RecordedRun run = TestRuns.run("r", AT, "classifier_inputs", "v@v2:a", "w@v1:b");
    String json = RecordedRunJson.write(run);

    assertThat(json)
        .contains("\"log_loss\":null")
        .contains("\"feature_service\":\"classifier_inputs\"");
    RecordedRun back = RecordedRunJson.read(json);
    assertThat(back).isEqualTo(run);
    assertThat(back.metrics()).containsOnlyKeys("accuracy", "roc_auc", "log_loss");
    assertThat(back.metrics().get("log_loss")).isNaN();
    assertThat(back.inputs().viewVersions()).containsExactly("v@v2", "w@v1");
  }

  @Test
  void theVersion1FixtureStillLoads() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/runs/v1/recorded_run.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RecordedRun run = RecordedRunJson.read(json);

    assertThat(run.id()).isEqualTo("20251101-120000-000");
    assertThat(run.recordedAt()).isEqualTo(AT);
    assertThat(run.user()).isEqualTo("ana");
    assertThat(run.inputs().features())
        .containsExactly(
            new ResolvedFeature("classification_features", 1, "feature_0"),
            new ResolvedFeature("classification_features", 1, "target"));
    assertThat(run.inputs().featureService()).isEmpty();
    assertThat(run.inputs().sources()).containsExactly("classification_source");
    assertThat(run.inputs().asOf()).isEqualTo(Instant.parse("2025-11-01T00:00:00Z"));
    assertThat(run.inputs().entityRows()).isEqualTo(1000);
    assertThat(run.trainingRows()).isEqualTo(998);
    assertThat(run.model()).isEqualTo("logistic-regression");
    assertThat(run.modelSpec()).isEqualTo(TestRuns.MODEL_SPEC);
    assertThat(run.metrics()).containsEntry("accuracy", 0.93);
    assertThat(run.runPath()).isEqualTo("/work/runs/20251101-120000-000");
    assertThat(RecordedRunJson.write(run)).isEqualTo(json.strip());
  }

  @Test
  void aRunRefusesWhatCannotBeLineage() {
    TrainingInputs inputs =
        new TrainingInputs(
            List.of(ResolvedFeature.parse("v@v1:f")),
            List.of("s"),
            Optional.empty(),
            AT,
            TestRuns.ENTITY_SHA,
            3);
    assertThatThrownBy(
            () ->
                new RecordedRun(
                    "no spaces", AT, "ana", inputs, 3, TestRuns.DATA_SHA, "m", "{}", Map.of(), "p"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("run id 'no spaces' is not valid");
    assertThatThrownBy(
            () -> new RecordedRun("r", AT, "ana", inputs, 3, "abc", "m", "{}", Map.of(), "p"))
        .hasMessageContaining("SHA-256");
    assertThatThrownBy(
            () ->
                new RecordedRun(
                    "r", AT, "ana", inputs, 3, TestRuns.DATA_SHA, "m", "[1]", Map.of(), "p"))
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> ResolvedFeature.parse("v:f"))
        .hasMessage("resolved feature 'v:f' has no version; expected view@v2:feature");
    assertThatThrownBy(
            () ->
                new TrainingInputs(
                    List.of(), List.of("s"), Optional.empty(), AT, TestRuns.ENTITY_SHA, 0))
        .hasMessage("training inputs need at least one feature");
  }
}
