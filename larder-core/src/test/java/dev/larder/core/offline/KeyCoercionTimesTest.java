package dev.larder.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import dev.larder.core.model.ValueType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** UNIX_TIMESTAMP join keys take the one time parser's forms, as JSON entity values carry them. */
class KeyCoercionTimesTest {
  static final JoinKey SEEN =
      new JoinKey("seen", "seen", "seen", ValueType.UNIX_TIMESTAMP, "visit");

  @Test
  void textAndEpochSecondsAreTimes() {
    Instant t = Instant.parse("2022-05-13T10:59:42Z");
    assertThat(KeyCoercion.value("2022-05-13 10:59:42+00:00", SEEN, () -> "k")).isEqualTo(t);
    assertThat(KeyCoercion.value(1652439582L, SEEN, () -> "k")).isEqualTo(t);
    assertThat(KeyCoercion.value(1652439582.0000005, SEEN, () -> "k")).isEqualTo(t);
    assertThatThrownBy(() -> KeyCoercion.value("soon", SEEN, () -> "entity column 'seen' (row 0)"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("entity column 'seen' (row 0) is not an ISO-8601 time: 'soon'");
  }
}
