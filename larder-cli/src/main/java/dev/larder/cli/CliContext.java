package dev.larder.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command needs from its surroundings: where to print and which directory relative paths are
 * resolved against (the caller's working directory; tests pass a temporary one).
 *
 * @param out results
 * @param err errors, warnings and progress
 * @param workDir the working directory
 * @param stderrIsTerminal whether progress bars may be drawn on {@code err}
 */
public record CliContext(PrintStream out, PrintStream err, Path workDir, boolean stderrIsTerminal) {

  /** The real process: stdout, stderr, the current directory. */
  public static CliContext system() {
    return new CliContext(
        System.out,
        System.err,
        Path.of("").toAbsolutePath(),
        Boolean.getBoolean("larder.stderr.tty"));
  }

  /** Resolves a command-line path against the working directory. */
  public Path resolve(Path path) {
    return workDir.resolve(path).normalize();
  }

  /** Prints a {@code warning: } line on stderr. */
  public void warn(String message) {
    err.println("warning: " + message);
  }
}
