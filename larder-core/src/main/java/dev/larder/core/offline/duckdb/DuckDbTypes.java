package dev.larder.core.offline.duckdb;

import dev.larder.core.model.ColumnType;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's type names and Larder's engine-neutral {@link ColumnType}s, both ways. DuckDB's names
 * stay inside the DuckDB engine; everything it reports (source schemas, entity-row columns, errors)
 * uses the neutral names.
 */
public final class DuckDbTypes {
  private static final Map<String, ColumnType> FROM_DUCKDB =
      Map.ofEntries(
          Map.entry("TINYINT", ColumnType.INT8),
          Map.entry("INT1", ColumnType.INT8),
          Map.entry("SMALLINT", ColumnType.INT16),
          Map.entry("INT2", ColumnType.INT16),
          Map.entry("SHORT", ColumnType.INT16),
          Map.entry("INTEGER", ColumnType.INT32),
          Map.entry("INT", ColumnType.INT32),
          Map.entry("INT4", ColumnType.INT32),
          Map.entry("BIGINT", ColumnType.INT64),
          Map.entry("INT8", ColumnType.INT64),
          Map.entry("LONG", ColumnType.INT64),
          Map.entry("HUGEINT", ColumnType.INT128),
          Map.entry("UTINYINT", ColumnType.UINT8),
          Map.entry("USMALLINT", ColumnType.UINT16),
          Map.entry("UINTEGER", ColumnType.UINT32),
          Map.entry("UBIGINT", ColumnType.UINT64),
          Map.entry("UHUGEINT", ColumnType.UINT128),
          Map.entry("FLOAT", ColumnType.FLOAT32),
          Map.entry("REAL", ColumnType.FLOAT32),
          Map.entry("FLOAT4", ColumnType.FLOAT32),
          Map.entry("DOUBLE", ColumnType.FLOAT64),
          Map.entry("FLOAT8", ColumnType.FLOAT64),
          Map.entry("VARCHAR", ColumnType.STRING),
          Map.entry("TEXT", ColumnType.STRING),
          Map.entry("STRING", ColumnType.STRING),
          Map.entry("CHAR", ColumnType.STRING),
          Map.entry("BPCHAR", ColumnType.STRING),
          Map.entry("BOOLEAN", ColumnType.BOOL),
          Map.entry("BOOL", ColumnType.BOOL),
          Map.entry("LOGICAL", ColumnType.BOOL),
          Map.entry("BLOB", ColumnType.BYTES),
          Map.entry("BYTEA", ColumnType.BYTES),
          Map.entry("BINARY", ColumnType.BYTES),
          Map.entry("VARBINARY", ColumnType.BYTES),
          Map.entry("TIMESTAMP", ColumnType.TIMESTAMP),
          Map.entry("DATETIME", ColumnType.TIMESTAMP),
          Map.entry("TIMESTAMP_S", ColumnType.TIMESTAMP),
          Map.entry("TIMESTAMP_MS", ColumnType.TIMESTAMP),
          Map.entry("TIMESTAMP_US", ColumnType.TIMESTAMP),
          Map.entry("TIMESTAMP_NS", ColumnType.TIMESTAMP),
          Map.entry("TIMESTAMP WITH TIME ZONE", ColumnType.TIMESTAMP_TZ),
          Map.entry("TIMESTAMPTZ", ColumnType.TIMESTAMP_TZ),
          Map.entry("DATE", ColumnType.DATE),
          Map.entry("NULL", ColumnType.NULL),
          Map.entry("JSON", ColumnType.JSON));

  private static final Pattern LIST = Pattern.compile("(.+)\\[\\d*\\]");
  private static final Pattern MAP =
      Pattern.compile("MAP\\(\\s*([^,()]+?)\\s*,\\s*(.+?)\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL =
      Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  private DuckDbTypes() {}

  /** The neutral type of a column DuckDB describes as {@code duckDbName}. */
  public static ColumnType columnType(String duckDbName) {
    String n = duckDbName.strip();
    String upper = n.toUpperCase(Locale.ROOT);
    ColumnType simple = FROM_DUCKDB.get(upper);
    if (simple != null) {
      return simple;
    }
    Matcher list = LIST.matcher(n);
    if (list.matches()) {
      return ColumnType.arrayOf(columnType(list.group(1)));
    }
    Matcher map = MAP.matcher(n);
    if (map.matches()) {
      return ColumnType.mapOf(columnType(map.group(1)), columnType(map.group(2)));
    }
    Matcher decimal = DECIMAL.matcher(upper);
    if (decimal.matches()) {
      return ColumnType.decimal(
          Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
    }
    if (upper.equals("DECIMAL") || upper.equals("NUMERIC")) {
      return ColumnType.decimal(18, 3);
    }
    if (upper.startsWith("VARCHAR(") || upper.startsWith("ENUM(")) {
      return ColumnType.STRING;
    }
    return new ColumnType(n);
  }

  /** The DuckDB SQL type of neutral {@code type} (its own name for a type of family OTHER). */
  public static String sqlType(ColumnType type) {
    return switch (type.family()) {
      case LIST -> sqlType(type.elementType()) + "[]";
      case MAP -> "MAP(" + sqlType(type.keyType()) + ", " + sqlType(type.valueType()) + ")";
      case JSON -> "JSON";
      case NULL -> "INTEGER";
      case OTHER -> type.name();
      default ->
          switch (type.name().toUpperCase(Locale.ROOT)) {
            case "INT8" -> "TINYINT";
            case "INT16" -> "SMALLINT";
            case "INT32" -> "INTEGER";
            case "INT64" -> "BIGINT";
            case "INT128" -> "HUGEINT";
            case "UINT8" -> "UTINYINT";
            case "UINT16" -> "USMALLINT";
            case "UINT32" -> "UINTEGER";
            case "UINT64" -> "UBIGINT";
            case "UINT128" -> "UHUGEINT";
            case "FLOAT32" -> "FLOAT";
            case "FLOAT64" -> "DOUBLE";
            case "STRING" -> "VARCHAR";
            case "BOOL" -> "BOOLEAN";
            case "BYTES" -> "BLOB";
            case "TIMESTAMP" -> "TIMESTAMP";
            case "TIMESTAMP_TZ" -> "TIMESTAMPTZ";
            case "DATE" -> "DATE";
            default -> type.name(); // DECIMAL(p,s)
          };
    };
  }
}
