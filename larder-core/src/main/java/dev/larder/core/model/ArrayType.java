package dev.larder.core.model;

import java.util.Objects;

/** A feature type holding a list of values of one scalar type: {@code Array(Float64)}. */
public record ArrayType(ScalarType element) implements FeatureType {
  public ArrayType {
    Objects.requireNonNull(element, "element");
  }

  @Override
  public String spelling() {
    return "Array(" + element.spelling() + ")";
  }

  @Override
  public boolean castableFrom(ColumnType column) {
    return switch (column.family()) {
      case NULL -> true;
      case LIST -> element.castableFrom(column.elementType());
      default -> false;
    };
  }

  @Override
  public String toString() {
    return spelling();
  }
}
