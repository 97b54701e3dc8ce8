package dev.larder.core.offline;

import dev.larder.core.BackendException;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of an entity rows CSV file, checked in one pass before DuckDB reads it, so that a file
 * DuckDB would refuse with its own words (or read in a surprising way) gets an error naming the
 * file, the row, the line and the fix: an empty file, a header that names a column twice or not at
 * all, a row with more or fewer values than the header has columns, a quote that is never closed,
 * text after a closing quote, and lines that do not all end the same way.
 *
 * <p>The dialect is the one {@link EntityTable} gives DuckDB: RFC 4180 with {@code ,} between
 * values, {@code "} around a value and {@code ""} for a quote inside one; a quote inside an
 * unquoted value is an ordinary character. As DuckDB does: empty lines before the header are
 * skipped, and so are empty lines after it when the header has more than one column (a line of
 * spaces is a row); a UTF-8 byte order mark is skipped; column names are compared ignoring ASCII
 * case and the spaces around them; lines end with LF, CRLF or CR, the same one throughout (inside a
 * quoted value anything goes).
 */
public final class EntityCsvShape {
  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private static final int CR = '\r';
  private static final int LF = '\n';

  private final Path file;
  private final String origin;
  private List<String> header;
  private ByteArrayOutputStream name = new ByteArrayOutputStream();
  private final List<String> names = new ArrayList<>();
  private State state = State.FIELD_START;
  private int fields;
  private boolean recordEmpty = true;
  private long line = 1;
  private long recordLine = 1;
  private long quoteLine;
  private long rows;
  private String lineEnd;
  private long lineEndLine;
  private boolean afterCr;

  private EntityCsvShape(Path file, String origin) {
    this.file = file;
    this.origin = origin;
  }

  /**
   * Checks the shape of the CSV file {@code file}.
   *
   * @param origin how messages name the file ({@code entity rows file x.csv})
   * @throws InvalidArgumentException naming the row, the line and the fix, if the file is not of
   *     the shape described above
   */
  public static void check(Path file, String origin) {
    EntityCsvShape shape = new EntityCsvShape(file, origin);
    try (InputStream in = Files.newInputStream(file)) {
      shape.read(in);
    } catch (IOException e) {
      throw new BackendException("cannot read the " + origin + ": " + e.getMessage(), null, e);
    }
  }

  private void read(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    boolean first = true;
    int n;
    while ((n = in.read(buffer)) > 0) {
      int i = 0;
      if (first) {
        first = false;
        if (n >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb) {
          i = (buffer[2] & 0xff) == 0xbf ? 3 : 0;
        }
      }
      for (; i < n; i++) {
        byte b = buffer[i];
        // the common case, a byte inside a value of a data row, needs no state change
        if (header != null && !afterCr && b != ',' && b != LF && b != CR && b != '"') {
          if (state == State.UNQUOTED || state == State.QUOTED) {
            continue;
          }
        }
        accept(b);
      }
    }
    finish();
  }

  private void accept(byte b) {
    if (afterCr) {
      afterCr = false;
      if (b == LF) {
        if (state == State.QUOTED) {
          return;
        }
        // CRLF: the record ended at the CR
        lineEnded("CRLF");
        return;
      }
      if (state != State.QUOTED) {
        lineEnded("CR");
      }
    }
    switch (state) {
      case QUOTED -> {
        if (b == '"') {
          state = State.QUOTE_IN_QUOTED;
        } else {
          newlineInQuotes(b);
          keep(b);
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (b == '"') {
          state = State.QUOTED;
          keep(b);
        } else if (b == ',') {
          endField();
        } else if (b == LF || b == CR) {
          endRecord(b);
        } else {
          throw error(
              at(recordLine)
                  + ": a quoted value is followed by "
                  + Echo.of(Character.toString(b < 0 ? '\ufffd' : (char) b))
                  + "; after a closing quote comes a comma or the end of the line",
              quoteHint());
        }
      }
      case FIELD_START -> {
        if (b == '"') {
          state = State.QUOTED;
          quoteLine = line;
          recordEmpty = false;
        } else if (b == ',') {
          recordEmpty = false;
          endField();
        } else if (b == LF || b == CR) {
          endRecord(b);
        } else {
          state = State.UNQUOTED;
          recordEmpty = false;
          keep(b);
        }
      }
      case UNQUOTED -> {
        if (b == ',') {
          endField();
        } else if (b == LF || b == CR) {
          endRecord(b);
        } else {
          keep(b);
        }
      }
    }
  }

  private void newlineInQuotes(byte b) {
    if (b == LF) {
      line++;
    } else if (b == CR) {
      line++;
      afterCr = true;
    }
  }

  private void keep(byte b) {
    if (header == null) {
      name.write(b);
    }
  }

  private void endField() {
    fields++;
    state = State.FIELD_START;
    if (header == null) {
      names.add(name.toString(StandardCharsets.UTF_8));
      name = new ByteArrayOutputStream();
    }
  }

  /** A record ends at {@code b}, LF or CR (whose LF, if one follows, comes next). */
  private void endRecord(byte b) {
    boolean blank = recordEmpty && fields == 0;
    if (!blank || (header != null && header.size() == 1)) {
      endField();
      completeRecord();
    } else {
      state = State.FIELD_START;
    }
    if (b == CR) {
      afterCr = true;
    } else {
      lineEnded("LF");
    }
  }

  /** The line ended with {@code end}, which must be the file's one way of ending lines. */
  private void lineEnded(String end) {
    if (lineEnd == null) {
      lineEnd = end;
      lineEndLine = line;
    } else if (!lineEnd.equals(end)) {
      throw error(
          ", line "
              + line
              + ": the line ends with "
              + end
              + ", but line "
              + lineEndLine
              + " ends with "
              + lineEnd
              + "; a CSV file ends all its lines the same way",
          "Convert the file's line endings to one kind, e.g. with 'dos2unix "
              + file.getFileName()
              + "' (LF) or by saving it again from an editor");
    }
    line++;
    recordLine = line;
    recordEmpty = true;
  }

  private void completeRecord() {
    if (header == null) {
      header = List.copyOf(names);
      checkHeader();
    } else {
      if (fields != header.size()) {
        throw error(
            at(recordLine)
                + ": "
                + fields
                + (fields == 1 ? " value" : " values")
                + ", but the header names "
                + header.size()
                + (header.size() == 1 ? " column" : " columns")
                + " ("
                + String.join(", ", header.stream().map(Echo::bare).toList())
                + ")",
            "Give each row one value per column of the header; put a value that holds a comma"
                + " in quotes (\"a,b\")");
      }
      rows++;
    }
    fields = 0;
  }

  private void checkHeader() {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String trimmed = trimSpaces(header.get(i));
      if (trimmed.isEmpty()) {
        throw error(
            ", the header (line " + recordLine + "): column " + (i + 1) + " has no name",
            i == 0
                ? "pandas writes a DataFrame's index as a first column without a name: write the"
                    + " file with df.to_csv(path, index=False), or name that column in the header"
                : "Name every column in the header row (the join keys, event_timestamp, and any"
                    + " others)");
      }
      Integer before = seen.putIfAbsent(lowerAscii(trimmed), i);
      if (before != null) {
        throw error(
            ", the header (line "
                + recordLine
                + "): columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + " are both named "
                + Echo.of(trimSpaces(header.get(before)))
                + " (names ignore case and the spaces around them)",
            "Name each column once");
      }
    }
  }

  private void finish() {
    if (afterCr) {
      afterCr = false;
      if (state != State.QUOTED) {
        lineEnded("CR");
      }
    }
    if (state == State.QUOTED) {
      throw error(
          at(quoteLine) + ": the quote that opens a value there is never closed", quoteHint());
    }
    if (!recordEmpty || fields > 0 || state != State.FIELD_START) {
      endField();
      completeRecord();
    }
    if (header == null) {
      throw new InvalidArgumentException(
          origin + " is empty",
          "Write a header row with the join keys and event_timestamp, then one row per entity"
              + " and time (e.g. sample_index,event_timestamp then 1,2025-11-01)");
    }
  }

  private static String quoteHint() {
    return "Close the quote around the value; write a quote inside a quoted value as two (\"\"),"
        + " e.g. \"say \"\"hi\"\"\"";
  }

  /** Where the record in progress is, pointing at line {@code where}: the header, or its row. */
  private String at(long where) {
    if (header == null) {
      return ", the header (line " + where + ")";
    }
    return ", row " + (rows + 1) + " after the header (line " + where + ")";
  }

  private InvalidArgumentException error(String detail, String hint) {
    return new InvalidArgumentException(origin + detail, hint);
  }

  private static String trimSpaces(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && text.charAt(from) == ' ') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == ' ') {
      to--;
    }
    return text.substring(from, to);
  }

  private static String lowerAscii(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }
}
