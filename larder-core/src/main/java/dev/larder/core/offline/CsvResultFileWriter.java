package dev.larder.core.offline;

import dev.larder.core.time.IsoTimes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

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
        out.write(field(columns().get(i).name()));
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
        out.write(field(text(value, column.float32())));
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

  /**
   * A non-null value (boxed as {@link FrameColumn#get} boxes it) as B2 CSV text, before quoting;
   * {@code float32} for a Float32 column (or list of them).
   */
  public static String text(Object value, boolean float32) {
    if (value instanceof Double d) {
      return float32 ? NumberText.format(d.floatValue()) : NumberText.format(d);
    }
    if (value instanceof Instant t) {
      return IsoTimes.format(t);
    }
    if (value instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (value instanceof List<?> l) {
      return json(l, float32);
    }
    return value.toString();
  }

  private static String json(List<?> list, boolean float32) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      out.append(i == 0 ? "" : ",");
      if (e == null) {
        out.append("null");
      } else if (e instanceof Number || e instanceof Boolean) {
        out.append(text(e, float32));
      } else {
        out.append('"').append(jsonEscaped(text(e, float32))).append('"');
      }
    }
    return out.append(']').toString();
  }

  private static String jsonEscaped(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** {@code text} as one CSV field: quoted when empty or holding a comma, quote or line break. */
  public static String field(String text) {
    if (text.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + text.replace("\"", "\"\"") + '"';
      }
    }
    return text;
  }
}
