package dev.larder.cli;

import dev.larder.core.access.Principal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command needs from its surroundings: where to print and which directory relative paths are
 * resolved against (the caller's working directory; tests pass a temporary one).
 *
 * @param out results
 * @param err errors, warnings and progress
 * @param workDir the working directory
 * @param stderrIsTerminal whether progress bars may be drawn on {@code err}
 * @param env the environment variables, of which {@code LARDER_USER} and {@code LARDER_ROLES} say
 *     who the commands act as
 */
public record CliContext(
    PrintStream out,
    PrintStream err,
    Path workDir,
    boolean stderrIsTerminal,
    Map<String, String> env) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** A context in the process's own environment. */
  public CliContext(PrintStream out, PrintStream err, Path workDir, boolean stderrIsTerminal) {
    this(out, err, workDir, stderrIsTerminal, System.getenv());
  }

  /** The real process: stdout, stderr, the current directory. */
  public static CliContext system() {
    return new CliContext(
        System.out,
        System.err,
        Path.of("").toAbsolutePath(),
        Boolean.getBoolean("larder.stderr.tty"));
  }

  /**
   * Who the commands act as: {@code LARDER_USER} (else the JVM's user name) with the roles in
   * {@code LARDER_ROLES}, trusted as given (see the README's access control section).
   */
  public Principal principal() {
    return Principal.fromEnvironment(env);
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
