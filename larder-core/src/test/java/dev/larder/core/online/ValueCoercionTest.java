package dev.larder.core.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ArrayType;
import dev.larder.core.model.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCoercionTest {
  @Test
  void bytesComeFromByteArraysOrBase64TextAsJsonCarriesThem() {
    byte[] raw = {0, 1, 2, (byte) 0xff};
    assertThat((byte[]) ValueCoercion.feature(raw, ScalarType.BYTES, () -> "column 'b' row 0"))
        .containsExactly(raw);
    assertThat((byte[]) ValueCoercion.feature("AAEC/w==", ScalarType.BYTES, () -> "b"))
        .containsExactly(raw);
    assertThat((byte[]) ValueCoercion.feature("AAEC/w", ScalarType.BYTES, () -> "b"))
        .containsExactly(raw);
    assertThat(
            ValueCoercion.feature(
                List.of("AA==", "AQ=="), new ArrayType(ScalarType.BYTES), () -> "b"))
        .asList()
        .satisfiesExactly(
            a -> assertThat((byte[]) a).containsExactly(0),
            a -> assertThat((byte[]) a).containsExactly(1));
  }

  @Test
  void textThatIsNotBase64AndOtherValuesAreRefusedByName() {
    assertThatThrownBy(
            () -> ValueCoercion.feature("not base64!", ScalarType.BYTES, () -> "column 'b' row 3"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("column 'b' row 3 holds text that is not base64");
    assertThatThrownBy(() -> ValueCoercion.feature(12L, ScalarType.BYTES, () -> "column 'b' row 0"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("does not convert to Bytes")
        .satisfies(
            e ->
                assertThat(((InvalidArgumentException) e).hint())
                    .contains("byte[] or base64 text"));
  }
}
