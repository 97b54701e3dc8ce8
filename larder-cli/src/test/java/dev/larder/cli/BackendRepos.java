package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.testkit.BackendSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Repositories of {@code larder init} pointed at other backends (DESIGN B9). */
final class BackendRepos {
  private BackendRepos() {}

  /**
   * Runs {@code larder init} into {@code work/project}, then makes its {@code feature_store.yaml}
   * name project {@code project} on {@code backends} (whose {@link BackendSetup#prepare} the caller
   * runs).
   */
  static Path init(Path work, String project, BackendSetup backends) throws IOException {
    Path repo = work.resolve(project);
    CliRun init = CliRun.in(work, "init", repo.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();
    Path file = repo.resolve("feature_store.yaml");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("project:")) {
        lines.add("project: " + project);
      } else if (line.startsWith("registry:")) {
        lines.add(backends.featureStoreYaml(project).stripTrailing());
      } else if (!line.startsWith("online_store:")) {
        lines.add(line);
      }
    }
    Files.write(file, lines);
    return repo;
  }
}
