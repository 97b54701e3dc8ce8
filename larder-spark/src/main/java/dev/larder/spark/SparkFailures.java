package dev.larder.spark;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;

/**
 * Spark's failures as Larder errors (exit 3 for the backend, 1 for the user's data): one line
 * naming the problem and the setting to change; Spark's own message and stack trace stay in the
 * cause, which the CLI shows only with {@code --verbose}.
 */
final class SparkFailures {
  private SparkFailures() {}

  /** {@code e}, thrown while doing {@code what}, as a Larder error. */
  static LarderException translate(String what, Throwable e) {
    if (e instanceof LarderException l) {
      return l;
    }
    String all = messages(e);
    String lower = all.toLowerCase(Locale.ROOT);
    String first = firstLine(e);
    if (lower.contains("outofmemoryerror")
        || lower.contains("java heap space")
        || lower.contains("gc overhead limit exceeded")
        || lower.contains("container killed") && lower.contains("memory")
        // an executor that ran out of memory exits with Spark's code 52
        || lower.contains("exited with code 52")
        || lower.contains("exit code 52")) {
      return new BackendException(
          what + ": a Spark executor ran out of memory",
          "Give executors more memory (spark.executor.memory in offline_store.spark_conf; in"
              + " local mode the executor is this process: raise its heap, e.g."
              + " LARDER_JAVA_OPTS=-Xmx4g), or more partitions (spark.sql.shuffle.partitions)",
          e);
    }
    if (lower.contains("executorlostfailure")
        || lower.contains("executor lost")
        || lower.contains("lost executor")
        || lower.contains("worker lost")) {
      return new BackendException(
          what
              + ": Spark lost its executors more often than spark.task.maxFailures allows ("
              + first
              + ")",
          "Check the Spark workers (their logs say why executors died); raise"
              + " spark.task.maxFailures in offline_store.spark_conf to retry more",
          e);
    }
    if (lower.contains("failed")
        && lower.contains("times")
        && lower.contains("task")
        && lower.contains("stage")) {
      return new BackendException(
          what
              + ": a Spark task failed more often than spark.task.maxFailures allows ("
              + first
              + ")",
          "See the cause with --verbose; raise spark.task.maxFailures in offline_store.spark_conf"
              + " to retry more",
          e);
    }
    if (lower.contains("cast_invalid_input")
        || lower.contains("cast_overflow")
        || lower.contains("arithmetic_overflow")
        || lower.contains("malformed records")
        || lower.contains("datetime_field_out_of_bounds")) {
      return new InvalidArgumentException(
          what + ": " + first, "Check the values in the data against the declared types", e);
    }
    if (hasCause(e, FileNotFoundException.class)
        || lower.contains("path_not_found")
        || lower.contains("does not exist")) {
      return new NotFoundException(
          what + ": a file is missing (" + first + ")",
          "Check that the path exists where the Spark executors read it (a shared file system,"
              + " hdfs:// or s3a://), or fix the source's path",
          e);
    }
    if (hasCause(e, AccessDeniedException.class) || lower.contains("permission denied")) {
      return new BackendException(
          what + ": permission denied (" + first + ")",
          "Let the user that runs the Spark executors read the path",
          e);
    }
    if (lower.contains("unable_to_infer_schema") || lower.contains("not a parquet file")) {
      return new InvalidDefinitionException(
          what + ": " + first,
          "Point path at a Parquet file or a directory of .parquet files; a CSV file's path must"
              + " end in .csv",
          e);
    }
    return new BackendException(what + ": " + first, null, e);
  }

  /** Whether {@code e} says that the file at {@code location} (or a file in it) is missing. */
  static boolean isMissing(Throwable e, String location) {
    String all = messages(e);
    String path = location.replaceFirst("^file:(//)?", "");
    return (hasCause(e, FileNotFoundException.class)
            || all.toLowerCase(Locale.ROOT).contains("does not exist"))
        && all.contains(path);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String messages(Throwable e) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return out.toString();
  }

  /** The first line of the innermost useful message. */
  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.toString();
    }
    String line = message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message).strip();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
