package dev.larder.core.offline;

import dev.larder.core.time.IsoTimes;
import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes result rows as CSV text (DESIGN B2): a header row; timestamps as ISO instants ({@code
 * 2024-01-01T10:00:00Z}, fractions only when non-zero); integers without a decimal point; doubles
 * in Java's shortest round-trip form; booleans {@code true}/{@code false}; null as an empty field;
 * the empty string as {@code ""}. Fields holding a comma, quote or line break are quoted (RFC
 * 4180); lines end with {@code \n}. Bytes are written in base64, lists as JSON arrays.
 */
final class CsvResultWriter {
  private CsvResultWriter() {}

  /** Writes the header and every row of {@code rs}, whose columns are {@code columns} in order. */
  static long write(ResultSet rs, List<ResultColumn> columns, Writer out)
      throws SQLException, IOException {
    for (int i = 0; i < columns.size(); i++) {
      out.write(i == 0 ? "" : ",");
      out.write(field(columns.get(i).name()));
    }
    out.write('\n');
    long rows = 0;
    while (rs.next()) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        ResultColumn column = columns.get(i);
        Object value = column.value(rs, i + 1);
        if (value != null) {
          out.write(field(text(value, column.float32())));
        }
      }
      out.write('\n');
      rows++;
    }
    return rows;
  }

  /** A non-null value as text. */
  static String text(Object value, boolean float32) {
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
  static String field(String text) {
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
