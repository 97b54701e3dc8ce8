package dev.larder.cli;

import dev.larder.core.Echo;
import dev.larder.core.time.IsoTimes;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: columns padded to their widest cell, a header row, no borders. Control
 * characters in cells are printed as visible escapes ({@code \n}, {@code \u001b}), so that a cell
 * holding a user's text (a user name, a name in the audit log) cannot start a line of its own or
 * send a terminal escape: one row is always one line.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    this.columns = header.length;
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = Echo.escape(header[i]);
    }
    rows.add(text);
  }

  TextTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = cells[i] == null ? "" : Echo.escape(cells[i].toString());
    }
    rows.add(text);
    return this;
  }

  /**
   * A time for a table cell: ISO-8601 UTC to the second ({@code 2026-01-02T03:04:05Z}); tables are
   * read by people, and a clock's micro- or nanoseconds are noise there ({@code describe}, {@code
   * --format json} and the registry keep the exact time). Empty for {@code null}.
   */
  static String time(Instant instant) {
    return instant == null ? "" : IsoTimes.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  void print(PrintStream out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
