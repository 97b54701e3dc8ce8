package dev.larder.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a column in a source, an entity-rows file or a result, in engine-neutral names that
 * every offline engine maps its own types to (the DuckDB engine's mapping is {@code DuckDbTypes}):
 *
 * <ul>
 *   <li>integers {@code INT8 INT16 INT32 INT64 INT128} and {@code UINT8 UINT16 UINT32 UINT64
 *       UINT128};
 *   <li>{@code FLOAT32 FLOAT64}, and {@code DECIMAL(p,s)};
 *   <li>{@code STRING}, {@code BOOL}, {@code BYTES};
 *   <li>{@code TIMESTAMP} (no time zone: taken as UTC), {@code TIMESTAMP_TZ} (an instant), {@code
 *       DATE};
 *   <li>{@code ARRAY<T>} of any of these, {@code MAP<K,V>} of them;
 *   <li>{@code JSON}, text holding a JSON document;
 *   <li>{@code NULL}, the type of a column with no values at all;
 *   <li>anything else keeps the engine's own name and is of {@link Family#OTHER}.
 * </ul>
 *
 * Each name is sorted into a {@link Family}, which decides which feature types can read it.
 */
public record ColumnType(String name) {
  /** The families of column types. */
  public enum Family {
    INTEGER,
    FLOATING,
    STRING,
    BOOLEAN,
    BLOB,
    TIMESTAMP,
    DATE,
    LIST,
    /** Maps: {@code MAP<K,V>}. */
    MAP,
    /** JSON documents as text. */
    JSON,
    /** The type of a column with no values at all. */
    NULL,
    /** Anything else: structs, maps, intervals, times of day, UUIDs, … */
    OTHER
  }

  public static final ColumnType INT8 = new ColumnType("INT8");
  public static final ColumnType INT16 = new ColumnType("INT16");
  public static final ColumnType INT32 = new ColumnType("INT32");
  public static final ColumnType INT64 = new ColumnType("INT64");
  public static final ColumnType INT128 = new ColumnType("INT128");
  public static final ColumnType UINT8 = new ColumnType("UINT8");
  public static final ColumnType UINT16 = new ColumnType("UINT16");
  public static final ColumnType UINT32 = new ColumnType("UINT32");
  public static final ColumnType UINT64 = new ColumnType("UINT64");
  public static final ColumnType UINT128 = new ColumnType("UINT128");
  public static final ColumnType FLOAT32 = new ColumnType("FLOAT32");
  public static final ColumnType FLOAT64 = new ColumnType("FLOAT64");
  public static final ColumnType STRING = new ColumnType("STRING");
  public static final ColumnType BOOL = new ColumnType("BOOL");
  public static final ColumnType BYTES = new ColumnType("BYTES");

  /** A timestamp without a time zone, taken as UTC. */
  public static final ColumnType TIMESTAMP = new ColumnType("TIMESTAMP");

  /** A timestamp with a time zone: an instant. */
  public static final ColumnType TIMESTAMP_TZ = new ColumnType("TIMESTAMP_TZ");

  public static final ColumnType DATE = new ColumnType("DATE");
  public static final ColumnType NULL = new ColumnType("NULL");

  /** Text holding a JSON document: the result type of {@code Map} and {@code Json} features. */
  public static final ColumnType JSON = new ColumnType("JSON");

  private static final Map<String, Family> SIMPLE =
      Map.ofEntries(
          Map.entry("INT8", Family.INTEGER),
          Map.entry("INT16", Family.INTEGER),
          Map.entry("INT32", Family.INTEGER),
          Map.entry("INT64", Family.INTEGER),
          Map.entry("INT128", Family.INTEGER),
          Map.entry("UINT8", Family.INTEGER),
          Map.entry("UINT16", Family.INTEGER),
          Map.entry("UINT32", Family.INTEGER),
          Map.entry("UINT64", Family.INTEGER),
          Map.entry("UINT128", Family.INTEGER),
          Map.entry("FLOAT32", Family.FLOATING),
          Map.entry("FLOAT64", Family.FLOATING),
          Map.entry("STRING", Family.STRING),
          Map.entry("BOOL", Family.BOOLEAN),
          Map.entry("BYTES", Family.BLOB),
          Map.entry("TIMESTAMP", Family.TIMESTAMP),
          Map.entry("TIMESTAMP_TZ", Family.TIMESTAMP),
          Map.entry("DATE", Family.DATE),
          Map.entry("NULL", Family.NULL),
          Map.entry("JSON", Family.JSON));

  private static final Pattern ARRAY = Pattern.compile("ARRAY<(.+)>");
  private static final Pattern MAP =
      Pattern.compile("MAP<([^,<>]+),(.+)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

  public ColumnType {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a column type needs a name");
    }
    name = name.strip();
  }

  /** {@code ARRAY<element>}. */
  public static ColumnType arrayOf(ColumnType element) {
    return new ColumnType("ARRAY<" + element.name() + ">");
  }

  /** {@code MAP<key,value>}. */
  public static ColumnType mapOf(ColumnType key, ColumnType value) {
    return new ColumnType("MAP<" + key.name() + "," + value.name() + ">");
  }

  /** {@code DECIMAL(precision,scale)}. */
  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType("DECIMAL(" + precision + "," + scale + ")");
  }

  /**
   * The type a result column of a feature declared {@code dtype} has (DESIGN B2: types as
   * declared): Int32 → INT32, Int64 → INT64, Float32 → FLOAT32, Float64 → FLOAT64, String → STRING,
   * Bool → BOOL, Bytes → BYTES, UnixTimestamp → TIMESTAMP_TZ, {@code Array(T)} → {@code ARRAY<T>},
   * Map and Json → JSON (their JSON text).
   */
  public static ColumnType of(FeatureType dtype) {
    if (dtype instanceof ArrayType array) {
      return arrayOf(of(array.element()));
    }
    if (dtype instanceof DocumentType) {
      return JSON;
    }
    return switch ((ScalarType) dtype) {
      case INT32 -> INT32;
      case INT64 -> INT64;
      case FLOAT32 -> FLOAT32;
      case FLOAT64 -> FLOAT64;
      case STRING -> STRING;
      case BOOL -> BOOL;
      case BYTES -> BYTES;
      case UNIX_TIMESTAMP -> TIMESTAMP_TZ;
    };
  }

  /**
   * The type join keys declared {@code type} are compared in, and that a CSV entity-rows column
   * holding such a key gets: INT32 and INT64 → INT64, FLOAT32 and FLOAT64 → FLOAT64, STRING, BOOL,
   * BYTES, UNIX_TIMESTAMP → TIMESTAMP_TZ.
   */
  public static ColumnType joinType(ValueType type) {
    return switch (type) {
      case INT32, INT64 -> INT64;
      case FLOAT32, FLOAT64 -> FLOAT64;
      case STRING -> STRING;
      case BOOL -> BOOL;
      case BYTES -> BYTES;
      case UNIX_TIMESTAMP -> TIMESTAMP_TZ;
    };
  }

  /** The family of this type. */
  public Family family() {
    String n = name.toUpperCase(Locale.ROOT);
    Family simple = SIMPLE.get(n);
    if (simple != null) {
      return simple;
    }
    if (ARRAY.matcher(n).matches()) {
      return Family.LIST;
    }
    if (MAP.matcher(n).matches()) {
      return Family.MAP;
    }
    if (DECIMAL.matcher(n).matches()) {
      return Family.FLOATING;
    }
    return Family.OTHER;
  }

  /** Whether this is an integer, floating-point or decimal type. */
  public boolean isNumeric() {
    Family f = family();
    return f == Family.INTEGER || f == Family.FLOATING;
  }

  /**
   * For numbers: whether the values need 64 bits (INT64, UINT32 and wider, FLOAT64, DECIMAL); false
   * for other families.
   */
  public boolean isWide() {
    String n = name.toUpperCase(Locale.ROOT);
    return switch (n) {
      case "INT64", "INT128", "UINT32", "UINT64", "UINT128", "FLOAT64" -> true;
      default -> DECIMAL.matcher(n).matches();
    };
  }

  /** Whether values may not fit a 64-bit signed integer (INT128, UINT64, UINT128). */
  public boolean isWiderThan64Bits() {
    String n = name.toUpperCase(Locale.ROOT);
    return n.equals("INT128") || n.equals("UINT64") || n.equals("UINT128");
  }

  /** For a list type ({@code ARRAY<FLOAT64>}): the element type. */
  public ColumnType elementType() {
    Matcher m = ARRAY.matcher(name.toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalStateException(name + " is not a list type");
    }
    return new ColumnType(name.substring(6, name.length() - 1));
  }

  /** For a map type ({@code MAP<STRING,FLOAT64>}): the key type. */
  public ColumnType keyType() {
    return new ColumnType(mapParts().group(1));
  }

  /** For a map type ({@code MAP<STRING,FLOAT64>}): the value type. */
  public ColumnType valueType() {
    return new ColumnType(mapParts().group(2));
  }

  private Matcher mapParts() {
    Matcher m = MAP.matcher(name);
    if (!m.matches()) {
      throw new IllegalStateException(name + " is not a map type");
    }
    return m;
  }

  /** Whether this equals {@code other} by name, ignoring case. */
  public boolean sameAs(ColumnType other) {
    return name.equalsIgnoreCase(Objects.requireNonNull(other, "other").name);
  }

  @Override
  public String toString() {
    return name;
  }
}
