package dev.larder.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of the {@code larder} command line in a working directory. */
record CliRun(int exitCode, String out, String err) {

  static CliRun in(Path workDir, String... args) {
    return as(System.getenv(), workDir, args);
  }

  /** A run with the environment {@code env} (for {@code LARDER_USER}, {@code LARDER_ROLES}). */
  static CliRun as(Map<String, String> env, Path workDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = LarderCommand.run(new CliContext(o, e, workDir, false, env), args);
      return new CliRun(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /** The first line on stderr. */
  String firstErrorLine() {
    return err.lines().findFirst().orElse("");
  }
}
