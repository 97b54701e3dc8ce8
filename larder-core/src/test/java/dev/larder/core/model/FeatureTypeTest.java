package dev.larder.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidDefinitionException;
import dev.larder.core.offline.duckdb.DuckDbTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureTypeTest {

  @ParameterizedTest
  @CsvSource({
    "Int32, INT32",
    "Int64, INT64",
    "Float32, FLOAT32",
    "Float64, FLOAT64",
    "String, STRING",
    "Bool, BOOL",
    "Bytes, BYTES",
    "UnixTimestamp, UNIX_TIMESTAMP"
  })
  void scalarSpellingsParseAndFormat(String spelling, ScalarType expected) {
    assertThat(FeatureType.parse(spelling)).isEqualTo(expected);
    assertThat(expected.spelling()).isEqualTo(spelling);
  }

  @Test
  void arraysWrapAScalar() {
    assertThat(FeatureType.parse("Array(Float64)")).isEqualTo(new ArrayType(ScalarType.FLOAT64));
    assertThat(FeatureType.parse(" Array( String ) ").spelling()).isEqualTo("Array(String)");
  }

  @Test
  void mapAndJsonAreSpeltAsInFeastAndReadMapsAndJsonText() {
    assertThat(FeatureType.parse("Map")).isEqualTo(DocumentType.MAP);
    assertThat(FeatureType.parse(" Json ")).isEqualTo(DocumentType.JSON);
    assertThatThrownBy(() -> FeatureType.parse("Array(Map)"))
        .hasMessageContaining("is an array of Map, which Larder does not hold");
    ColumnType map = DuckDbTypes.columnType("MAP(VARCHAR, DOUBLE)");
    assertThat(map).isEqualTo(ColumnType.mapOf(ColumnType.STRING, ColumnType.FLOAT64));
    assertThat(map.family()).isEqualTo(ColumnType.Family.MAP);
    assertThat(DuckDbTypes.sqlType(map)).isEqualTo("MAP(VARCHAR, DOUBLE)");
    assertThat(DocumentType.MAP.castableFrom(map)).isTrue();
    assertThat(DocumentType.MAP.castableFrom(DuckDbTypes.columnType("MAP(INTEGER, DOUBLE)")))
        .isFalse();
    assertThat(DocumentType.MAP.castableFrom(DuckDbTypes.columnType("MAP(VARCHAR, DOUBLE[])")))
        .isFalse();
    assertThat(DocumentType.MAP.castableFrom(ColumnType.STRING)).isFalse();
    assertThat(DocumentType.JSON.castableFrom(ColumnType.STRING)).isTrue();
    assertThat(DocumentType.JSON.castableFrom(DuckDbTypes.columnType("JSON"))).isTrue();
    assertThat(DocumentType.JSON.castableFrom(map)).isTrue();
    assertThat(DocumentType.JSON.castableFrom(ColumnType.INT64)).isFalse();
    assertThat(FeatureType.naturalFor(map)).contains(DocumentType.MAP);
    assertThat(FeatureType.naturalFor(DuckDbTypes.columnType("JSON"))).contains(DocumentType.JSON);
    assertThat(ColumnType.of(DocumentType.MAP)).isEqualTo(ColumnType.JSON);
  }

  @Test
  void unknownSpellingSuggestsTheClosestAndListsAll() {
    assertThatThrownBy(() -> FeatureType.parse("float64"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "dtype 'float64' is not a feature type; did you mean 'Float64'? Use one of Int32,"
                + " Int64, Float32, Float64, String, Bool, Bytes, UnixTimestamp, Map, Json or"
                + " Array(<type>)");
    assertThatThrownBy(() -> FeatureType.parse("Decimal"))
        .hasMessageStartingWith("dtype 'Decimal' is not a feature type. Use one of");
    assertThatThrownBy(() -> FeatureType.parse("Array(Array(Int64))"))
        .hasMessageContaining("nests arrays");
  }

  @ParameterizedTest(name = "{0} from {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Float64 | DOUBLE | true",
        "Float64 | BIGINT | true",
        "Float64 | DECIMAL(10,2) | true",
        "Float32 | DOUBLE | true",
        "Int64 | BIGINT | true",
        "Int64 | INTEGER | true",
        "Int64 | DOUBLE | true",
        "Int32 | UBIGINT | true",
        "Int64 | VARCHAR | false",
        "Float64 | BOOLEAN | false",
        "Float64 | TIMESTAMP | false",
        "String | VARCHAR | true",
        "String | BIGINT | false",
        "String | BLOB | false",
        "Bool | BOOLEAN | true",
        "Bool | INTEGER | false",
        "Bytes | BLOB | true",
        "Bytes | VARCHAR | false",
        "UnixTimestamp | TIMESTAMP | true",
        "UnixTimestamp | TIMESTAMP WITH TIME ZONE | true",
        "UnixTimestamp | TIMESTAMP_NS | true",
        "UnixTimestamp | DATE | true",
        "UnixTimestamp | BIGINT | false",
        "UnixTimestamp | VARCHAR | false",
        "Array(Float64) | DOUBLE[] | true",
        "Array(Float64) | INTEGER[3] | true",
        "Array(String) | VARCHAR[] | true",
        "Array(String) | DOUBLE[] | false",
        "Array(Float64) | DOUBLE | false",
        "Float64 | DOUBLE[] | false",
        "Float64 | NULL | true",
        "String | STRUCT(a INTEGER) | false",
        "Int64 | INTERVAL | false"
      })
  void castability(String dtype, String column, boolean castable) {
    assertThat(FeatureType.parse(dtype).castableFrom(DuckDbTypes.columnType(column)))
        .isEqualTo(castable);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "BIGINT | Int64",
        "INTEGER | Int32",
        "DOUBLE | Float64",
        "FLOAT | Float32",
        "VARCHAR | String",
        "BOOLEAN | Bool",
        "BLOB | Bytes",
        "TIMESTAMP WITH TIME ZONE | UnixTimestamp",
        "DOUBLE[] | Array(Float64)"
      })
  void naturalTypeOfAColumn(String column, String dtype) {
    assertThat(FeatureType.naturalFor(DuckDbTypes.columnType(column)).orElseThrow().spelling())
        .isEqualTo(dtype);
  }

  @Test
  void valueTypesParseTheirNameAndMapToAFeatureType() {
    assertThat(ValueType.parse("UNIX_TIMESTAMP")).isEqualTo(ValueType.UNIX_TIMESTAMP);
    assertThat(ValueType.INT64.featureType()).isEqualTo(ScalarType.INT64);
    assertThatThrownBy(() -> ValueType.parse("int64"))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "value_type 'int64' is not a value type; did you mean 'INT64'? Use one of INT32,"
                + " INT64, FLOAT32, FLOAT64, STRING, BOOL, BYTES, UNIX_TIMESTAMP");
  }
}
