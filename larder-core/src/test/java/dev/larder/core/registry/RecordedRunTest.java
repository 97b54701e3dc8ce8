package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The copies a store makes of a run: another id, a report; each checked as a new run is. */
class RecordedRunTest {
  private static final Instant T1 = Instant.parse("2025-11-02T08:00:00Z");

  @Test
  void withIdChangesOnlyTheIdAndKeepsTheReport() {
    RecordedRun run = TestRuns.run("r", T1).withReport(TestRuns.REPORT);
    RecordedRun renamed = run.withId("r-2");
    assertThat(renamed.id()).isEqualTo("r-2");
    assertThat(renamed.report()).contains(TestRuns.REPORT);
    assertThat(renamed.withId("r")).isEqualTo(run);
  }

  @Test
  void withReportChangesOnlyTheReport() {
    RecordedRun run = TestRuns.run("r", T1);
    assertThat(run.report()).isEmpty();
    RecordedRun reported = run.withReport(TestRuns.REPORT);
    assertThat(reported.report()).isEqualTo(Optional.of(TestRuns.REPORT));
    assertThat(reported).usingRecursiveComparison().ignoringFields("report").isEqualTo(run);
  }

  @Test
  void copiesAreValidatedAsNewRuns() {
    RecordedRun run = TestRuns.run("r", T1);
    assertThatThrownBy(() -> run.withId("-bad"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("run id '-bad' is not valid");
    assertThatThrownBy(() -> run.withReport("[1, 2]"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("the report of a recorded run must be a JSON object's text");
  }
}
