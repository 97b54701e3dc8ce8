package dev.larder.core.model;

/**
 * A feature type holding one value: {@code Int32 Int64 Float32 Float64 String Bool Bytes
 * UnixTimestamp}.
 */
public enum ScalarType implements FeatureType {
  INT32("Int32"),
  INT64("Int64"),
  FLOAT32("Float32"),
  FLOAT64("Float64"),
  STRING("String"),
  BOOL("Bool"),
  BYTES("Bytes"),
  UNIX_TIMESTAMP("UnixTimestamp");

  private final String spelling;

  ScalarType(String spelling) {
    this.spelling = spelling;
  }

  @Override
  public String spelling() {
    return spelling;
  }

  /** Whether this is one of the number types. */
  public boolean isNumeric() {
    return this == INT32 || this == INT64 || this == FLOAT32 || this == FLOAT64;
  }

  @Override
  public boolean castableFrom(ColumnType column) {
    if (column.family() == ColumnType.Family.NULL) {
      return true;
    }
    return switch (this) {
      case INT32, INT64, FLOAT32, FLOAT64 -> column.isNumeric();
      case STRING -> column.family() == ColumnType.Family.STRING;
      case BOOL -> column.family() == ColumnType.Family.BOOLEAN;
      case BYTES -> column.family() == ColumnType.Family.BLOB;
      case UNIX_TIMESTAMP ->
          column.family() == ColumnType.Family.TIMESTAMP
              || column.family() == ColumnType.Family.DATE;
    };
  }

  @Override
  public String toString() {
    return spelling;
  }
}
