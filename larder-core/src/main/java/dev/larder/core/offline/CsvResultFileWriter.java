package dev.larder.core.offline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link ResultFileWriter} of CSV text (DESIGN B2), exactly as the DuckDB engine writes it: a
 * header row; timestamps as ISO instants ({@code 2024-01-01T10:00:00Z}, fractions only when
 * non-zero); integers without a point; doubles in Java's shortest round-trip form and Float32
 * values in float form; booleans {@code true}/{@code false}; null as an empty field; the empty
 * string as {@code ""}; bytes in base64, lists as JSON arrays; RFC 4180 quoting; {@code \n} line
 * ends.
 */
public final class CsvResultFileWriter extends ResultFileWriter {
  private final Writer out;

  /** Opens a writer of {@code output}; prefer {@link ResultFileWriter#open}. */
  public CsvResultFileWriter(Path output, List<OutputColumn> columns) {
    super(output, columns);
    try {
      out = new BufferedWriter(Files.newBufferedWriter(temp(), StandardCharsets.UTF_8), 1 << 16);
      for (int i = 0; i < columns().size(); i++) {
        out.write(i == 0 ? "" : ",");
        out.write(CsvResultWriter.field(columns().get(i).name()));
      }
      out.write('\n');
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  @Override
  void write(List<?> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      OutputColumn column = columns().get(i);
      Object value = normalized(column, values.get(i));
      if (value != null) {
        out.write(CsvResultWriter.field(CsvResultWriter.text(value, column.float32())));
      }
    }
    out.write('\n');
  }

  @Override
  void finish() throws IOException {
    out.close();
  }

  @Override
  void release() {
    try {
      out.close();
    } catch (IOException e) {
      // closing after a failure; the temporary file is deleted next
    }
  }
}
