package dev.larder.core.offline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of entity rows, so that a training run can record exactly which rows it asked about:
 * the hash of the rows written as a CSV file by the rules of DESIGN B2 — a header row of the column
 * names, then one line per row in order; timestamps as ISO instants ({@code 2025-11-01T00:00:00Z}),
 * integers without a decimal point, doubles in Java's shortest round-trip form, null as an empty
 * field; fields with a comma, quote or line break quoted; every line ending with {@code \n}; UTF-8.
 * Writing the same rows to such a file and running {@code sha256sum} on it gives the same hash, and
 * that file is a valid {@code --entity-df} for {@code larder get-historical-features}.
 *
 * <p>Rows that exist only once an engine reads them (an {@link EntityRows.Query entity query}, a
 * file) are hashed from the result: {@link #sha256(TrainingFrame)} hashes its entity columns, which
 * are the rows the query returned, in its order, with {@code event_timestamp} in UTC. The hash is
 * of those rows, not of the query's text, so it changes when the data behind the query does.
 */
public final class EntityRowsHash {
  private EntityRowsHash() {}

  /** The lowercase hex SHA-256 of {@code rows} as B2 CSV text. */
  public static String sha256(EntityRows.Columns rows) {
    return sha256(rows.columns(), rows.rowCount());
  }

  /**
   * The lowercase hex SHA-256 of the entity rows behind {@code frame}, as B2 CSV text: its entity
   * columns (every column before the features). For rows given as {@link EntityRows.Columns} it
   * equals {@link #sha256(EntityRows.Columns)} of them.
   */
  public static String sha256(TrainingFrame frame) {
    List<FrameColumn> all = frame.columns();
    return sha256(all.subList(0, all.size() - frame.featureNames().size()), frame.rowCount());
  }

  private static String sha256(List<FrameColumn> columns, int rowCount) {
    MessageDigest digest = newDigest();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      line.append(i == 0 ? "" : ",").append(CsvResultFileWriter.field(columns.get(i).name()));
    }
    update(digest, line);
    // Each column's last value and its text: entity rows often repeat a time for every row.
    Object[] lastValue = new Object[columns.size()];
    String[] lastText = new String[lastValue.length];
    for (int row = 0; row < rowCount; row++) {
      for (int i = 0; i < columns.size(); i++) {
        Object value = columns.get(i).get(row);
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
