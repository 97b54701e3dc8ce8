package dev.larder.core.offline;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.time.IsoTimes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * B2), a query in the offline engine's own SQL ({@link #query}), or, with no entity rows at all,
 * every key that has rows in a time range ({@link #timeRange}, Feast's non-entity mode); the engine
 * reads them when it runs the request.
 */
public sealed interface EntityRows
    permits EntityRows.Columns,
        EntityRows.CsvFile,
        EntityRows.ParquetFile,
        EntityRows.Query,
        EntityRows.TimeRange {
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

  /**
   * A query in the offline engine's own SQL (DuckDB's, Spark's) whose result is the entity rows, as
   * Feast runs an entity dataframe given as SQL against its offline store. It must be one read-only
   * query (a {@code SELECT}, {@code WITH … SELECT}, {@code VALUES} or DuckDB's {@code FROM …});
   * anything else is refused before it runs. Its result must hold the join keys and {@code
   * event_timestamp} (a timestamp, a date, or ISO-8601 text; naive times are UTC); other columns
   * pass through with their types, like the extra columns of a Parquet file.
   *
   * <p>The rows keep the query's top-level {@code ORDER BY}. Without one their order is unspecified
   * (the engine may read in parallel), and the retrieval's {@link RetrievalSummary#warnings()} say
   * so with {@link #UNORDERED_WARNING}.
   *
   * <p>Relative file paths in the query (DuckDB's {@code read_parquet('data/e.parquet')}) are
   * resolved against {@code baseDirectory}, as the command line resolves {@code --entity-df}: the
   * working directory. Engines without local files (Spark reads tables and cluster paths) may
   * ignore it.
   *
   * @param sql the query text, as the user wrote it
   * @param baseDirectory the absolute directory that relative file paths in the query start from
   */
  record Query(String sql, Path baseDirectory) implements EntityRows {
    /** The warning of a retrieval whose entity query has no top-level {@code ORDER BY}. */
    public static final String UNORDERED_WARNING =
        "the entity query has no ORDER BY at its top level, so the order of its rows, and of the"
            + " result's rows, is unspecified; end the query with ORDER BY (e.g. ORDER BY"
            + " event_timestamp) to fix it";

    public Query {
      if (sql == null || sql.isBlank()) {
        throw new InvalidArgumentException(
            "the entity query is empty",
            "Give a query that returns the join keys and event_timestamp, e.g. SELECT"
                + " sample_index, event_timestamp FROM read_parquet('entities.parquet')");
      }
      Objects.requireNonNull(baseDirectory, "baseDirectory");
      baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }

    /** How messages name these rows. */
    public String origin() {
      return "entity query";
    }
  }

  /**
   * No entity rows: the keys come from the data (Feast's {@code get_historical_features} with
   * {@code start_date}/{@code end_date} and no {@code entity_df}). The rows are one per distinct
   * join-key value that has at least one row with {@code start <= event_ts <= end} (both inclusive)
   * in the source of a requested view, all at {@code end}: columns the join keys (the entity
   * columns of the first view that has keys, in its order) then {@code event_timestamp}; rows in
   * ascending key order, keys compared in the order of their names, as {@link LatestRows} orders
   * them. The point-in-time join then runs as for any entity rows (DESIGN B5), so each key gets its
   * latest row as of {@code end} (within each view's ttl of {@code end}). A key with a null part
   * joins nothing and is left out. Every requested view that has keys must have the same entity
   * columns (of the same types); an entity-less view adds its value as of {@code end} to every row.
   * With entity-less views only, the result is one row when any of them has a row in the range.
   *
   * <p>Defaults, as Feast's ({@code compute_non_entity_date_range}): no {@code end} means now; no
   * {@code start} means {@code end} minus the greatest ttl of the requested views, or minus 30 days
   * when none has a ttl. {@link #resolve} applies them.
   *
   * @param start the earliest event time, inclusive, or {@code null} for the default
   * @param end the latest event time, inclusive, and the time of every row, or {@code null} for now
   */
  record TimeRange(Instant start, Instant end) implements EntityRows {
    /** The range Feast reads when no view of the request has a ttl and no start is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    public TimeRange {
      if (start != null && end != null && start.isAfter(end)) {
        throw new InvalidArgumentException(
            "the start date "
                + IsoTimes.format(start)
                + " is after the end date "
                + IsoTimes.format(end),
            "Give a start date at or before the end date");
      }
    }

    /**
     * This range with its defaults filled in for the views of {@code plan}, {@code now} standing
     * for a missing end.
     */
    public TimeRange resolve(RetrievalPlan plan, Instant now) {
      Instant to = end != null ? end : now.truncatedTo(ChronoUnit.MICROS);
      Instant from = start;
      if (from == null) {
        Duration ttl = Duration.ZERO;
        for (ViewPlan view : plan.views()) {
          if (view.ttl().compareTo(ttl) > 0) {
            ttl = view.ttl();
          }
        }
        Duration window = ttl.isZero() ? DEFAULT_WINDOW : ttl;
        from = to.minus(window).isBefore(IsoTimes.EARLIEST) ? IsoTimes.EARLIEST : to.minus(window);
      }
      return new TimeRange(from, to);
    }
  }

  /**
   * Every key with rows in [{@code start}, {@code end}], all at {@code end} (see {@link
   * TimeRange}); {@code null} bounds take Feast's defaults.
   */
  static TimeRange timeRange(Instant start, Instant end) {
    return new TimeRange(start, end);
  }

  /**
   * The rows that {@code sql} returns; relative file paths in it are resolved against the working
   * directory of this process (see {@link Query}).
   */
  static Query query(String sql) {
    return new Query(sql, Path.of("").toAbsolutePath());
  }

  /**
   * The rows that {@code sql} returns; relative file paths in it start from {@code baseDirectory}.
   */
  static Query query(String sql, Path baseDirectory) {
    return new Query(sql, baseDirectory);
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
