package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.Names;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import dev.larder.core.offline.NoMatchDiagnostic;
import dev.larder.core.offline.duckdb.DuckDbOfflineEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Entity rows as a Spark dataset: {@link #ROW} (the input position), the input's columns in order
 * ({@code event_timestamp} and other instants as {@code TIMESTAMP}), and {@link #T}, the event time
 * in microseconds.
 *
 * @param rows the dataset
 * @param kinds the input's columns and what they hold, in input order
 * @param types the input's columns and their types as read, in input order
 * @param count the number of rows
 * @param from the earliest event time ({@code null} without rows)
 * @param to the latest event time ({@code null} without rows)
 * @param origin how messages name the rows ({@code entity rows file x.csv})
 */
record SparkEntities(
    Dataset<Row> rows,
    Map<String, FrameColumn.Kind> kinds,
    Map<String, ColumnType> types,
    long count,
    Instant from,
    Instant to,
    String origin) {
  static final String ROW = "__larder_row";
  static final String T = "__larder_t";

  /**
   * Entity rows that Larder read by its B2 rules and staged as a Parquet file ({@code staged}),
   * read by Spark from {@code location}, a path every executor can read: the rows never pass
   * through the driver's memory.
   */
  static SparkEntities staged(
      SparkSession spark,
      DuckDbOfflineEngine.StagedEntityRows staged,
      String location,
      String origin) {
    Dataset<Row> data =
        spark
            .read()
            .parquet(location)
            .withColumn(
                T, functions.unix_micros(col(SparkKeys.quoted(EntityRows.EVENT_TIMESTAMP))));
    return new SparkEntities(
        data, staged.kinds(), staged.types(), staged.rows(), staged.from(), staged.to(), origin);
  }

  /** The Spark type of entity column {@code column}, or an error naming the columns. */
  DataType require(String column, String needed) {
    if (!kinds.containsKey(column)) {
      List<String> names = List.copyOf(kinds.keySet());
      throw new InvalidArgumentException(
          needed
              + " needs entity column "
              + Echo.of(column)
              + ", which is not in the "
              + origin
              + DidYouMean.sentenceEnd(column, names)
              + " Their columns: "
              + Names.listing(names),
          "Add the column, or map the join key to another column with join_key_map in a feature"
              + " service");
    }
    return rows.schema().apply(column).dataType();
  }

  /** The least and greatest value of each column, as text ({@code 3 … 17}, {@code (all null)}). */
  List<String> ranges(List<String> columns) {
    if (columns.isEmpty()) {
      return List.of();
    }
    List<org.apache.spark.sql.Column> aggregates = new ArrayList<>();
    for (String c : columns) {
      aggregates.add(min(col(SparkKeys.quoted(c))).cast(DataTypes.StringType));
      aggregates.add(max(col(SparkKeys.quoted(c))).cast(DataTypes.StringType));
    }
    Row row =
        rows.agg(
                aggregates.get(0),
                aggregates
                    .subList(1, aggregates.size())
                    .toArray(org.apache.spark.sql.Column[]::new))
            .first();
    return rangeTexts(row, columns.size(), 0);
  }

  /** {@code min … max} texts from pairs of string columns of {@code row} from {@code first}. */
  static List<String> rangeTexts(Row row, int keys, int first) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String lo = row.isNullAt(first + 2 * k) ? null : row.getString(first + 2 * k);
      String hi = row.isNullAt(first + 2 * k + 1) ? null : row.getString(first + 2 * k + 1);
      out.add(NoMatchDiagnostic.keyRange(lo, hi));
    }
    return out;
  }
}
