package dev.larder.core.model;

/**
 * Feature types holding a document, spelt as Feast spells them: {@code Map} (string keys, scalar
 * values: integers, floats, text, booleans or null; Feast's {@code map_val}) and {@code Json} (any
 * JSON document, kept as its text; Feast's {@code json_val}).
 *
 * <p>In Java a {@code Map} value is an unmodifiable {@link java.util.Map} of {@link String} to
 * {@link Long}, {@link Double}, {@link String}, {@link Boolean} or {@code null}, in its keys'
 * order; a {@code Json} value is the {@link String} of its JSON text. In result files (CSV and
 * Parquet) both are JSON text.
 */
public enum DocumentType implements FeatureType {
  MAP("Map"),
  JSON("Json");

  private final String spelling;

  DocumentType(String spelling) {
    this.spelling = spelling;
  }

  @Override
  public String spelling() {
    return spelling;
  }

  @Override
  public boolean castableFrom(ColumnType column) {
    return switch (column.family()) {
      case NULL -> true;
      case MAP -> this == JSON || mapOfScalars(column);
      case STRING, JSON -> this == JSON;
      default -> false;
    };
  }

  /** Whether {@code column} is a map of text keys to numbers, text or booleans. */
  static boolean mapOfScalars(ColumnType column) {
    ColumnType.Family key = column.keyType().family();
    ColumnType.Family value = column.valueType().family();
    return key == ColumnType.Family.STRING
        && switch (value) {
          case INTEGER, FLOATING, STRING, BOOLEAN, NULL -> true;
          default -> false;
        };
  }

  @Override
  public String toString() {
    return spelling;
  }
}
