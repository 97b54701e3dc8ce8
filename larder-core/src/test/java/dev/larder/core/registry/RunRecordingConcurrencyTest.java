package dev.larder.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording a training run is an append beside the snapshots: it neither fails nor makes an apply
 * fail when another process applies at the same time.
 */
class RunRecordingConcurrencyTest {
  private static final int APPLIES = 30;

  @TempDir Path dir;

  private String errors() throws java.io.IOException {
    return "the applier's stderr: " + java.nio.file.Files.readString(dir.resolve("applier.err"));
  }

  @Test
  void runsRecordedWhileAnotherProcessAppliesAllSucceedAndSoDoTheApplies() throws Exception {
    Path file = dir.resolve("data/registry.db");
    Registry registry =
        new Registry(
            new SqliteRegistryStore(file, TestDefinitions.PROJECT),
            TestDefinitions.PROJECT,
            d -> {},
            Clock.systemUTC(),
            new Actor("trainer"));
    registry.apply(TestDefinitions.classification());

    Process applier =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ApplyLoop.class.getName(),
                file.toString(),
                Integer.toString(APPLIES))
            .redirectError(dir.resolve("applier.err").toFile())
            .start();
    List<String> output = new ArrayList<>();
    List<RecordedRun> recorded = new ArrayList<>();
    java.util.Set<Long> revisionsSeen = new java.util.TreeSet<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(applier.getInputStream(), StandardCharsets.UTF_8))) {
      String first = lines.readLine();
      output.add(first);
      assertThat(first).as(errors()).startsWith("applied revision");
      Thread reader =
          new Thread(
              () ->
                  lines
                      .lines()
                      .forEach(
                          line -> {
                            synchronized (output) {
                              output.add(line);
                            }
                          }));
      reader.start();
      while (applier.isAlive() || recorded.size() < 5) {
        revisionsSeen.add(registry.snapshot().revision());
        recorded.add(registry.recordRun(TestRuns.run("run", Instant.now())));
      }
      assertThat(applier.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    } finally {
      applier.destroyForcibly();
    }

    assertThat(applier.exitValue()).as(errors()).isZero();
    assertThat(output).hasSize(APPLIES).last().isEqualTo("applied revision " + (APPLIES + 1));
    assertThat(registry.snapshot().revision()).isEqualTo(APPLIES + 1);
    assertThat(registry.runs()).containsExactlyElementsOf(recorded);
    assertThat(revisionsSeen).as("runs were recorded between applies").hasSizeGreaterThan(2);
    assertThat(recorded)
        .extracting(RecordedRun::id)
        .doesNotHaveDuplicates()
        .first()
        .isEqualTo("run");
  }
}
