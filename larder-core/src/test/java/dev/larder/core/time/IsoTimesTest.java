package dev.larder.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.core.InvalidArgumentException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoTimesTest {

  @Test
  void dateAloneIsMidnightUtc() {
    assertThat(IsoTimes.parse("--as-of", "2025-11-01"))
        .isEqualTo(Instant.parse("2025-11-01T00:00:00Z"));
  }

  @Test
  void localDateTimeIsUtcWhateverTheJvmZone() {
    assertThat(IsoTimes.parse("t", "2025-11-01T12:30:00"))
        .isEqualTo(Instant.parse("2025-11-01T12:30:00Z"));
    assertThat(IsoTimes.parse("t", "2025-11-01 12:30"))
        .isEqualTo(Instant.parse("2025-11-01T12:30:00Z"));
  }

  @Test
  void offsetsAreConvertedToUtc() {
    assertThat(IsoTimes.parse("t", "2025-11-01T12:00:00+02:00"))
        .isEqualTo(Instant.parse("2025-11-01T10:00:00Z"));
    assertThat(IsoTimes.parse("t", "2025-11-01T12:00:00-05:30"))
        .isEqualTo(Instant.parse("2025-11-01T17:30:00Z"));
    assertThat(IsoTimes.parse("t", "2025-11-01T12:00:00.250Z"))
        .isEqualTo(Instant.parse("2025-11-01T12:00:00.250Z"));
  }

  @Test
  void formatDropsZeroFractions() {
    assertThat(IsoTimes.format(Instant.parse("2025-03-04T05:06:07Z")))
        .isEqualTo("2025-03-04T05:06:07Z");
    assertThat(IsoTimes.format(Instant.parse("2025-03-04T05:06:07.5Z")))
        .isEqualTo("2025-03-04T05:06:07.500Z");
  }

  @Test
  void garbageNamesTheOptionAndTheAcceptedForms() {
    assertThatThrownBy(() -> IsoTimes.parse("--as-of", "yesterday"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("--as-of")
        .hasMessageContaining("yesterday")
        .satisfies(
            e ->
                assertThat(((InvalidArgumentException) e).hint())
                    .contains("2022-05-13 10:59:42+00:00"));
    assertThatThrownBy(() -> IsoTimes.parse("--as-of", "2025-13-01"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void timesOutsideTheYears1To9999AreRefused() {
    // "-999999999-01-01T00:00:00Z" parsed, then overflowed the stores' microseconds
    // (ArithmeticException, a 500 from POST /materialize)
    assertThatThrownBy(() -> IsoTimes.parse("field 'start_ts'", "-999999999-01-01T00:00:00Z"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "field 'start_ts' is -999999999-01-01T00:00:00Z, outside the years 0001 to 9999");
    assertThatThrownBy(() -> IsoTimes.parse("t", "+10000-01-01T00:00:00Z"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> IsoTimes.parse("t", "0000-12-31T23:59:59+00:00"))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(IsoTimes.parse("t", "0001-01-01")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(IsoTimes.parse("t", "9999-12-31T23:59:59.999999Z"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
  }

  @Test
  void everyFormFeastsDocumentsAndClientsSend() {
    Instant t = Instant.parse("2022-05-13T10:59:42Z");
    // Feast's push example, Python's str(datetime), isoformat(), pandas' str(Timestamp)
    assertThat(IsoTimes.parse("t", "2022-05-13 10:59:42+00:00")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13 10:59:42")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13T10:59:42")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13T10:59:42z")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13 10:59:42 UTC")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13T12:59:42+0200")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13T07:59:42-03")).isEqualTo(t);
    assertThat(IsoTimes.parse("t", "2022-05-13 10:59:42.123456"))
        .isEqualTo(Instant.parse("2022-05-13T10:59:42.123456Z"));
    assertThat(IsoTimes.parse("t", "2022-05-13T10:59:42.1+00:00"))
        .isEqualTo(Instant.parse("2022-05-13T10:59:42.100Z"));
    assertThat(IsoTimes.parse("t", "2022-05-13 10:59:42.123456789Z"))
        .isEqualTo(Instant.parse("2022-05-13T10:59:42.123456789Z"));
    assertThat(IsoTimes.parse("t", "2022-05-13")).isEqualTo(Instant.parse("2022-05-13T00:00:00Z"));
  }

  @Test
  void numbersAreSecondsSince1970() {
    assertThat(IsoTimes.parse("t", (Object) 1652439582L))
        .isEqualTo(Instant.parse("2022-05-13T10:59:42Z"));
    assertThat(IsoTimes.parse("t", (Object) 1652439582.25))
        .isEqualTo(Instant.parse("2022-05-13T10:59:42.250Z"));
    assertThat(IsoTimes.parse("t", (Object) new java.math.BigDecimal("-0.5")))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.500Z"));
    assertThat(IsoTimes.parse("t", (Object) "2022-05-13"))
        .isEqualTo(Instant.parse("2022-05-13T00:00:00Z"));
    assertThatThrownBy(() -> IsoTimes.parse("t", (Object) 1e300))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("outside the years 0001 to 9999");
  }

  @Test
  void nearMissesAreErrorsShowingAnAcceptedExample() {
    for (String bad :
        List.of(
            "2022-05-13T10",
            "2022/05/13",
            "13-05-2022",
            "2022-05-13T10:59:42+25:00",
            "2022-05-13T10:59:60",
            "2022-05-13 10:59:42 PST",
            "1652439582")) {
      assertThatThrownBy(() -> IsoTimes.parse("field 'end_ts'", bad))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageStartingWith("field 'end_ts' is not an ISO-8601 time: '" + bad + "'")
          .satisfies(
              e ->
                  assertThat(((InvalidArgumentException) e).hint())
                      .contains("2022-05-13 10:59:42+00:00"));
    }
    assertThatThrownBy(() -> IsoTimes.parse("t", (Object) true))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("t is not an ISO-8601 time: ");
  }
}
