package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.Names;
import dev.larder.core.offline.EntityRows;
import dev.larder.core.offline.FrameColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.GlobalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LocalLimit;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Entity rows from a query in Spark SQL over Spark's catalog ({@code --entity-sql}, {@link
 * EntityRows.Query}): the query must be one read-only query (Spark's parser reads it as a query, or
 * it is refused before anything runs) returning the join keys and {@code event_timestamp} (a
 * timestamp, a date or ISO-8601 text). Its rows are numbered in the query's order (a top-level
 * {@code ORDER BY}; without one the order is unspecified, and the summary says so) and kept on the
 * executors ({@code localCheckpoint}), so every use of them sees the same rows and numbers.
 */
final class SparkEntityQuery {
  private static final String FIX =
      "Give one Spark SQL query that returns the join keys and event_timestamp, e.g. SELECT"
          + " driver_id, event_timestamp FROM db.orders ORDER BY event_timestamp";

  private SparkEntityQuery() {}

  /** The query's rows; {@code ordered} is set to whether it orders them. */
  static SparkEntities load(SparkSession spark, EntityRows.Query query, boolean[] ordered) {
    String origin = query.origin();
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parseQuery(query.sql());
    } catch (Exception e) { // Spark's ParseException, a checked exception to javac
      throw new InvalidArgumentException(
          "the entity query is not one read-only Spark SQL query: " + SparkFailures.firstLine(e),
          FIX,
          e);
    }
    ordered[0] = isOrdered(parsed);
    Dataset<Row> rows;
    try {
      rows = spark.sql(query.sql());
      rows.schema();
    } catch (RuntimeException e) {
      throw new InvalidArgumentException(origin + " failed: " + SparkFailures.firstLine(e), FIX, e);
    }
    List<String> names = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      names.add(f.name());
    }
    requireColumns(names, origin);
    Map<String, FrameColumn.Kind> kinds = new LinkedHashMap<>();
    Map<String, ColumnType> types = new LinkedHashMap<>();
    List<Column> select = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col(SparkKeys.quoted(f.name()));
      DataType t = f.dataType();
      SparkTypes.Family family = SparkTypes.family(t);
      if (f.name().equals(EntityRows.EVENT_TIMESTAMP)) {
        if (family != SparkTypes.Family.TIMESTAMP
            && family != SparkTypes.Family.DATE
            && family != SparkTypes.Family.STRING) {
          throw new InvalidArgumentException(
              origin + ": event_timestamp is " + SparkTypes.name(t) + ", not a timestamp",
              "Return event_timestamp as a TIMESTAMP (taken as UTC), a TIMESTAMP WITH TIME ZONE, a"
                  + " DATE or ISO-8601 text, e.g. CAST(ts AS TIMESTAMP) AS event_timestamp");
        }
        select.add(c.cast(DataTypes.TimestampType).as(f.name()));
        kinds.put(f.name(), FrameColumn.Kind.TIMESTAMP);
        types.put(f.name(), ColumnType.TIMESTAMP_TZ);
        continue;
      }
      switch (family) {
        case INTEGER -> {
          select.add(c);
          kinds.put(f.name(), FrameColumn.Kind.LONG);
          types.put(f.name(), SparkTypes.columnType(t));
        }
        case FLOATING -> {
          boolean decimal = t instanceof org.apache.spark.sql.types.DecimalType;
          select.add(decimal ? c.cast(DataTypes.DoubleType).as(f.name()) : c);
          kinds.put(f.name(), FrameColumn.Kind.DOUBLE);
          types.put(f.name(), decimal ? ColumnType.FLOAT64 : SparkTypes.columnType(t));
        }
        case STRING -> add(select, kinds, types, c, f.name(), FrameColumn.Kind.STRING, t);
        case BOOLEAN -> add(select, kinds, types, c, f.name(), FrameColumn.Kind.BOOLEAN, t);
        case BLOB -> add(select, kinds, types, c, f.name(), FrameColumn.Kind.BYTES, t);
        case TIMESTAMP, DATE -> {
          select.add(c.cast(DataTypes.TimestampType).as(f.name()));
          kinds.put(f.name(), FrameColumn.Kind.TIMESTAMP);
          types.put(f.name(), ColumnType.TIMESTAMP_TZ);
        }
        case NULL -> {
          select.add(c.cast(DataTypes.StringType).as(f.name()));
          kinds.put(f.name(), FrameColumn.Kind.STRING);
          types.put(f.name(), ColumnType.STRING);
        }
        default ->
            throw new InvalidArgumentException(
                origin
                    + ": column "
                    + Echo.of(f.name())
                    + " is "
                    + SparkTypes.name(t)
                    + ", which entity rows cannot hold",
                "Return scalar columns only (numbers, text, booleans, timestamps, bytes)");
      }
    }
    Column ts = col(SparkKeys.quoted(EntityRows.EVENT_TIMESTAMP));
    Dataset<Row> numbered =
        rows.select(select.toArray(Column[]::new))
            .withColumn(SparkEntities.ROW, monotonically_increasing_id())
            .withColumn(SparkEntities.T, functions.unix_micros(ts))
            .localCheckpoint(true);
    Row stats =
        numbered
            .agg(
                count(lit(1)),
                count(ts),
                min(col(SparkEntities.T)),
                max(col(SparkEntities.T)),
                min(when(ts.isNull(), col(SparkEntities.ROW))))
            .first();
    long n = stats.getLong(0);
    if (stats.getLong(1) < n) {
      throw new InvalidArgumentException(
          origin + ": event_timestamp is empty in a row (row id " + stats.get(4) + ")",
          "Give every entity row the time it is asked about");
    }
    return new SparkEntities(
        numbered,
        kinds,
        types,
        n,
        n == 0 ? null : Micros.instant(stats.getLong(2)),
        n == 0 ? null : Micros.instant(stats.getLong(3)),
        origin);
  }

  private static void add(
      List<Column> select,
      Map<String, FrameColumn.Kind> kinds,
      Map<String, ColumnType> types,
      Column c,
      String name,
      FrameColumn.Kind kind,
      DataType t) {
    select.add(c);
    kinds.put(name, kind);
    types.put(name, SparkTypes.columnType(t));
  }

  /**
   * Whether the query's rows are ordered: a global sort at its top (under limits, a projection).
   */
  static boolean isOrdered(LogicalPlan plan) {
    LogicalPlan p = plan;
    while (true) {
      if (p instanceof Sort s) {
        return s.global();
      }
      if (p instanceof GlobalLimit
          || p instanceof LocalLimit
          || p instanceof Project
          || p instanceof SubqueryAlias) {
        p = p.children().head();
        continue;
      }
      return false;
    }
  }

  private static void requireColumns(List<String> names, String origin) {
    for (String column : names) {
      if (column.startsWith("__larder")) {
        throw new InvalidArgumentException(
            origin
                + " has a column named "
                + Echo.of(column)
                + "; names starting __larder are"
                + " reserved",
            "Rename that column");
      }
    }
    if (!names.contains(EntityRows.EVENT_TIMESTAMP)) {
      throw new InvalidArgumentException(
          origin
              + ": there is no event_timestamp column"
              + DidYouMean.sentenceEnd(EntityRows.EVENT_TIMESTAMP, names)
              + " Their columns: "
              + Names.listing(names),
          "Add an event_timestamp column: the time each row is asked about (ISO-8601, UTC when"
              + " no offset is given)");
    }
  }
}
