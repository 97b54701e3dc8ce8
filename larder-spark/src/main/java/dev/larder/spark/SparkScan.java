package dev.larder.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.larder.core.Echo;
import dev.larder.core.model.ColumnType;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.SourceColumnChecks;
import dev.larder.core.offline.ViewPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A view's source rows with fixed column names, as the point-in-time join and the latest-row pull
 * read them: {@code __k0…} (join keys in their join type), {@code __ts} and {@code __cr} (event and
 * created time in microseconds; {@code __cr} is {@link #NULL_CREATED} when null or absent, and
 * {@code ±infinity} in CSV text rank just inside the extremes, as in the DuckDB engine), {@link
 * SourceRows#FILE} and {@link SourceRows#ROW} (the row's place in the source) and {@code __v0…}
 * (the requested features cast to their declared types; instants as microseconds). Rows without an
 * event time are left out.
 *
 * <p>{@link #ord()} packs {@code (event, created, file, row)} and the features into one struct: the
 * greatest struct is B5.3's pick, since the row's place is unique and ends the comparison before
 * any feature value.
 */
final class SparkScan {
  /** {@code __cr} of a row without a created time: below every time. */
  static final long NULL_CREATED = Long.MIN_VALUE;

  private final ViewPlan view;
  private final SourceRows source;
  private final Dataset<Row> rows;

  private SparkScan(ViewPlan view, SourceRows source, Dataset<Row> rows) {
    this.view = view;
    this.source = source;
    this.rows = rows;
  }

  static SparkScan open(SourceRows source, ViewPlan view) {
    SparkTypes.requireReadable(view);
    Map<String, DataType> types = source.types();
    String location = source.location();
    Map<String, ColumnType> neutral = new LinkedHashMap<>();
    types.forEach((name, type) -> neutral.put(name, SparkTypes.columnType(type)));
    SourceColumnChecks.requireTimesAndFeatures(view, neutral, location);
    Dataset<Row> raw = source.rows();
    List<Column> out = new ArrayList<>();
    for (int k = 0; k < view.joinKeys().size(); k++) {
      JoinKey key = view.joinKeys().get(k);
      SourceColumnChecks.requireJoinKey(view, neutral, key, location);
      out.add(
          SparkKeys.convert(
                  raw,
                  key.sourceColumn(),
                  types.get(key.sourceColumn()),
                  key,
                  view.label(),
                  "source column " + Echo.of(key.sourceColumn()) + " of " + location)
              .as("__k" + k));
    }
    out.add(
        micros(col(SparkKeys.quoted(view.timestampColumn())), types.get(view.timestampColumn()))
            .as("__ts"));
    Column created =
        view.createdColumn()
            .map(c -> micros(col(SparkKeys.quoted(c)), types.get(c)))
            .orElse(lit(null).cast(DataTypes.LongType));
    out.add(coalesce(created, lit(NULL_CREATED)).as("__cr"));
    out.add(col(SourceRows.FILE));
    out.add(col(SourceRows.ROW));
    List<RequestedFeature> features = view.features();
    for (int i = 0; i < features.size(); i++) {
      RequestedFeature f = features.get(i);
      Column value = col(SparkKeys.quoted(f.sourceColumn())).cast(SparkTypes.of(f.dtype()));
      if (SparkTypes.isTimestamp(f.dtype())) {
        value = functions.unix_micros(value);
      } else if (SparkTypes.isTimestampList(f.dtype())) {
        value = transform(value, functions::unix_micros);
      }
      out.add(value.as("__v" + i));
    }
    Dataset<Row> scanned = raw.select(out.toArray(Column[]::new)).filter(col("__ts").isNotNull());
    return new SparkScan(view, source, scanned);
  }

  /**
   * A time column in microseconds: instants as they are, timestamps without a zone and dates as
   * UTC, text as ISO-8601 ({@code infinity} and {@code -infinity} just inside the long range).
   */
  static Column micros(Column c, DataType type) {
    return switch (SparkTypes.family(type)) {
      case STRING ->
          when(lower(trim(c)).equalTo("infinity"), lit(Long.MAX_VALUE - 1))
              .when(lower(trim(c)).equalTo("-infinity"), lit(Long.MIN_VALUE + 1))
              .otherwise(functions.unix_micros(c.cast(DataTypes.TimestampType)));
      case NULL -> lit(null).cast(DataTypes.LongType);
      default -> functions.unix_micros(c.cast(DataTypes.TimestampType));
    };
  }

  ViewPlan view() {
    return view;
  }

  SourceRows source() {
    return source;
  }

  /** The rows: {@code __k…}, {@code __ts}, {@code __cr}, file, row, {@code __v…}. */
  Dataset<Row> rows() {
    return rows;
  }

  int keyCount() {
    return view.joinKeys().size();
  }

  /** The struct whose greatest value is B5.3's pick: event, created, file, row, then features. */
  Column ord() {
    List<Column> fields = new ArrayList<>();
    fields.add(col("__ts"));
    fields.add(col("__cr"));
    fields.add(col(SourceRows.FILE));
    fields.add(col(SourceRows.ROW));
    for (int i = 0; i < view.features().size(); i++) {
      fields.add(col("__v" + i));
    }
    return struct(fields.toArray(Column[]::new));
  }
}
