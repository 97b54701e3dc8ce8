package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The type of a feature ({@code dtype} in a view's schema): a {@link ScalarType} such as {@code
 * Float64}, an {@link ArrayType} such as {@code Array(Int64)}, or a {@link DocumentType} ({@code
 * Map}, {@code Json}).
 */
public sealed interface FeatureType permits ScalarType, ArrayType, DocumentType {
  /** The YAML spelling: {@code Float64}, {@code Array(Int64)}. */
  String spelling();

  /**
   * Whether a source column of type {@code column} can be read as this type: numbers cast to any
   * number type, {@code String} only from text, {@code Bool} only from booleans, {@code Bytes} only
   * from blobs, {@code UnixTimestamp} from timestamps and dates, arrays element-wise from lists. A
   * column of the {@code NULL} type (no values) casts to anything.
   */
  boolean castableFrom(ColumnType column);

  /** Parses a YAML spelling; an unknown one is an error with a suggestion and the valid forms. */
  static FeatureType parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.startsWith("Array(") && t.endsWith(")")) {
      String inner = t.substring("Array(".length(), t.length() - 1).strip();
      FeatureType element = parse(inner);
      if (element instanceof ScalarType scalar) {
        return new ArrayType(scalar);
      }
      throw new InvalidDefinitionException(
          "dtype "
              + Echo.of(text)
              + (element instanceof ArrayType
                  ? " nests arrays"
                  : " is an array of " + element.spelling() + ", which Larder does not hold")
              + "; use Array(<type>) with a scalar type inside");
    }
    for (ScalarType type : ScalarType.values()) {
      if (type.spelling().equals(t)) {
        return type;
      }
    }
    for (DocumentType type : DocumentType.values()) {
      if (type.spelling().equals(t)) {
        return type;
      }
    }
    List<String> spellings = new ArrayList<>();
    for (ScalarType type : ScalarType.values()) {
      spellings.add(type.spelling());
    }
    for (DocumentType type : DocumentType.values()) {
      spellings.add(type.spelling());
    }
    throw new InvalidDefinitionException(
        "dtype "
            + Echo.of(text)
            + " is not a feature type"
            + DidYouMean.sentenceEnd(t, spellings)
            + " Use one of "
            + String.join(", ", spellings)
            + " or Array(<type>)");
  }

  /**
   * The type a column of {@code column}'s type is most naturally declared as ({@code BIGINT} →
   * {@code Int64}, {@code DOUBLE[]} → {@code Array(Float64)}), for error messages; empty for
   * columns no feature type reads.
   */
  static Optional<FeatureType> naturalFor(ColumnType column) {
    FeatureType natural =
        switch (column.family()) {
          case INTEGER -> column.isWide() ? ScalarType.INT64 : ScalarType.INT32;
          case FLOATING -> column.isWide() ? ScalarType.FLOAT64 : ScalarType.FLOAT32;
          case STRING -> ScalarType.STRING;
          case BOOLEAN -> ScalarType.BOOL;
          case BLOB -> ScalarType.BYTES;
          case TIMESTAMP, DATE -> ScalarType.UNIX_TIMESTAMP;
          case LIST ->
              naturalFor(column.elementType())
                  .filter(ScalarType.class::isInstance)
                  .map(e -> new ArrayType((ScalarType) e))
                  .orElse(null);
          case MAP -> DocumentType.mapOfScalars(column) ? DocumentType.MAP : DocumentType.JSON;
          case JSON -> DocumentType.JSON;
          case NULL, OTHER -> null;
        };
    return Optional.ofNullable(natural);
  }
}
