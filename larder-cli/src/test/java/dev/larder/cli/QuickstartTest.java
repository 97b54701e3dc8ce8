package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path work;

  @Test
  void runsEndToEndTwiceInAFreshDirectory() throws IOException {
    CliRun first = CliRun.in(work, "quickstart");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("1000 samples × 20 features")
        .contains("X: 1000 × 20")
        .contains("accuracy")
        .contains("roc_auc")
        .contains("time (ms): load");
    assertThat(first.err()).isEmpty();
    Path db = work.resolve("larder-quickstart/data/database/sample_data.db");
    assertThat(Files.exists(db)).isTrue();

    Path leftover = work.resolve("larder-quickstart/leftover.txt");
    Files.writeString(leftover, "from an earlier run");
    CliRun second = CliRun.in(work, "quickstart");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(Files.exists(leftover)).as("the directory starts afresh").isFalse();
    try (var runs = Files.list(work.resolve("larder-quickstart/runs"))) {
      assertThat(runs.count()).isEqualTo(1);
    }
  }

  @Test
  void refusesToDeleteADirectoryItDidNotMake() throws IOException {
    Path mine = work.resolve("mine");
    Files.createDirectories(mine);
    Files.writeString(mine.resolve("precious.txt"), "keep me");
    CliRun run = CliRun.in(work, "quickstart", "--dir", "mine");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.firstErrorLine()).startsWith("error: ").contains("mine");
    assertThat(Files.readString(mine.resolve("precious.txt"))).isEqualTo("keep me");
  }
}
