package dev.larder.cli;

import dev.larder.core.ErrorCode;
import dev.larder.core.LarderException;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * The one place where failures become exit codes and {@code error:} lines (DESIGN B1): 0 success, 1
 * user error, 2 usage error, 3 internal or backend failure.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int USER_ERROR = 1;
  static final int USAGE = 2;
  static final int FAILURE = 3;

  private ExitCodes() {}

  static int of(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT,
          INVALID_DEFINITION,
          NOT_FOUND,
          ALREADY_EXISTS,
          CONFLICT,
          PERMISSION_DENIED,
          TOO_LARGE,
          UNAUTHENTICATED ->
          USER_ERROR;
      case BACKEND_UNAVAILABLE, INTERNAL -> FAILURE;
    };
  }

  /** Prints a command's failure and returns its exit code. */
  static int report(Exception e, PrintStream err, boolean verbose) {
    if (e instanceof LarderException le) {
      printError(err, le.getMessage());
      if (le.hint() != null) {
        err.println(le.hint());
      }
      if (verbose) {
        e.printStackTrace(err);
      }
      return of(le.code());
    }
    printError(err, "internal error: " + e);
    err.println("This is a bug in Larder; rerun with --verbose for the stack trace.");
    if (verbose) {
      e.printStackTrace(err);
    }
    return FAILURE;
  }

  /**
   * Prints a usage error and the way to get help, and returns {@link #USAGE}; an unknown command is
   * one too, with the closest commands ({@link UnknownCommand}).
   */
  static int reportUsage(CommandLine.ParameterException e, PrintStream err) {
    if (UnknownCommand.matches(e)) {
      return UnknownCommand.report((CommandLine.UnmatchedArgumentException) e, err);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    printError(err, message.startsWith("Error: ") ? message.substring(7) : message);
    err.println(
        "Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return USAGE;
  }

  private static void printError(PrintStream err, String message) {
    String text = message == null || message.isBlank() ? "unknown error" : message;
    err.println("error: " + text);
  }
}
