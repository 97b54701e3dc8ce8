package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path work;

  @Test
  void initWritesTheRepositoryIntoTheDefaultDirectory() throws IOException {
    CliRun run = CliRun.in(work, "init");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path repo = work.resolve("feature_repo");
    assertThat(Files.readString(repo.resolve("feature_store.yaml")))
        .startsWith("project: classification\n");
    assertThat(Files.readString(repo.resolve("features.yaml")))
        .contains("  - name: classification_features\n")
        .contains("      - {name: feature_19, dtype: Float64}\n");
    assertThat(repo.resolve("data/classification_data.parquet")).isRegularFile();
    assertThat(run.out()).contains("larder apply");
  }

  @Test
  void nonEmptyDirectoryIsAnErrorWithoutForce() throws IOException {
    Files.createDirectories(work.resolve("demo"));
    Files.writeString(work.resolve("demo/keep.txt"), "x");
    CliRun refused = CliRun.in(work, "init", "demo");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.firstErrorLine()).startsWith("error: ").contains("demo");
    assertThat(refused.err()).contains("--force");
    assertThat(work.resolve("demo/keep.txt")).exists();

    assertThat(CliRun.in(work, "init", "demo", "--force").exitCode()).isZero();
    assertThat(work.resolve("demo/keep.txt")).doesNotExist();
  }

  @Test
  void unknownTemplateIsAUsageError() {
    CliRun run = CliRun.in(work, "init", "x", "--template", "regression");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.firstErrorLine()).contains("--template").contains("regression");
  }
}
