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
        .contains("registry at revision 1")
        .contains("5 samples: sample_index [0, 10, 20, 30, 40]")
        .contains("Same X and y on both paths")
        .containsPattern(
            "run record larder-quickstart/runs/\\S+\n   recorded as run \\d{8}-\\d{6}-\\d{3}(-\\d+)?:"
                + " larder --repo larder-quickstart/feature_repo lineage classification_features\n");
    assertThat(first.out())
        .containsPattern("8\\. Materialize[^\n]*\n   classification_features: 1000 rows up to ")
        .containsPattern("\n   0 +-?\\d+\\.\\d+(E-?\\d+)? +[01] +PRESENT\n")
        .containsPattern("\n   20 +-?\\d+\\.\\d+(E-?\\d+)? +[01] +PRESENT\n")
        .containsPattern("\n   999999 +NOT_FOUND\n");
    assertThat(first.out().indexOf("9. Read online"))
        .isLessThan(first.out().indexOf("direct SQLite"));
    assertThat(first.out()).containsPattern("direct SQLite +1000 ");
    assertThat(first.out()).containsPattern("feature store +1000 ");
    assertThat(first.out()).containsPattern("\\d{3} of 1000 samples had a row by 2025-11-01");
    assertThat(first.err()).isEmpty();
    Path db = work.resolve("larder-quickstart/data/database/sample_data.db");
    assertThat(Files.exists(db)).isTrue();

    Path leftover = work.resolve("larder-quickstart/leftover.txt");
    Files.writeString(leftover, "from an earlier run");
    CliRun second = CliRun.in(work, "quickstart");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(Files.exists(leftover)).as("the directory starts afresh").isFalse();
    try (var runs = Files.list(work.resolve("larder-quickstart/runs"))) {
      assertThat(runs.count()).as("direct and feature store").isEqualTo(2);
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
