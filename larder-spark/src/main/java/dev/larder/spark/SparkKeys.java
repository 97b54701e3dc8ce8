package dev.larder.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.larder.core.model.ValueType;
import dev.larder.core.offline.JoinKey;
import dev.larder.core.offline.KeyCoercion;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * How a join-key column is compared with a view's key (DESIGN B5.7), as the DuckDB engine does it:
 * both sides are brought to one Spark type per declared {@link ValueType} by exact conversions
 * (integers of any width to BIGINT; integral text to BIGINT, checked value by value; integers to
 * their decimal text); anything else is {@link KeyCoercion}'s error naming the column, both types
 * and the fix, the same text as the DuckDB engine's. Timestamp keys are compared as microseconds
 * since the epoch.
 */
final class SparkKeys {
  /** Text that converts to a BIGINT exactly: optional sign, digits. */
  private static final String INTEGRAL = "^[+-]?[0-9]+\\z";

  private SparkKeys() {}

  /** The Spark type keys declared as {@code type} are compared in. */
  static DataType joinType(ValueType type) {
    return switch (type) {
      case INT32, INT64, UNIX_TIMESTAMP -> DataTypes.LongType;
      case FLOAT32, FLOAT64 -> DataTypes.DoubleType;
      case STRING -> DataTypes.StringType;
      case BOOL -> DataTypes.BooleanType;
      case BYTES -> DataTypes.BinaryType;
    };
  }

  /**
   * {@code column} of {@code rows}, of Spark type {@code from}, converted to the join type of
   * {@code key}; {@code what} names the column in errors ({@code entity column 'x'}).
   */
  static Column convert(
      Dataset<Row> rows, String column, DataType from, JoinKey key, String viewLabel, String what) {
    Column c = col(quoted(column));
    SparkTypes.Family family = SparkTypes.family(from);
    if (family == SparkTypes.Family.NULL) {
      return key.type() == ValueType.UNIX_TIMESTAMP
          ? c.cast(DataTypes.LongType)
          : c.cast(joinType(key.type()));
    }
    switch (key.type()) {
      case INT32, INT64 -> {
        if (family == SparkTypes.Family.INTEGER) {
          return c.cast(DataTypes.LongType);
        }
        if (family == SparkTypes.Family.STRING) {
          checkIntegral(rows, c, key, viewLabel, what);
          return c.try_cast(DataTypes.LongType);
        }
      }
      case STRING -> {
        if (family == SparkTypes.Family.STRING || family == SparkTypes.Family.INTEGER) {
          return c.cast(DataTypes.StringType);
        }
      }
      case FLOAT32, FLOAT64 -> {
        if (family == SparkTypes.Family.FLOATING) {
          return c.cast(DataTypes.DoubleType);
        }
      }
      case BOOL -> {
        if (family == SparkTypes.Family.BOOLEAN) {
          return c;
        }
      }
      case BYTES -> {
        if (family == SparkTypes.Family.BLOB) {
          return c;
        }
      }
      case UNIX_TIMESTAMP -> {
        if (family == SparkTypes.Family.TIMESTAMP || family == SparkTypes.Family.DATE) {
          return functions.unix_micros(c.cast(DataTypes.TimestampType));
        }
      }
    }
    throw KeyCoercion.typeMismatch(what, SparkTypes.columnType(from), key, viewLabel);
  }

  private static void checkIntegral(
      Dataset<Row> rows, Column c, JoinKey key, String viewLabel, String what) {
    List<Row> bad =
        rows.filter(
                c.isNotNull()
                    .and(not(c.rlike(INTEGRAL).and(c.try_cast(DataTypes.LongType).isNotNull()))))
            .select(c)
            .limit(1)
            .collectAsList();
    if (!bad.isEmpty()) {
      throw KeyCoercion.notIntegral(what, bad.get(0).getString(0), key, viewLabel);
    }
  }

  /** A column name as Spark's {@code col} reads it: backquoted, so dots are not struct fields. */
  static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
