package dev.larder.core.model;

import dev.larder.core.DidYouMean;
import dev.larder.core.Echo;
import dev.larder.core.InvalidDefinitionException;
import java.util.Arrays;
import java.util.List;

/** The type of an entity's join keys, spelt as in Feast ({@code value_type: INT64}). */
public enum ValueType {
  INT32(ScalarType.INT32),
  INT64(ScalarType.INT64),
  FLOAT32(ScalarType.FLOAT32),
  FLOAT64(ScalarType.FLOAT64),
  STRING(ScalarType.STRING),
  BOOL(ScalarType.BOOL),
  BYTES(ScalarType.BYTES),
  UNIX_TIMESTAMP(ScalarType.UNIX_TIMESTAMP);

  private static final List<String> SPELLINGS =
      Arrays.stream(values()).map(ValueType::name).toList();

  private final ScalarType featureType;

  ValueType(ScalarType featureType) {
    this.featureType = featureType;
  }

  /** The feature type with the same values, whose casting rules apply to join-key columns. */
  public ScalarType featureType() {
    return featureType;
  }

  /** Parses the YAML spelling ({@code INT64}); an unknown spelling is an error listing them all. */
  public static ValueType parse(String text) {
    for (ValueType type : values()) {
      if (type.name().equals(text)) {
        return type;
      }
    }
    throw new InvalidDefinitionException(
        "value_type "
            + Echo.of(text)
            + " is not a value type"
            + DidYouMean.sentenceEnd(text, SPELLINGS)
            + " Use one of "
            + String.join(", ", SPELLINGS));
  }
}
