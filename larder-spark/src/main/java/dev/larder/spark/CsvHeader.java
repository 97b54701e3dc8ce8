package dev.larder.spark;

import dev.larder.core.InvalidDefinitionException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The header row of a CSV file (RFC 4180: quoted names may hold commas, quotes, line breaks). */
final class CsvHeader {
  private CsvHeader() {}

  /** The column names of the file at {@code path}; {@code location} names it in errors. */
  static List<String> read(FileSystem fs, Path path, String location) throws IOException {
    List<String> names = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    try (Reader in = new InputStreamReader(fs.open(path), StandardCharsets.UTF_8)) {
      int c = in.read();
      if (c == 0xFEFF) {
        c = in.read();
      }
      for (; c >= 0; c = in.read()) {
        any = true;
        if (quoted) {
          if (c == '"') {
            int next = in.read();
            if (next == '"') {
              field.append('"');
              continue;
            }
            quoted = false;
            c = next;
            if (c < 0) {
              break;
            }
          } else {
            field.append((char) c);
            continue;
          }
        }
        if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else if (c == ',') {
          names.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          break;
        } else {
          field.append((char) c);
        }
      }
    }
    if (!any) {
      throw new InvalidDefinitionException(
          location + " is empty; a CSV source needs a header row",
          "Write a header row (the column names), then one row per event");
    }
    names.add(field.toString());
    return names;
  }
}
