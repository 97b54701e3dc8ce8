package dev.larder.core.offline;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.ErrorCode;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes a historical retrieval's result as a DESIGN B2 file, fed row by row by any engine: {@code
 * .csv} ({@link CsvResultFileWriter}) or {@code .parquet} ({@link ParquetResultFileWriter}). The
 * rows go to a hidden temporary file beside the output; {@link #commit()} moves it into place, so
 * the output is replaced only once the whole result is written; {@link #close()} without a commit
 * deletes the temporary file and leaves the output as it was.
 *
 * <pre>{@code
 * List<OutputColumn> columns = OutputColumn.of(entityColumnTypes, request.plan());
 * try (ResultFileWriter out = ResultFileWriter.open(output, columns)) {
 *   Iterator<Row> rows = dataset.toLocalIterator();          // in input order
 *   while (rows.hasNext()) out.writeRow(values(rows.next()));
 *   out.commit();
 * }
 * }</pre>
 *
 * Values are boxed as {@link FrameColumn.Builder#add} takes them (so {@code java.sql.Timestamp},
 * {@code LocalDate}, {@code Float} and the like are fine) and are written exactly as the DuckDB
 * engine writes the same result: the same CSV text, and Parquet with the same schema, types and
 * values. A writer is for one thread.
 */
public abstract class ResultFileWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final List<OutputColumn> columns;
  private long rows;
  private boolean committed;
  private boolean closed;

  ResultFileWriter(Path output, List<OutputColumn> columns) {
    this.target = output.toAbsolutePath().normalize();
    this.temp =
        target.resolveSibling(
            "."
                + target.getFileName()
                + "."
                + UUID.randomUUID().toString().substring(0, 8)
                + ".tmp");
    this.columns = List.copyOf(columns);
    if (this.columns.isEmpty()) {
      throw new IllegalArgumentException("a result has at least one column");
    }
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /**
   * A writer of {@code output} by its suffix, {@code .csv} or {@code .parquet} (ignoring case);
   * another suffix is an error naming the fix.
   */
  public static ResultFileWriter open(Path output, List<OutputColumn> columns) {
    return switch (format(output)) {
      case "csv" -> new CsvResultFileWriter(output, columns);
      default -> new ParquetResultFileWriter(output, columns);
    };
  }

  /**
   * {@code csv} or {@code parquet} for an output file named so (ignoring case); otherwise the error
   * every engine gives for another name.
   */
  public static String format(Path output) {
    String name = output.getFileName() == null ? "" : output.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return "csv";
    }
    if (lower.endsWith(".parquet")) {
      return "parquet";
    }
    throw new InvalidArgumentException(
        "output file " + Echo.of(output) + " is neither .csv nor .parquet",
        "Name the output file out.csv or out.parquet");
  }

  /** The columns, in order. */
  public List<OutputColumn> columns() {
    return columns;
  }

  /** The output file (absolute). */
  public Path output() {
    return target;
  }

  /** The temporary file rows are written to until {@link #commit()}. */
  Path temp() {
    return temp;
  }

  /** Writes one row: a value per column, in order ({@code null} for null). */
  public final void writeRow(List<?> values) {
    if (committed || closed) {
      throw new IllegalStateException("the result file " + target + " is already finished");
    }
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "row " + rows + " has " + values.size() + " values for " + columns.size() + " columns");
    }
    try {
      write(values);
    } catch (IOException e) {
      throw ioFailure(e);
    }
    rows++;
  }

  /** {@link #writeRow(List)} of the given values. */
  public final void writeRow(Object... values) {
    writeRow(Arrays.asList(values));
  }

  /** The number of rows written so far. */
  public long rowCount() {
    return rows;
  }

  /** Finishes the file and moves it to the output, replacing any file there. */
  public final void commit() {
    if (committed) {
      throw new IllegalStateException("the result file " + target + " is already committed");
    }
    try {
      finish();
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /** Releases the writer; without a commit, the output stays as it was. */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      release();
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // the temporary file is left behind; the output itself is complete or as it was
      }
    }
  }

  /** Writes one row of {@code columns().size()} values. */
  abstract void write(List<?> values) throws IOException;

  /** Completes the temporary file. */
  abstract void finish() throws IOException;

  /** Releases resources; called once, after {@link #finish()} or instead of it. */
  abstract void release();

  /** An I/O failure on the output as a Larder error (permission denied names the fix). */
  LarderException ioFailure(IOException e) {
    if (e instanceof AccessDeniedException) {
      return new LarderException(
          ErrorCode.PERMISSION_DENIED,
          "cannot write " + target + ": permission denied",
          "Choose an output path you may write to",
          e);
    }
    return new BackendException("cannot write " + target + ": " + e.getMessage(), null, e);
  }

  static Object normalized(OutputColumn column, Object value) {
    return FrameColumn.Builder.normalize(column.name(), column.kind(), value);
  }
}
