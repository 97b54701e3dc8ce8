package dev.larder.spark;

import dev.larder.core.Echo;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.ColumnType;
import dev.larder.core.model.DocumentType;
import dev.larder.core.model.FeatureType;
import dev.larder.core.model.ScalarType;
import dev.larder.core.offline.RequestedFeature;
import dev.larder.core.offline.ViewPlan;
import java.util.Locale;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark's column types in Larder's engine-neutral names ({@code INT64}, {@code FLOAT64}, {@code
 * STRING}, {@code TIMESTAMP_TZ}, {@code ARRAY<T>}, …), sorted into the families that decide which
 * conversions are exact, and the Spark type of each declared feature type.
 */
final class SparkTypes {
  /** The families of column types, as {@link ColumnType.Family} sorts them. */
  enum Family {
    INTEGER,
    FLOATING,
    STRING,
    BOOLEAN,
    BLOB,
    TIMESTAMP,
    DATE,
    LIST,
    NULL,
    OTHER
  }

  private SparkTypes() {}

  /** The engine-neutral name of {@code type}. */
  static ColumnType columnType(DataType type) {
    return new ColumnType(name(type));
  }

  static String name(DataType type) {
    if (type instanceof ByteType) {
      return "INT8";
    }
    if (type instanceof ShortType) {
      return "INT16";
    }
    if (type instanceof IntegerType) {
      return "INT32";
    }
    if (type instanceof LongType) {
      return "INT64";
    }
    if (type instanceof FloatType) {
      return "FLOAT32";
    }
    if (type instanceof DoubleType) {
      return "FLOAT64";
    }
    if (type instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    }
    if (type instanceof StringType) {
      return "STRING";
    }
    if (type instanceof BooleanType) {
      return "BOOL";
    }
    if (type instanceof BinaryType) {
      return "BYTES";
    }
    if (type instanceof TimestampType) {
      return "TIMESTAMP_TZ";
    }
    if (type instanceof TimestampNTZType) {
      return "TIMESTAMP";
    }
    if (type instanceof DateType) {
      return "DATE";
    }
    if (type instanceof NullType) {
      return "NULL";
    }
    if (type instanceof org.apache.spark.sql.types.ArrayType a) {
      return "ARRAY<" + name(a.elementType()) + ">";
    }
    return type.simpleString().toUpperCase(Locale.ROOT);
  }

  static Family family(DataType type) {
    if (type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType) {
      return Family.INTEGER;
    }
    if (type instanceof FloatType || type instanceof DoubleType || type instanceof DecimalType) {
      return Family.FLOATING;
    }
    if (type instanceof StringType) {
      return Family.STRING;
    }
    if (type instanceof BooleanType) {
      return Family.BOOLEAN;
    }
    if (type instanceof BinaryType) {
      return Family.BLOB;
    }
    if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Family.TIMESTAMP;
    }
    if (type instanceof DateType) {
      return Family.DATE;
    }
    if (type instanceof NullType) {
      return Family.NULL;
    }
    if (type instanceof org.apache.spark.sql.types.ArrayType) {
      return Family.LIST;
    }
    return Family.OTHER;
  }

  /**
   * Refuses a view with {@code Map} or {@code Json} features, which this engine does not read (the
   * DuckDB engine does), naming the feature and the fixes.
   */
  static void requireReadable(ViewPlan view) {
    for (RequestedFeature f : view.features()) {
      if (f.dtype() instanceof DocumentType type) {
        throw new InvalidArgumentException(
            "feature "
                + Echo.of(f.name())
                + " of "
                + view.label()
                + " is of type "
                + type.spelling()
                + ", which the Spark engine does not read",
            "Use the DuckDB engine (offline_store: {type: duckdb}) for Map and Json features, or"
                + " declare the feature as String holding its JSON text");
      }
    }
  }

  /**
   * The Spark type a feature declared {@code dtype} is cast to; timestamps are cast to {@code
   * TIMESTAMP} (an instant) and then carried as microseconds ({@link #carried}).
   */
  static DataType of(FeatureType dtype) {
    if (dtype instanceof ArrayType array) {
      return DataTypes.createArrayType(of(array.element()), true);
    }
    return switch ((ScalarType) dtype) {
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case FLOAT32 -> DataTypes.FloatType;
      case FLOAT64 -> DataTypes.DoubleType;
      case STRING -> DataTypes.StringType;
      case BOOL -> DataTypes.BooleanType;
      case BYTES -> DataTypes.BinaryType;
      case UNIX_TIMESTAMP -> DataTypes.TimestampType;
    };
  }

  /** Whether {@code dtype} holds instants (carried as microseconds since the epoch). */
  static boolean isTimestamp(FeatureType dtype) {
    return dtype == ScalarType.UNIX_TIMESTAMP;
  }

  /** Whether {@code dtype} is a list of instants. */
  static boolean isTimestampList(FeatureType dtype) {
    return dtype instanceof ArrayType a && a.element() == ScalarType.UNIX_TIMESTAMP;
  }

  /** Whether values of {@code dtype} (or its list elements) are 32-bit floats. */
  static boolean isFloat32(FeatureType dtype) {
    if (dtype instanceof ArrayType a) {
      return a.element() == ScalarType.FLOAT32;
    }
    return dtype == ScalarType.FLOAT32;
  }
}
