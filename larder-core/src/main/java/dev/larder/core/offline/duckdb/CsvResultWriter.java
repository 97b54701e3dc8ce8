package dev.larder.core.offline.duckdb;

import dev.larder.core.offline.CsvResultFileWriter;
import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the rows of a DuckDB result as CSV text (DESIGN B2), formatted by {@link
 * CsvResultFileWriter}: the same text that writer gives any engine's rows: a header row; timestamps
 * as ISO instants ({@code 2024-01-01T10:00:00Z}, fractions only when non-zero); integers without a
 * decimal point; doubles in Java's shortest round-trip form; booleans {@code true}/{@code false};
 * null as an empty field; the empty string as {@code ""}. Fields holding a comma, quote or line
 * break are quoted (RFC 4180); lines end with {@code \n}. Bytes are written in base64, lists as
 * JSON arrays.
 */
final class CsvResultWriter {
  private CsvResultWriter() {}

  /** Writes the header and every row of {@code rs}, whose columns are {@code columns} in order. */
  static long write(ResultSet rs, List<ResultColumn> columns, Writer out)
      throws SQLException, IOException {
    for (int i = 0; i < columns.size(); i++) {
      out.write(i == 0 ? "" : ",");
      out.write(CsvResultFileWriter.field(columns.get(i).name()));
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
          out.write(CsvResultFileWriter.field(CsvResultFileWriter.text(value, column.float32())));
        }
      }
      out.write('\n');
      rows++;
    }
    return rows;
  }
}
