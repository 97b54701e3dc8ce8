package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The entity rows of a historical retrieval (Feast's entity dataframe): join-key columns, an {@code
 * event_timestamp} column, and any other columns (labels, say), which pass through to the result.
 * Rows come from Java ({@link #builder()}, {@link #forKeys}), a CSV file or a Parquet file (DESIGN
 * B2); the engine reads them when it runs the request.
 */
public sealed interface EntityRows
    permits EntityRows.Columns, EntityRows.CsvFile, EntityRows.ParquetFile {
  /** The name of the timestamp column. */
  String EVENT_TIMESTAMP = "event_timestamp";

  /**
   * Rows held in Java, as columns of equal length.
   *
   * @param columns the columns in order, with distinct names
   */
  record Columns(List<FrameColumn> columns) implements EntityRows {
    public Columns {
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw new InvalidArgumentException(
            "entity rows have no columns",
            "Add the join-key columns and an event_timestamp column");
      }
      Map<String, Integer> sizes = new LinkedHashMap<>();
      for (FrameColumn c : columns) {
        if (sizes.put(c.name(), c.size()) != null) {
          throw new InvalidArgumentException(
              "entity rows have two columns named " + Echo.of(c.name()), "Name each column once");
        }
      }
      FrameColumn first = columns.get(0);
      for (FrameColumn c : columns) {
        if (c.size() != first.size()) {
          throw new InvalidArgumentException(
              "entity column "
                  + Echo.of(c.name())
                  + " has "
                  + c.size()
                  + " values, but "
                  + Echo.of(first.name())
                  + " has "
                  + first.size(),
              "Give every column one value per row");
        }
      }
    }

    /** The number of rows. */
    public int rowCount() {
      return columns.get(0).size();
    }
  }

  /**
   * A CSV file (RFC 4180, header row): {@code event_timestamp} is ISO-8601 text (no offset means
   * UTC); join-key columns take their entity's {@code value_type} (a STRING key {@code 007} stays
   * {@code 007}); other columns are integers or doubles when every value parses as one, else text.
   * An empty field is null, a quoted empty field ({@code ""}) the empty string. An empty file, a
   * header naming a column twice (ignoring case) or not at all, a row with more or fewer values
   * than the header has columns, an unclosed quote and mixed line endings are errors naming the row
   * and line ({@link EntityCsvShape}).
   */
  record CsvFile(Path path) implements EntityRows {
    public CsvFile {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A Parquet file: integer or string key columns and a {@code TIMESTAMP} (taken as UTC) or {@code
   * TIMESTAMP WITH TIME ZONE} column {@code event_timestamp}.
   */
  record ParquetFile(Path path) implements EntityRows {
    public ParquetFile {
      Objects.requireNonNull(path, "path");
    }
  }

  /** The rows of a {@code .csv} or {@code .parquet} file, by its extension. */
  static EntityRows file(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return new CsvFile(path);
    }
    if (name.endsWith(".parquet")) {
      return new ParquetFile(path);
    }
    throw new InvalidArgumentException(
        "entity rows file " + Echo.of(path) + " is neither .csv nor .parquet",
        "Give a .csv file (a header row, event_timestamp in ISO-8601) or a .parquet file");
  }

  /**
   * One row per key, all at {@code asOf}: columns {@code keyColumn} and {@code event_timestamp}.
   */
  static Columns forKeys(String keyColumn, List<Long> keys, Instant asOf) {
    Objects.requireNonNull(asOf, "asOf");
    return builder()
        .longs(keyColumn, keys)
        .timestamps(EVENT_TIMESTAMP, Collections.nCopies(keys.size(), asOf))
        .build();
  }

  /** A builder of rows held in Java, column by column. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Columns}; a column name may be given once. */
  final class Builder {
    private final List<FrameColumn> columns = new ArrayList<>();

    private Builder() {}

    /** Adds a column; a name already added is an error. */
    public Builder column(FrameColumn column) {
      for (FrameColumn c : columns) {
        if (c.name().equals(column.name())) {
          throw new IllegalStateException(
              "entity column " + Echo.of(c.name()) + " was already added (" + c.kind() + ")");
        }
      }
      columns.add(column);
      return this;
    }

    public Builder longs(String name, long... values) {
      return column(FrameColumn.ofLongs(name, values));
    }

    /** A column of longs; {@code null} elements are nulls. */
    public Builder longs(String name, List<Long> values) {
      return column(FrameColumn.ofLongs(name, values));
    }

    public Builder doubles(String name, double... values) {
      return column(FrameColumn.ofDoubles(name, values));
    }

    public Builder strings(String name, List<String> values) {
      return column(FrameColumn.ofStrings(name, values));
    }

    public Builder strings(String name, String... values) {
      return strings(name, List.of(values));
    }

    public Builder booleans(String name, List<Boolean> values) {
      return column(FrameColumn.ofBooleans(name, values));
    }

    public Builder timestamps(String name, List<Instant> values) {
      return column(FrameColumn.ofTimestamps(name, values));
    }

    public Builder timestamps(String name, Instant... values) {
      return timestamps(name, List.of(values));
    }

    public Columns build() {
      return new Columns(columns);
    }
  }
}
