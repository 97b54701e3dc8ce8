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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

  /** Hands rows already read by Larder's B2 rules ({@code columns}) to Spark. */
  static SparkEntities of(
      SparkSession spark,
      EntityRows.Columns columns,
      Map<String, ColumnType> types,
      String origin) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
    Map<String, FrameColumn.Kind> kinds = new LinkedHashMap<>();
    for (FrameColumn c : columns.columns()) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c), true));
      kinds.put(c.name(), c.kind());
    }
    StructType schema = DataTypes.createStructType(fields);
    int n = columns.rowCount();
    List<Row> rows = new ArrayList<>(n);
    int width = columns.columns().size();
    for (int r = 0; r < n; r++) {
      Object[] values = new Object[width + 1];
      values[0] = (long) r;
      for (int c = 0; c < width; c++) {
        values[c + 1] = columns.columns().get(c).get(r);
      }
      rows.add(RowFactory.create(values));
    }
    Dataset<Row> data =
        spark
            .createDataFrame(rows, schema)
            .withColumn(
                T, functions.unix_micros(col(SparkKeys.quoted(EntityRows.EVENT_TIMESTAMP))));
    Instant from = null;
    Instant to = null;
    FrameColumn ts =
        columns.columns().stream()
            .filter(c -> c.name().equals(EntityRows.EVENT_TIMESTAMP))
            .findFirst()
            .orElseThrow();
    for (int r = 0; r < n; r++) {
      Instant t = ts.getInstant(r);
      if (t != null) {
        from = from == null || t.isBefore(from) ? t : from;
        to = to == null || t.isAfter(to) ? t : to;
      }
    }
    return new SparkEntities(data, kinds, types, n, from, to, origin);
  }

  private static DataType sparkType(FrameColumn c) {
    return switch (c.kind()) {
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case STRING -> DataTypes.StringType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case BYTES -> DataTypes.BinaryType;
      case LIST ->
          throw new InvalidArgumentException(
              "entity column " + Echo.of(c.name()) + " holds lists, which entity rows cannot hold",
              "Give entity rows scalar columns only");
    };
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
