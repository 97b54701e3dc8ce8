package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verbose} logs what Larder does to stderr: the repository, the backends and where they
 * are, the offline engine's queries and the times; without it stderr stays empty. Each run is a
 * process of its own, as logging is set up once per JVM.
 */
class VerboseTest {
  @TempDir Path work;
  Path repo;

  @BeforeEach
  void initAndApply() {
    assertThat(CliRun.in(work, "init", "demo").exitCode()).isZero();
    repo = work.resolve("demo");
    assertThat(CliRun.in(repo, "apply").exitCode()).isZero();
  }

  @Test
  void verboseLogsTheRepositoryBackendsQueriesAndTimesToStderr() throws Exception {
    Result run = larder("--verbose", "materialize-incremental", "2030-01-01");
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).startsWith("classification_features: 1000 rows");
    assertThat(run.err)
        .contains("RepoBackends - repository " + repo.toRealPath() + " (project classification)")
        .contains("registry sqlite at ")
        .contains("offline engine duckdb, opened in ")
        .contains("online store sqlite at ")
        .containsPattern("DuckDbSql - duckdb \\([^)]*ms\\): ")
        .contains("Materializer - materialized classification_features: 1000 rows")
        .containsPattern(
            "larder --verbose materialize-incremental 2030-01-01 ended with exit code 0 in \\d");
    assertThat(run.err.lines().filter(l -> !l.isBlank()))
        .allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ .*"));
  }

  @Test
  void withoutVerboseStderrIsEmpty() throws Exception {
    Result run = larder("materialize-incremental", "2030-01-01");
    assertThat(run.out).startsWith("classification_features: 1000 rows");
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.err).isEmpty();
  }

  private record Result(int code, String out, String err) {}

  private Result larder(String... args) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-XX:TieredStopAtLevel=1",
            LarderCommand.class.getName()));
    command.addAll(List.of(args));
    Path out = work.resolve("out.txt");
    Path err = work.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
