package dev.larder.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

  @Test
  void formatsAndParsesTheFixedUtcForm() {
    Instant instant = Instant.parse("2025-03-04T05:06:07Z");

    assertThat(TimestampText.format(instant)).isEqualTo("2025-03-04T05:06:07Z");
    assertThat(TimestampText.parse("2025-03-04T05:06:07Z")).isEqualTo(instant);
    assertThat(TimestampText.parse("2024-02-29T23:59:59Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    assertThat(TimestampText.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void rejectsOtherFormsAndTimesThatDoNotExist() {
    for (String text :
        new String[] {
          "2025-03-04 05:06:07Z",
          "2025-03-04T05:06:07.5Z",
          "2025-03-04T05:06:07+01:00",
          "2025-03-04T05:06:07",
          "2025-03-04",
          "2025-13-01T00:00:00Z",
          "2025-02-29T00:00:00Z",
          "2025-03-04T24:00:00Z",
          "2025-0a-04T05:06:07Z"
        }) {
      assertThatThrownBy(() -> TimestampText.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void onlyWholeSecondsHaveATextForm() {
    assertThatThrownBy(() -> TimestampText.format(Instant.parse("2025-03-04T05:06:07.001Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
