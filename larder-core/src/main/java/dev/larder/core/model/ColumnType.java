package dev.larder.core.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The type of a column in a source file, as DuckDB names it ({@code BIGINT}, {@code DOUBLE}, {@code
 * VARCHAR}, {@code TIMESTAMP WITH TIME ZONE}, {@code DOUBLE[]}, {@code DECIMAL(10,2)}, …), sorted
 * into the {@link Family families} that decide which feature types can read it.
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
    /** The type of a column with no values at all. */
    NULL,
    /** Anything else: structs, maps, intervals, times of day, UUIDs, … */
    OTHER
  }

  private static final Set<String> INTEGERS =
      Set.of(
          "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "UHUGEINT",
          "INT",
          "INT1",
          "INT2",
          "INT4",
          "INT8",
          "LONG",
          "SHORT");
  private static final Set<String> WIDE_INTEGERS =
      Set.of("BIGINT", "HUGEINT", "UINTEGER", "UBIGINT", "UHUGEINT", "INT8", "LONG");
  private static final Set<String> FLOATS = Set.of("FLOAT", "REAL", "FLOAT4", "DOUBLE", "FLOAT8");
  private static final Set<String> STRINGS = Set.of("VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR");
  private static final Set<String> BLOBS = Set.of("BLOB", "BYTEA", "BINARY", "VARBINARY");
  private static final Pattern LIST = Pattern.compile("(.+)\\[\\d*\\]");

  public ColumnType {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a column type needs a name");
    }
    name = name.strip();
  }

  /** The family of this type. */
  public Family family() {
    String n = name.toUpperCase(Locale.ROOT);
    if (LIST.matcher(n).matches()) {
      return Family.LIST;
    }
    if (INTEGERS.contains(n)) {
      return Family.INTEGER;
    }
    if (FLOATS.contains(n) || n.startsWith("DECIMAL") || n.startsWith("NUMERIC")) {
      return Family.FLOATING;
    }
    if (STRINGS.contains(n) || n.startsWith("VARCHAR(") || n.startsWith("ENUM(")) {
      return Family.STRING;
    }
    if (n.equals("BOOLEAN") || n.equals("BOOL") || n.equals("LOGICAL")) {
      return Family.BOOLEAN;
    }
    if (BLOBS.contains(n)) {
      return Family.BLOB;
    }
    if (n.startsWith("TIMESTAMP")) {
      return Family.TIMESTAMP;
    }
    if (n.equals("DATE")) {
      return Family.DATE;
    }
    if (n.equals("NULL")) {
      return Family.NULL;
    }
    return Family.OTHER;
  }

  /** Whether this is an integer, floating-point or decimal type. */
  public boolean isNumeric() {
    Family f = family();
    return f == Family.INTEGER || f == Family.FLOATING;
  }

  /**
   * For numbers: whether the values need 64 bits (BIGINT, unsigned 32-bit and wider, DOUBLE,
   * DECIMAL); false for other families.
   */
  public boolean isWide() {
    String n = name.toUpperCase(Locale.ROOT);
    return WIDE_INTEGERS.contains(n)
        || n.equals("DOUBLE")
        || n.equals("FLOAT8")
        || n.startsWith("DECIMAL")
        || n.startsWith("NUMERIC");
  }

  /** For a list type ({@code DOUBLE[]}, {@code INTEGER[3]}): the element type. */
  public ColumnType elementType() {
    var m = LIST.matcher(name);
    if (!m.matches()) {
      throw new IllegalStateException(name + " is not a list type");
    }
    return new ColumnType(m.group(1));
  }

  @Override
  public String toString() {
    return name;
  }
}
