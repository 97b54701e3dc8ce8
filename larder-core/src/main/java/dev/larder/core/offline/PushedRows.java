package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.model.FeatureType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rows pushed to a batch source, checked and typed, column by column, as {@link OfflineWriter}
 * appends them.
 *
 * @param columns the columns, named as in the source's files (before {@code field_mapping})
 * @param rowCount the number of rows; every column holds that many values
 */
public record PushedRows(List<Column> columns, int rowCount) {
  public PushedRows {
    columns = List.copyOf(columns);
    for (Column c : columns) {
      if (c.values().size() != rowCount) {
        throw new IllegalArgumentException(
            "column "
                + Echo.of(c.name())
                + " has "
                + c.values().size()
                + " values, not "
                + rowCount);
      }
    }
  }

  /**
   * One column.
   *
   * @param name its name in the source's files
   * @param type its type; event and creation times are {@code UnixTimestamp}
   * @param values the values in the Java type of {@code type} ({@link Long}, {@link Double}, {@link
   *     String}, {@link Boolean}, {@code byte[]}, {@link java.time.Instant}, {@link List}), or null
   */
  public record Column(String name, FeatureType type, List<Object> values) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }
}
