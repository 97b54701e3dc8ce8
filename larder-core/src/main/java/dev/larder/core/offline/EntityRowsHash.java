package dev.larder.core.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of entity rows, so that a training run can record exactly which rows it asked about:
 * the hash of the rows written as a CSV file by the rules of DESIGN B2 — a header row of the column
 * names, then one line per row in order; timestamps as ISO instants ({@code 2025-11-01T00:00:00Z}),
 * integers without a decimal point, doubles in Java's shortest round-trip form, null as an empty
 * field; fields with a comma, quote or line break quoted; every line ending with {@code \n}; UTF-8.
 * Writing the same rows to such a file and running {@code sha256sum} on it gives the same hash, and
 * that file is a valid {@code --entity-df} for {@code larder get-historical-features}.
 */
public final class EntityRowsHash {
  private EntityRowsHash() {}

  /** The lowercase hex SHA-256 of {@code rows} as B2 CSV text. */
  public static String sha256(EntityRows.Columns rows) {
    MessageDigest digest = newDigest();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < rows.columns().size(); i++) {
      line.append(i == 0 ? "" : ",")
          .append(CsvResultFileWriter.field(rows.columns().get(i).name()));
    }
    update(digest, line);
    // Each column's last value and its text: entity rows often repeat a time for every row.
    Object[] lastValue = new Object[rows.columns().size()];
    String[] lastText = new String[lastValue.length];
    for (int row = 0; row < rows.rowCount(); row++) {
      for (int i = 0; i < rows.columns().size(); i++) {
        Object value = rows.columns().get(i).get(row);
        if (i > 0) {
          line.append(',');
        }
        if (value != null) {
          if (!value.equals(lastValue[i])) {
            lastValue[i] = value;
            lastText[i] = CsvResultFileWriter.field(CsvResultFileWriter.text(value, false));
          }
          line.append(lastText[i]);
        }
      }
      update(digest, line);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, StringBuilder line) {
    digest.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    line.setLength(0);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }
}
