package dev.larder.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The workload from which {@code bin/larder} makes the class-data sharing archive of a new jar (JDK
 * 17's {@code -XX:ArchiveClassesAtExit}): the commands people run most, in process, in a repository
 * that {@code larder init} makes in a temporary directory, which is deleted afterwards. The archive
 * then holds the classes these commands load (the CLI, core, the SQLite registry and online store,
 * DuckDB's JDBC classes, Jackson, SnakeYAML), already parsed and verified, so that the next JVMs
 * map them instead of loading them from the jar.
 *
 * <p>It is a separate JVM run, not the user's first command: a dump writes the archive when the JVM
 * exits, and a failed dump would make that exit status 1. Exits 0 when every command succeeded,
 * else 1 (bin/larder then keeps no archive).
 */
public final class StartupTraining {
  /** The commands, in order; each runs in the temporary directory. */
  static final List<List<String>> COMMANDS =
      List.of(
          List.of("--version"),
          List.of("--help"),
          List.of("init", "feature_repo"),
          List.of("-r", "feature_repo", "plan"),
          List.of("-r", "feature_repo", "apply"),
          List.of("-r", "feature_repo", "materialize-incremental", "2026-01-01T00:00:00"),
          List.of("-r", "feature_repo", "materialize-incremental", "2026-01-01T00:00:00"),
          List.of(
              "-r",
              "feature_repo",
              "get-online-features",
              "--features",
              "classification_features:feature_0",
              "--entity",
              "sample_index=1"),
          List.of("-r", "feature_repo", "feature-views", "list"),
          List.of("-r", "feature_repo", "plan"));

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(System.err));
  }

  /** Runs {@link #COMMANDS}; reports a failed one on {@code log}; returns the exit status. */
  static int run(PrintStream log) throws IOException {
    Path dir = Files.createTempDirectory("larder-startup-training");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true);
    try {
      CliContext context = new CliContext(quiet, quiet, dir, false, Map.of());
      for (List<String> command : COMMANDS) {
        int status = LarderCommand.run(context, command.toArray(String[]::new));
        if (status != ExitCodes.OK) {
          log.println("larder " + String.join(" ", command) + " exited with status " + status);
          return 1;
        }
      }
      return 0;
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
