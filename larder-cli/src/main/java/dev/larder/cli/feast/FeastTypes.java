package dev.larder.cli.feast;

import dev.larder.cli.feast.proto.ValueType;
import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.model.FeatureType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** How Feast's value types become Larder's feature types and join-key types. */
final class FeastTypes {
  /** Feast's value types and the Larder dtype spelling each is carried over as. */
  private static final Map<ValueType.Enum, String> DTYPES = new EnumMap<>(ValueType.Enum.class);

  static {
    DTYPES.put(ValueType.Enum.INT32, "Int32");
    DTYPES.put(ValueType.Enum.INT64, "Int64");
    DTYPES.put(ValueType.Enum.FLOAT, "Float32");
    DTYPES.put(ValueType.Enum.DOUBLE, "Float64");
    DTYPES.put(ValueType.Enum.STRING, "String");
    DTYPES.put(ValueType.Enum.BOOL, "Bool");
    DTYPES.put(ValueType.Enum.BYTES, "Bytes");
    DTYPES.put(ValueType.Enum.UNIX_TIMESTAMP, "UnixTimestamp");
    DTYPES.put(ValueType.Enum.INT32_LIST, "Array(Int32)");
    DTYPES.put(ValueType.Enum.INT64_LIST, "Array(Int64)");
    DTYPES.put(ValueType.Enum.FLOAT_LIST, "Array(Float32)");
    DTYPES.put(ValueType.Enum.DOUBLE_LIST, "Array(Float64)");
    DTYPES.put(ValueType.Enum.STRING_LIST, "Array(String)");
    DTYPES.put(ValueType.Enum.BOOL_LIST, "Array(Bool)");
    DTYPES.put(ValueType.Enum.BYTES_LIST, "Array(Bytes)");
    DTYPES.put(ValueType.Enum.UNIX_TIMESTAMP_LIST, "Array(UnixTimestamp)");
    // carried over when this Larder has the type (FeatureType.parse decides)
    DTYPES.put(ValueType.Enum.MAP, "Map");
    DTYPES.put(ValueType.Enum.JSON, "Json");
  }

  private FeastTypes() {}

  /** The Larder feature type of Feast's {@code type}, or empty when Larder has none. */
  static Optional<FeatureType> featureType(ValueType.Enum type) {
    String spelling = DTYPES.get(type);
    if (spelling == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(FeatureType.parse(spelling));
    } catch (InvalidDefinitionException e) {
      return Optional.empty();
    }
  }

  /** The Larder join-key type of Feast's {@code type}, or empty when Larder has none. */
  static Optional<dev.larder.core.model.ValueType> keyType(ValueType.Enum type) {
    return Optional.ofNullable(
        switch (type) {
          case INT32 -> dev.larder.core.model.ValueType.INT32;
          case INT64 -> dev.larder.core.model.ValueType.INT64;
          case FLOAT -> dev.larder.core.model.ValueType.FLOAT32;
          case DOUBLE -> dev.larder.core.model.ValueType.FLOAT64;
          case STRING -> dev.larder.core.model.ValueType.STRING;
          case BOOL -> dev.larder.core.model.ValueType.BOOL;
          case BYTES -> dev.larder.core.model.ValueType.BYTES;
          case UNIX_TIMESTAMP -> dev.larder.core.model.ValueType.UNIX_TIMESTAMP;
          default -> null;
        });
  }

  /** Feast's name of {@code type}: {@code INT64}, {@code STRUCT}, or its number when unknown. */
  static String feastName(ValueType.Enum type) {
    return type == ValueType.Enum.UNRECOGNIZED ? "an unknown type" : type.name();
  }
}
